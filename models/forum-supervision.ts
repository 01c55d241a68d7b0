import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { forums, forumThreads, type ForumKind, type SupervisionPhase } from './schema';

export interface SupervisionThreadRow {
  id: number;
  networkId: number;
  forumId: number;
  forumKind: ForumKind;
  /** The conversation group of a group forum, else null. */
  groupId: number | null;
  phase: SupervisionPhase | null;
  casePresenterId: number | null;
  facilitatorId: number | null;
}

/**
 * A live supervision thread of this network, locked until the transaction ends: two facilitators clicking
 * "open the next phase" at once queue here, and the second sees the phase the first opened.
 */
export async function lockSupervisionThread(tx: Db, networkId: number, threadId: number): Promise<SupervisionThreadRow | undefined> {
  const [row] = await tx
    .select({
      id: forumThreads.id,
      networkId: forumThreads.networkId,
      forumId: forumThreads.forumId,
      forumKind: forums.kind,
      groupId: forums.groupId,
      phase: forumThreads.phase,
      casePresenterId: forumThreads.casePresenterId,
      facilitatorId: forumThreads.facilitatorId,
    })
    .from(forumThreads)
    .innerJoin(forums, eq(forums.id, forumThreads.forumId))
    .where(and(eq(forumThreads.id, threadId), eq(forumThreads.networkId, networkId), eq(forumThreads.kind, 'supervision'), isNull(forumThreads.deletedAt)))
    .for('update', { of: forumThreads });
  return row;
}

export async function setThreadPhase(tx: Db, threadId: number, phase: SupervisionPhase): Promise<void> {
  await tx.update(forumThreads).set({ phase }).where(eq(forumThreads.id, threadId));
}
