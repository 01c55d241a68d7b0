import type { Db } from '../../db';
import { resolveLanguage, translator } from '../../i18n';
import { assignmentName } from '../../i18n/assignment-name';
import { findGrade } from '../../../models/grading';
import { findAssignmentOfNetwork, findNetworkCourse, latestScoredAt } from '../../../models/progress';
import type { GradeChanged } from '../grading/grade-changed';
import { scoreOf } from '../grading/scale';
import { queueScore } from '../grades';
import { assignmentResourceId } from './line-items';
import { loadScaleSetUp } from '../grading/setup';
import { scoreTimeAfter } from './score-time';

/** What the score's comment may hold (our outbox's limit; Moodle keeps feedback as text of any length). */
export const maxScoreComment = 10_000;

/** Feedback as the platform's comment: plain text as written, cut at the limit with an ellipsis. */
export function scoreCommentOf(feedback: string): string | undefined {
  const text = feedback.trim();
  if (!text) return undefined;
  return text.length <= maxScoreComment ? text : `${text.slice(0, maxScoreComment - 1)}…`;
}

/**
 * A released grade goes to the assignment's own column (FullyGraded, Completed, the feedback as comment); a
 * released grade hidden again sends a score without scoreGiven (Submitted, PendingManual), so Moodle clears
 * the grade. Other changes (saving in grading, grading before release) send nothing.
 */
export async function queueAssignmentScore(tx: Db, event: GradeChanged): Promise<void> {
  const released = event.state === 'released';
  const unreleased = event.previousState === 'released' && event.state !== 'released';
  if (!released && !unreleased) return;
  const grade = await findGrade(tx, event.assignmentId, event.participantId);
  const assignment = await findAssignmentOfNetwork(tx, event.networkId, event.assignmentId);
  const course = await findNetworkCourse(tx, event.networkId);
  const setUp = await loadScaleSetUp(tx, event.assignmentId);
  if (!grade || !assignment || !course) return;
  const label = assignmentName(translator(resolveLanguage(course.language)), assignment);
  const resourceId = assignmentResourceId(assignment.id);
  const latest = await latestScoredAt(tx, event.contextId, resourceId, [event.participantId]);
  const timestamp = scoreTimeAfter(new Date(), latest.get(event.participantId));
  const base = { contextId: event.contextId, userId: event.participantId, resourceId, label, timestamp };
  if (unreleased) {
    const maximum = setUp.scale === 'points' && setUp.maxPoints ? setUp.maxPoints : 1;
    await queueScore(tx, { ...base, scoreMaximum: maximum, activityProgress: 'Submitted', gradingProgress: 'PendingManual' });
    return;
  }
  const score = scoreOf(setUp, grade);
  // A released grade without a result cannot be scored; the grading service refuses to release one.
  if (!score) return;
  await queueScore(tx, { ...base, ...score, activityProgress: 'Completed', gradingProgress: 'FullyGraded', comment: scoreCommentOf(grade.feedback) });
}
