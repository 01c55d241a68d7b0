import type { Db } from '../../db';
import { authorize, type Actor } from '../../policies';
import { findGrade } from '../../../models/grading';
import type { AssignmentRow } from '../../../models/assignments';
import { gradingSetUpFor } from './setup';

/** What a participant reads of their grade: result, judgements per criterion and feedback; never the private notes. */
export interface OwnGrade {
  scale: 'passFail' | 'points';
  passed: boolean | null;
  points: number | null;
  maxPoints: number | null;
  criteria: Array<{ title: string; level: string | null; comment: string }>;
  feedback: string;
  releasedAt: Date | null;
}

/**
 * "Your grade" on the participant's own assignment page: nothing at all until the grade is released (not a
 * state, not a hint), so feedback written while grading cannot reach them early.
 */
export async function ownGradeOf(db: Db, actor: Actor, assignment: Pick<AssignmentRow, 'id' | 'networkId' | 'guidingQuestions'>): Promise<OwnGrade | null> {
  const grade = await findGrade(db, assignment.id, actor.user.id);
  if (!grade || grade.state !== 'released') return null;
  if (!authorize(actor, 'grade.see', { participantId: actor.user.id, released: true, schoolLeadersSeeGrades: false })) return null;
  const setUp = await gradingSetUpFor(db, assignment);
  const judgements = new Map(grade.criteria.map((judgement) => [judgement.criterionId, judgement]));
  return {
    scale: setUp.scale,
    passed: grade.passed,
    points: grade.points,
    maxPoints: setUp.maxPoints,
    criteria: setUp.criteria
      .map((criterion) => ({ title: criterion.title, level: judgements.get(criterion.id)?.level ?? null, comment: judgements.get(criterion.id)?.comment ?? '' }))
      .filter((row) => row.level !== null || row.comment !== ''),
    feedback: grade.feedback,
    releasedAt: grade.releasedAt,
  };
}
