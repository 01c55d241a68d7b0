import { z } from 'zod';
import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import { publishLive } from '../../live/publish';
import { assertAllowed, authorize, contextOf, networkOf, type Actor } from '../../policies';
import { lockSupervisionThread, setThreadPhase } from '../../../models/forum-supervision';
import { listGroupMembers } from '../../../models/groups';
import { forumTopic } from './types';
import { currentPhaseOf, nextPhaseAfter, supervisionPhases, type SupervisionPhase } from './supervision-rules';

/** The facilitator's "open the next phase" form: the phase they saw open, so a stale page opens nothing. */
export const openPhaseSchema = z.object({ expectedCurrent: z.enum(supervisionPhases) });

/**
 * Opens the phase after `expectedCurrent` in a supervision thread of the actor's network. Only the thread's
 * facilitator or a leader may; when the phase has moved on since the page was drawn (another facilitator, a
 * double click) nothing is opened (409), so one click opens one phase. The live event goes out on commit and
 * names the forum, so the live stream can keep a group's events to those who may read the group's forum.
 */
export async function openNextPhase(db: Db, actor: Actor, threadId: number, expectedCurrent: SupervisionPhase): Promise<{ phase: SupervisionPhase }> {
  const networkId = networkOf(actor);
  return db.transaction(async (tx) => {
    const thread = await lockSupervisionThread(tx, networkId, threadId);
    if (!thread) throw notFound(`supervision thread ${threadId} is not in network ${networkId}`);
    // A group's thread is not there for whoever may not read the group's forum (a facilitator moved out of the group).
    const groupMemberIds = thread.groupId === null ? [] : (await listGroupMembers(tx, contextOf(actor), [thread.groupId])).map((member) => member.userId);
    if (!authorize(actor, 'forum.read', { kind: thread.forumKind, groupMemberIds })) throw notFound(`forum ${thread.forumId} is not readable by user ${actor.user.id}`);
    assertAllowed(actor, 'forum.openPhase', { facilitatorId: thread.facilitatorId });
    const current = currentPhaseOf(thread);
    if (current !== expectedCurrent) throw new AppError(409, 'supervision_phase_moved', `thread ${threadId} is at ${current}, not ${expectedCurrent}`);
    const phase = nextPhaseAfter(current);
    if (!phase) throw new AppError(409, 'supervision_last_phase', `thread ${threadId} is at its last phase`);
    await setThreadPhase(tx, threadId, phase);
    await publishLive(tx, forumTopic(networkId), 'phase', { threadId, forumId: thread.forumId, groupId: thread.groupId, phase });
    return { phase };
  });
}
