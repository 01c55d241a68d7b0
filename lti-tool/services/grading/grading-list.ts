import type { Db } from '../../db';
import { assertAllowed, authorize, type Actor } from '../../policies';
import type { GradeRow } from '../../../models/grading';
import { listGradesOfAssignment } from '../../../models/grading';
import type { GradeState } from '../../../models/schema';
import { assignmentOverview, type OverviewState } from '../assignment-overview';
import { gradingSetUpFor } from './setup';
import type { GradingSetUp } from './scale';

/** Where a participant's grade stands; no row is "not graded". */
export type GradingState = 'notGraded' | GradeState;
export const gradingStates: readonly GradingState[] = ['notGraded', 'inGrading', 'graded', 'released'];

export interface GradingLine {
  userId: number;
  name: string | null;
  submission: OverviewState;
  submissionId: number | null;
  state: GradingState;
  passed: boolean | null;
  points: number | null;
}

/** Graders see grades that are not released yet: staff, leaders (the policy for a participant's unreleased grade). */
export function assertGrader(actor: Actor): void {
  assertAllowed(actor, 'grade.see', { participantId: 0, released: false, schoolLeadersSeeGrades: false });
}

export const gradingStateOf = (grade: Pick<GradeRow, 'state'> | undefined): GradingState => grade?.state ?? 'notGraded';

/** Every participant of the assignment in the list's order (by name), with submission and grade state. */
export async function gradingLines(db: Db, actor: Actor, assignmentId: number): Promise<{ overview: Awaited<ReturnType<typeof assignmentOverview>>; lines: GradingLine[]; setUp: GradingSetUp }> {
  assertGrader(actor);
  const overview = await assignmentOverview(db, actor, assignmentId);
  const [grades, setUp] = await Promise.all([listGradesOfAssignment(db, overview.assignment.id), gradingSetUpFor(db, overview.assignment)]);
  const byUser = new Map(grades.map((grade) => [grade.userId, grade]));
  const lines = overview.lines.map((line): GradingLine => {
    const grade = byUser.get(line.userId);
    return {
      userId: line.userId,
      name: line.name,
      submission: line.state,
      submissionId: line.summary?.submission.id ?? null,
      state: gradingStateOf(grade),
      passed: grade?.passed ?? null,
      points: grade?.points ?? null,
    };
  });
  return { overview, lines, setUp };
}

/** The assignment's grading list, filtered by grade state ('all' or one state). */
export async function gradingList(db: Db, actor: Actor, assignmentId: number, filter: string) {
  const { overview, lines, setUp } = await gradingLines(db, actor, assignmentId);
  const state = (gradingStates as readonly string[]).includes(filter) ? (filter as GradingState) : 'all';
  const counts = Object.fromEntries(gradingStates.map((s) => [s, lines.filter((line) => line.state === s).length])) as Record<GradingState, number>;
  return {
    assignment: overview.assignment,
    setUp,
    filter: state,
    counts,
    lines: state === 'all' ? lines : lines.filter((line) => line.state === state),
    mayRelease: authorize(actor, 'grade.release'),
    maySetUp: authorize(actor, 'grading.setUp'),
    mayAllocate: authorize(actor, 'grading.allocate'),
  };
}

/** The next participant after this one, in the list's order and round again, whose grade is not finished yet; null when all are. */
export function nextToGrade(lines: GradingLine[], afterUserId: number): number | null {
  const at = lines.findIndex((line) => line.userId === afterUserId);
  const order = [...lines.slice(at + 1), ...lines.slice(0, Math.max(at, 0))];
  return order.find((line) => line.userId !== afterUserId && (line.state === 'notGraded' || line.state === 'inGrading'))?.userId ?? null;
}
