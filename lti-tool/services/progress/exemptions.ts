import { z } from 'zod';
import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import { assertAllowed, networkOf, type Actor } from '../../policies';
import { deleteExemption, listNetworkAssignments, listNetworkMeetings, listParticipants, saveExemption } from '../../../models/progress';
import { listPublishedForms } from '../../../models/evaluations';
import { exemptionKeys } from './pages';
import { recomputeProgress } from './recompute';

export const exemptionSchema = z.object({
  requirement: z.string().trim().min(1).max(40),
  reason: z.string().trim().min(1).max(500),
});
export type ExemptionInput = z.infer<typeof exemptionSchema>;

async function participantOfNetwork(db: Db, actor: Actor, participantId: number): Promise<number> {
  assertAllowed(actor, 'completion.manage');
  const networkId = networkOf(actor);
  const [participant] = await listParticipants(db, networkId, [participantId]);
  if (!participant) throw notFound(`user ${participantId} is not a participant of network ${networkId}`);
  return networkId;
}

/**
 * A leader waives one requirement (an assignment, one meeting, the gallery-walk feedback, one evaluation) for one participant,
 * with the reason, which their progress page shows; their progress is recomputed and sent at once.
 */
export async function addExemption(db: Db, actor: Actor, participantId: number, input: ExemptionInput): Promise<void> {
  const networkId = await participantOfNetwork(db, actor, participantId);
  const [assignmentRows, meetingRows, formRows] = await Promise.all([listNetworkAssignments(db, networkId), listNetworkMeetings(db, networkId), listPublishedForms(db, networkId)]);
  if (!exemptionKeys(assignmentRows, meetingRows, formRows).includes(input.requirement)) {
    throw new AppError(422, 'exemption_requirement_unknown', `${input.requirement} in network ${networkId}`);
  }
  await db.transaction(async (tx) => {
    await saveExemption(tx, { networkId, userId: participantId, requirement: input.requirement, reason: input.reason, grantedByUserId: actor.user.id });
    await recomputeProgress(tx, networkId, [participantId]);
  });
}

export async function removeExemption(db: Db, actor: Actor, participantId: number, exemptionId: number): Promise<void> {
  const networkId = await participantOfNetwork(db, actor, participantId);
  await db.transaction(async (tx) => {
    if (!(await deleteExemption(tx, networkId, participantId, exemptionId))) throw notFound(`exemption ${exemptionId} of ${participantId}`);
    await recomputeProgress(tx, networkId, [participantId]);
  });
}
