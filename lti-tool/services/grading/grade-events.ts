import type { Db } from '../../db';
import type { GradeChanged } from './grade-changed';
import { queueAssignmentScore } from '../progress/assignment-scores';
import { recomputeProgress } from '../progress/recompute';
import { noticeGradeReleased } from './release-notice';

export type { GradeChanged };


/**
 * Everything a grade change sets off, in the transaction that saved it, so nothing is done for a change that
 * was rolled back: a released grade goes to the platform's gradebook, the participant's progress is
 * recomputed (and queued when it changed), and a newly released grade tells the participant.
 */
export async function afterGradeChanged(tx: Db, event: GradeChanged): Promise<void> {
  await queueAssignmentScore(tx, event);
  await recomputeProgress(tx, event.networkId, [event.participantId]);
  await noticeGradeReleased(tx, event);
}
