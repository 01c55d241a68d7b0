import { z } from 'zod';
import type { Db } from '../../db';
import { AppError, forbidden, notFound } from '../../errors';
import { assertAllowed, authorize, contextOf, networkOf, type Actor } from '../../policies';
import { findAssignmentInNetwork } from '../../../models/assignments';
import { findGrade, type GradeFields, type GradeRow } from '../../../models/grading';
import { findParticipantInContext, insertMark, listMarks, lockMarking, updateMark, type MarkWithName } from '../../../models/marking';
import { criterionLevels, type CriterionJudgement } from '../../../models/schema';
import { markersOf } from './allocations';
import { allSubmitted, startRefusal, type AllocatedMarkers } from './double-marking-rules';
import { writeGrade, type GradeWrite } from './grade-write';
import { gradingSetUpFor } from './setup';
import { isDecided, resultSchemaFor, type GradeResult, type GradingSetUp } from './scale';

/** One participant's assignment under double marking, checked to be of the actor's network. */
export interface MarkingCase {
  networkId: number;
  contextId: number;
  assignmentId: number;
  participantId: number;
  setUp: GradingSetUp;
}

/**
 * The case, or null when the assignment is not double marked. Marks are staff-only material, like private
 * notes: participants and school leaders are refused here, before anything is looked up.
 */
export async function markingCaseFor(db: Db, actor: Actor, assignmentId: number, participantId: number): Promise<MarkingCase | null> {
  assertAllowed(actor, 'grade.readNotes');
  const networkId = networkOf(actor);
  const contextId = contextOf(actor);
  const assignment = await findAssignmentInNetwork(db, networkId, assignmentId);
  if (!assignment) throw notFound(`assignment ${assignmentId} in network ${networkId}`);
  if (!(await findParticipantInContext(db, contextId, participantId))) throw notFound(`participant ${participantId} in context ${contextId}`);
  const setUp = await gradingSetUpFor(db, assignment);
  return setUp.doubleMarking ? { networkId, contextId, assignmentId, participantId, setUp } : null;
}

async function requireCase(db: Db, actor: Actor, assignmentId: number, participantId: number): Promise<MarkingCase> {
  const found = await markingCaseFor(db, actor, assignmentId, participantId);
  if (!found) throw new AppError(409, 'marking_not_double', `assignment ${assignmentId} is not double marked`);
  return found;
}

/** The grade is agreed once it is finished (graded or released); marks are then closed. */
export const isAgreed = (grade: GradeRow | undefined) => grade !== undefined && grade.state !== 'inGrading';

