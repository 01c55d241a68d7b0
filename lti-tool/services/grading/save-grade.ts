import type { Db } from '../../db';
import { AppError } from '../../errors';
import { assertAllowed, contextOf, networkOf, type Actor } from '../../policies';
import { findGrade, listGradesOfAssignment, type GradeFields, type GradeRow } from '../../../models/grading';
import type { AssignmentRow } from '../../../models/assignments';
import { allocatedGradersOf } from './allocations';
import { writeGrade } from './grade-write';
import type { GradeForm } from './grade-form';
import { gradingSetUpFor, assignmentInScope } from './setup';
import { participantInScope } from './participant';
import { countBankPhrasesUsed } from './comment-bank';

/** Grading this participant: leaders always, staff when allocated to them or to nobody; both within this network. */
export async function assertMayGrade(db: Db, actor: Actor, assignmentId: number, participantId: number): Promise<AssignmentRow> {
  const assignment = await assignmentInScope(db, actor, assignmentId);
  await participantInScope(db, actor, assignment, participantId);
  assertAllowed(actor, 'grade.give', { allocatedGraderIds: await allocatedGradersOf(db, networkOf(actor), participantId) });
  return assignment;
}

const where = (actor: Actor, assignmentId: number, participantId: number) => ({ networkId: networkOf(actor), contextId: contextOf(actor), assignmentId, participantId });

const fieldsOf = (grade: GradeRow): GradeFields => ({
  state: grade.state,
  passed: grade.passed,
  points: grade.points,
  criteria: grade.criteria,
  feedback: grade.feedback,
  privateNotes: grade.privateNotes,
  gradedByUserId: grade.gradedByUserId,
  gradedAt: grade.gradedAt,
  releasedAt: grade.releasedAt,
  releasedByUserId: grade.releasedByUserId,
});

/**
 * Saves a grade from the grading form: "Save draft" leaves it in grading, "Mark as graded" finishes it; a
 * released grade stays released (the platform gets the new result). Refused with 409 when the assignment is
 * double marked (the grade then comes from the agreement) or when someone saved since the form was loaded.
 */
export async function saveGrade(db: Db, actor: Actor, assignmentId: number, participantId: number, form: GradeForm, now = new Date()): Promise<GradeRow> {
  const assignment = await assertMayGrade(db, actor, assignmentId, participantId);
  const setUp = await gradingSetUpFor(db, assignment);
  if (setUp.doubleMarking) throw new AppError(409, 'grade_double_marking', `assignment ${assignment.id} is double marked`);
  const current = await findGrade(db, assignment.id, participantId);
  const finished = form.intent !== 'draft';
  const state = current?.state === 'released' ? 'released' : finished ? 'graded' : 'inGrading';
  const row = await writeGrade(db, {
    ...where(actor, assignment.id, participantId),
    fields: {
      state,
      passed: form.result.passed,
      points: form.result.points,
      criteria: form.criteria,
      feedback: form.feedback,
      privateNotes: form.privateNotes,
      gradedByUserId: finished ? actor.user.id : (current?.gradedByUserId ?? actor.user.id),
      gradedAt: finished ? now : (current?.gradedAt ?? null),
      releasedAt: current?.releasedAt ?? null,
      releasedByUserId: current?.releasedByUserId ?? null,
    },
    action: 'saved',
    byUserId: actor.user.id,
    expectedVersion: form.version,
  });
  await countBankPhrasesUsed(db, networkOf(actor), [current?.feedback ?? '', ...(current?.criteria ?? []).map((c) => c.comment)], [form.feedback, ...form.criteria.map((c) => c.comment)]);
  return row;
}

/** Release: the participant sees the result and feedback, the platform gets the score. Only a graded grade is released. */
async function release(db: Db, actor: Actor, assignment: AssignmentRow, grade: GradeRow, expectedVersion: number | undefined, now: Date): Promise<GradeRow> {
  if (grade.state !== 'graded') throw new AppError(409, 'grade_not_graded', `grade ${grade.id} is ${grade.state}`);
  return writeGrade(db, {
    ...where(actor, assignment.id, grade.userId),
    fields: { ...fieldsOf(grade), state: 'released', releasedAt: now, releasedByUserId: actor.user.id },
    action: 'released',
    byUserId: actor.user.id,
    expectedVersion,
  });
}

export async function releaseGrade(db: Db, actor: Actor, assignmentId: number, participantId: number, expectedVersion?: number, now = new Date()): Promise<void> {
  assertAllowed(actor, 'grade.release');
  const assignment = await assignmentInScope(db, actor, assignmentId);
  await participantInScope(db, actor, assignment, participantId);
  const grade = await findGrade(db, assignment.id, participantId);
  if (!grade) throw new AppError(409, 'grade_not_graded', `no grade of ${participantId}`);
  await release(db, actor, assignment, grade, expectedVersion, now);
}

/** Releases every graded (finished, not yet released) grade of the assignment; returns how many. */
export async function releaseAllGraded(db: Db, actor: Actor, assignmentId: number, now = new Date()): Promise<number> {
  assertAllowed(actor, 'grade.release');
  const assignment = await assignmentInScope(db, actor, assignmentId);
  const graded = (await listGradesOfAssignment(db, assignment.id)).filter((grade) => grade.state === 'graded');
  for (const grade of graded) await release(db, actor, assignment, grade, grade.version, now);
  return graded.length;
}

/** "Hide again": back to graded; the participant no longer sees it and the platform's grade is cleared. */
export async function unreleaseGrade(db: Db, actor: Actor, assignmentId: number, participantId: number, expectedVersion?: number): Promise<void> {
  assertAllowed(actor, 'grade.release');
  const assignment = await assignmentInScope(db, actor, assignmentId);
  await participantInScope(db, actor, assignment, participantId);
  const grade = await findGrade(db, assignment.id, participantId);
  if (!grade || grade.state !== 'released') throw new AppError(409, 'grade_not_released', `grade of ${participantId} is ${grade?.state ?? 'missing'}`);
  await writeGrade(db, {
    ...where(actor, assignment.id, participantId),
    fields: { ...fieldsOf(grade), state: 'graded', releasedAt: null, releasedByUserId: null },
    action: 'unreleased',
    byUserId: actor.user.id,
    expectedVersion,
  });
}
