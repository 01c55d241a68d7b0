import type { Db } from '../db';
import { authorize, type Actor } from '../policies';
import type { ContextRow, NetworkRow } from '../../models/launches';
import { countActiveMembersByRole, listLeaders } from '../../models/members';
import { todoFor, type Todo } from './home-todo';

export type HomeView =
  | { kind: 'no-context' }
  | { kind: 'not-set-up' }
  | {
      kind: 'network';
      networkName: string;
      courseTitle: string | null;
      counts?: Record<string, number>;
      rosterSyncedAt?: Date | null;
      /** The leader's first launch: the roster has never been read and the background read is under way. */
      rosterReading: boolean;
      /** What this person has to do, or nothing for a role that has no list. */
      todo?: Todo;
      leaders: Array<{ name: string | null; email: string | null }>;
      canManage: boolean;
    };

/** What the launch's home page shows: the person's to-do list; leaders and staff see member counts, everyone sees the leaders. */
export async function homeFor(db: Db, launch: Actor & { context?: ContextRow; network?: NetworkRow }, now = new Date(), options: { dataDir?: string } = {}): Promise<HomeView> {
  if (!launch.context) return { kind: 'no-context' };
  if (!launch.network) return { kind: 'not-set-up' };
  const seesCounts = authorize(launch, 'roster.read');
  const [leaders, counts, todo] = await Promise.all([
    listLeaders(db, launch.context.id),
    seesCounts ? countActiveMembersByRole(db, launch.context.id) : undefined,
    authorize(launch, 'year.read') ? todoFor(db, launch, now, options) : undefined,
  ]);
  return {
    kind: 'network',
    networkName: launch.network.name,
    courseTitle: launch.context.title,
    counts,
    rosterSyncedAt: seesCounts ? launch.context.rosterSyncedAt : undefined,
    rosterReading: seesCounts && launch.context.rosterSyncedAt === null && launch.context.membershipsUrl !== null,
    todo,
    leaders,
    canManage: authorize(launch, 'settings.edit'),
  };
}