export interface MarkInput {
  result: GradeResult;
  criteria: CriterionJudgement[];
  feedback: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

const level = z.enum([...criterionLevels, '']).default('');
const text = (max: number) => z.string().max(max).default('');

/**
 * Reads a mark or agreement form: the result for the assignment's scale, one judgement per criterion
 * (`level-<id>`, `comment-<id>`), the feedback. `decided`: the result must be given (submitting, agreeing).
 */
export function parseMarkForm(setUp: GradingSetUp, body: Record<string, unknown>, decided: boolean): Parsed<MarkInput> {
  const errors: Record<string, string> = {};
  const result = resultSchemaFor(setUp).safeParse({ passed: body.passed ?? '', points: body.points ?? '' });
  const resultField = setUp.scale === 'passFail' ? 'passed' : 'points';
  if (!result.success) errors[resultField] = `marking.errors.${result.error.issues[0]?.code === 'custom' ? result.error.issues[0].message : resultField}`;
  else if (decided && !isDecided(result.data)) errors[resultField] = 'marking.errors.undecided';
  const feedback = text(10_000).safeParse(body.feedback);
  if (!feedback.success) errors.feedback = 'marking.errors.feedback';
  const criteria: CriterionJudgement[] = [];
  for (const criterion of setUp.criteria) {
    const judged = level.safeParse(body[`level-${criterion.id}`]);
    const comment = text(2_000).safeParse(body[`comment-${criterion.id}`]);
    if (!judged.success || !comment.success) errors[`criterion-${criterion.id}`] = 'marking.errors.criterion';
    else criteria.push({ criterionId: criterion.id, level: judged.data === '' ? null : judged.data, comment: comment.data.trim() });
  }
  if (Object.keys(errors).length > 0 || !result.success || !feedback.success) return { ok: false, errors };
  return { ok: true, value: { result: result.data, criteria, feedback: feedback.data.trim() } };
}

/** The set-up of a double-marked assignment, for reading its forms (refused as the actions are). */
export async function markingSetUpFor(db: Db, actor: Actor, assignmentId: number, participantId: number): Promise<GradingSetUp> {
  return (await requireCase(db, actor, assignmentId, participantId)).setUp;
}

const allocatedIds = (allocated: AllocatedMarkers) => [...new Set([...allocated.first, ...allocated.second])];

/**
 * Saves the grader's own mark as a draft, or submits it (final for them until they reopen it). A grader without
 * a mark takes a marker's place if `grade.give` lets them grade this participant and a place is free for them;
 * the lock makes two graders starting at once one after the other, so there are never three markers.
 */
export async function saveMark(db: Db, actor: Actor, assignmentId: number, participantId: number, input: MarkInput, submit: boolean): Promise<'mark_saved' | 'mark_submitted'> {
  const found = await requireCase(db, actor, assignmentId, participantId);
  if (submit && !isDecided(input.result)) throw new AppError(422, 'mark_undecided');
  const allocated = await markersOf(db, found.networkId, participantId);
  const fields = { passed: input.result.passed, points: input.result.points, criteria: input.criteria, feedback: input.feedback, submittedAt: submit ? new Date() : null };
  await db.transaction(async (tx) => {
    await lockMarking(tx, assignmentId, participantId);
    const grade = await findGrade(tx, assignmentId, participantId);
    if (isAgreed(grade)) throw new AppError(409, 'marking_agreed', `grade of ${participantId} on ${assignmentId} is agreed`);
    const marks = await listMarks(tx, assignmentId, participantId);
    const mine = marks.find((mark) => mark.markerUserId === actor.user.id);
    if (mine) {
      if (mine.submittedAt) throw new AppError(409, 'mark_already_submitted');
      await updateMark(tx, mine.id, fields);
      return;
    }
    assertAllowed(actor, 'grade.give', { allocatedGraderIds: allocatedIds(allocated) });
    const refusal = startRefusal(actor.user.id, marks, allocated);
    if (refusal === 'full') throw new AppError(409, 'marking_two_markers', `${actor.user.id} would be a third marker`);
    if (refusal === 'reserved') throw new AppError(403, 'marking_reserved', `the marker places of ${participantId} are allocated`);
    await insertMark(tx, assignmentId, participantId, actor.user.id, fields);
    // The gradebook shows the participant as in grading from the first mark on; the grade holds nothing of the marks.
    if (!grade) await writeGrade(tx, gradeWriteOf(found, actor, emptyInGrading, 'saved', null));
  });
  return submit ? 'mark_submitted' : 'mark_saved';
}

/** Reopens the grader's own submitted mark, until the grade is agreed. */
export async function reopenMark(db: Db, actor: Actor, assignmentId: number, participantId: number): Promise<void> {
  await requireCase(db, actor, assignmentId, participantId);
  await db.transaction(async (tx) => {
    await lockMarking(tx, assignmentId, participantId);
    if (isAgreed(await findGrade(tx, assignmentId, participantId))) throw new AppError(409, 'marking_agreed');
    const mine = (await listMarks(tx, assignmentId, participantId)).find((mark) => mark.markerUserId === actor.user.id);
    if (!mine) throw notFound(`no mark of ${actor.user.id}`);
    await updateMark(tx, mine.id, { submittedAt: null });
  });
}

/**
 * The third grader agrees the grade once both marks are in: written through writeGrade as `agreed`, finished
 * (`graded`, or still `released` if it was), so that releasing it is the same step as for any grade.
 */
export async function agreeGrade(db: Db, actor: Actor, assignmentId: number, participantId: number, input: MarkInput, expectedVersion: number | null): Promise<void> {
  const found = await requireCase(db, actor, assignmentId, participantId);
  if (!isDecided(input.result)) throw new AppError(422, 'mark_undecided');
  await db.transaction(async (tx) => {
    await lockMarking(tx, assignmentId, participantId);
    const marks = await listMarks(tx, assignmentId, participantId);
    const markerIds = marks.map((mark) => mark.markerUserId);
    if (markerIds.includes(actor.user.id)) throw forbidden(`${actor.user.id} marked ${participantId} and cannot agree`);
    if (!allSubmitted(marks)) throw new AppError(409, 'marking_not_all_in');
    assertAllowed(actor, 'grade.agree', { markerIds });
    const current = await findGrade(tx, assignmentId, participantId);
    const fields = {
      ...emptyInGrading,
      state: current?.state === 'released' ? ('released' as const) : ('graded' as const),
      passed: input.result.passed,
      points: input.result.points,
      criteria: input.criteria,
      feedback: input.feedback,
      privateNotes: current?.privateNotes ?? '',
      gradedByUserId: actor.user.id,
      gradedAt: new Date(),
      releasedAt: current?.releasedAt ?? null,
      releasedByUserId: current?.releasedByUserId ?? null,
    };
    await writeGrade(tx, gradeWriteOf(found, actor, fields, 'agreed', expectedVersion));
  });
}

const emptyInGrading: GradeFields = {
  state: 'inGrading',
  passed: null,
  points: null,
  criteria: [],
  feedback: '',
  privateNotes: '',
  gradedByUserId: null,
  gradedAt: null,
  releasedAt: null,
  releasedByUserId: null,
};

function gradeWriteOf(found: MarkingCase, actor: Actor, fields: GradeFields, action: 'saved' | 'agreed', expectedVersion: number | null): GradeWrite {
  return {
    networkId: found.networkId,
    contextId: found.contextId,
    assignmentId: found.assignmentId,
    participantId: found.participantId,
    fields,
    action,
    byUserId: actor.user.id,
    expectedVersion,
  };
}

/** What the panel needs to know: the case, the marks, the allocation and the grade, read once. */
export interface MarkingFacts {
  found: MarkingCase;
  marks: MarkWithName[];
  allocated: AllocatedMarkers;
  grade: GradeRow | undefined;
  /** The actor may take a marker's place now (they have no mark, grade.give lets them, a place is free). */
  mayStart: boolean;
}

export async function markingFactsFor(db: Db, actor: Actor, found: MarkingCase): Promise<MarkingFacts> {
  const [marks, allocated, grade] = await Promise.all([
    listMarks(db, found.assignmentId, found.participantId),
    markersOf(db, found.networkId, found.participantId),
    findGrade(db, found.assignmentId, found.participantId),
  ]);
  const hasMark = marks.some((mark) => mark.markerUserId === actor.user.id);
  const mayStart =
    !hasMark &&
    !isAgreed(grade) &&
    authorize(actor, 'grade.give', { allocatedGraderIds: allocatedIds(allocated) }) &&
    startRefusal(actor.user.id, marks, allocated) === null;
  return { found, marks, allocated, grade, mayStart };
}
