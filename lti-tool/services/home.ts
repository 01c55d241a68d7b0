import type { Db } from '../db';
import { authorize, type Actor } from '../policies';
import type { ContextRow, NetworkRow } from '../../models/launches';
import { countActiveMembersByRole, listLeaders } from '../../models/members';

export type HomeView =
  | { kind: 'no-context' }
  | { kind: 'not-set-up' }
  | {
      kind: 'network';
      networkName: string;
      courseTitle: string | null;
      counts?: Record<string, number>;
      rosterSyncedAt?: Date | null;
      leaders: Array<{ name: string | null; email: string | null }>;
      canManage: boolean;
    };

/** What the launch's home page shows; leaders and staff see member counts, everyone sees the leaders. */
export async function homeFor(db: Db, launch: Actor & { context?: ContextRow; network?: NetworkRow }): Promise<HomeView> {
  if (!launch.context) return { kind: 'no-context' };
  if (!launch.network) return { kind: 'not-set-up' };
  const seesCounts = authorize(launch, 'roster.read');
  const [leaders, counts] = await Promise.all([
    listLeaders(db, launch.context.id),
    seesCounts ? countActiveMembersByRole(db, launch.context.id) : undefined,
  ]);
  return {
    kind: 'network',
    networkName: launch.network.name,
    courseTitle: launch.context.title,
    counts,
    rosterSyncedAt: seesCounts ? launch.context.rosterSyncedAt : undefined,
    leaders,
    canManage: authorize(launch, 'settings.edit'),
  };
}
