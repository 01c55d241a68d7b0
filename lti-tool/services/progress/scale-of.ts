import type { Db } from '../../db';
import { findAssignmentGrading } from '../../../models/grading';
import type { GradeScale } from '../../../models/schema';
import type { GradingSetUp } from '../grading/scale';

/** The scale fields of an assignment_grading row, or null ones when the leader has not set it up. */
export interface ScaleFields {
  scale: GradeScale | null;
  maxPoints: number | null;
  passPoints: number | null;
}

/**
 * The set-up as far as scores and completion need it: the scale (pass / complete again when not set up).
 * Criteria are not needed here and are left empty; part B's full set-up loader may replace this one.
 */
export function scaleSetUpOf(assignmentId: number, fields: ScaleFields): GradingSetUp {
  return {
    assignmentId,
    scale: fields.scale ?? 'passFail',
    maxPoints: fields.maxPoints,
    passPoints: fields.passPoints,
    criteria: [],
    doubleMarking: false,
  };
}

export async function loadScaleSetUp(db: Db, assignmentId: number): Promise<GradingSetUp> {
  const row = await findAssignmentGrading(db, assignmentId);
  return scaleSetUpOf(assignmentId, row ?? { scale: null, maxPoints: null, passPoints: null });
}
