import type { Db } from '../../db';
import { AppError } from '../../errors';
import { authorize, networkOf, type Actor } from '../../policies';
import { findGrade, findUserName, listGradeHistory, participantActivity, type GradeRow } from '../../../models/grading';
import { findSubmission } from '../../../models/submissions';
import { viewableSubmission, type ViewableSubmission } from '../submissions';
import { allocatedGradersOf } from './allocations';
import { markingPanelFor, type MarkingPanel } from './marking-panel';
import { commentBankOf } from './comment-bank';
import { commentField, levelField } from './grade-form';
import { assertGrader, gradingStateOf, type GradingState } from './grading-list';
import { participantInScope } from './participant';
import { assignmentInScope, gradingSetUpFor } from './setup';

// A submission with no version to show (nothing uploaded yet) is a page without a deck, not an error page.
const noDeck = (error: unknown) => {
  if (error instanceof AppError && error.status === 404) return null;
  throw error;
};

/** The form's fields as the saved grade has them (the page shows these unless a refused post's own values). */
export function formValuesOf(grade: GradeRow | undefined): Record<string, string> {
  if (!grade) return { passed: '', points: '', feedback: '', privateNotes: '', version: '' };
  const values: Record<string, string> = {
    passed: grade.passed === null ? '' : grade.passed ? 'pass' : 'again',
    points: grade.points === null ? '' : String(grade.points),
    feedback: grade.feedback,
    privateNotes: grade.privateNotes,
    version: String(grade.version),
  };
  for (const judgement of grade.criteria) {
    values[levelField(judgement.criterionId)] = judgement.level ?? '';
    values[commentField(judgement.criterionId)] = judgement.comment;
  }
  return values;
}

/**
 * The grading page: the participant's deck with its notes, what they did around it (gallery feedback given
 * and received, answers to feedback, posts in their group), the set-up's criteria and scale, the grade with
 * who graded it and its history, the comment bank, and C's double-marking panel when the assignment has one.
 */
export async function gradingPage(db: Db, actor: Actor, assignmentId: number, participantId: number) {
  assertGrader(actor);
  const assignment = await assignmentInScope(db, actor, assignmentId);
  await participantInScope(db, actor, assignment, participantId);
  const networkId = networkOf(actor);
  const [setUp, grade, name, submission, activity, bank, marking, allocated] = await Promise.all([
    gradingSetUpFor(db, assignment),
    findGrade(db, assignment.id, participantId),
    findUserName(db, participantId),
    findSubmission(db, assignment.id, participantId),
    participantActivity(db, networkId, assignment.id, participantId),
    commentBankOf(db, actor),
    markingPanelFor(db, actor, assignment.id, participantId),
    allocatedGradersOf(db, networkId, participantId),
  ]);
  const readsNotes = authorize(actor, 'grade.readNotes');
  const [deck, history, gradedByName, releasedByName] = await Promise.all([
    submission ? viewableSubmission(db, actor, assignment.id, submission.id).catch(noDeck) : null,
    grade && readsNotes ? listGradeHistory(db, grade.id) : [],
    grade?.gradedByUserId ? findUserName(db, grade.gradedByUserId) : null,
    grade?.releasedByUserId ? findUserName(db, grade.releasedByUserId) : null,
  ]);
  const state: GradingState = gradingStateOf(grade);
  return {
    assignment,
    participant: { id: participantId, name },
    setUp,
    grade,
    state,
    gradedByName,
    releasedByName,
    history,
    deck: deck as ViewableSubmission | null,
    activity,
    bank,
    marking: marking as MarkingPanel | null,
    mayGive: authorize(actor, 'grade.give', { allocatedGraderIds: allocated }),
    mayRelease: authorize(actor, 'grade.release'),
    mayEditBank: authorize(actor, 'commentBank.edit'),
    readsNotes,
    showsForm: !(marking?.replacesGradeForm ?? false) && !setUp.doubleMarking,
  };
}
