import { z } from 'zod';
import type { GradeScale, GradingCriterion } from '../../../models/schema';

/** How one assignment is graded, with the defaults filled in when the leader has not set it up. */
export interface GradingSetUp {
  assignmentId: number;
  scale: GradeScale;
  /** Points scale only. */
  maxPoints: number | null;
  /** Points scale only: from how many points the assignment counts as passed. */
  passPoints: number | null;
  criteria: GradingCriterion[];
  doubleMarking: boolean;
}

/** What a grader decides: pass / complete again, or points. */
export interface GradeResult {
  passed: boolean | null;
  points: number | null;
}

/**
 * The result a form may send for this scale: pass / complete again, or points from 0 to the maximum.
 * `null` means not decided yet (a draft): a grade in grading may be saved without a result, not marked graded.
 */
export function resultSchemaFor(setUp: GradingSetUp) {
  if (setUp.scale === 'passFail') {
    return z.object({
      passed: z.enum(['pass', 'again', '']).transform((value) => (value === '' ? null : value === 'pass')),
      points: z.unknown().transform(() => null),
    });
  }
  const maximum = setUp.maxPoints ?? 0;
  return z.object({
    passed: z.unknown().transform(() => null),
    points: z
      .string()
      .trim()
      .regex(/^(\d{1,7}([.,]\d{1,2})?)?$/, 'points_format')
      .transform((value) => (value === '' ? null : Number(value.replace(',', '.'))))
      .refine((value) => value === null || value <= maximum, 'points_above_maximum'),
  });
}

export const isDecided = (result: GradeResult) => result.passed !== null || result.points !== null;

/** Whether a result counts as passed for completion: pass, or at least the pass points (half the maximum if unset). */
export function passedOf(setUp: GradingSetUp, result: GradeResult): boolean {
  if (setUp.scale === 'passFail') return result.passed === true;
  if (result.points === null) return false;
  const threshold = setUp.passPoints ?? (setUp.maxPoints ?? 0) / 2;
  return result.points >= threshold;
}

/** The score the platform's gradebook receives: 1 of 1 for pass, 0 of 1 for complete again, or points of the maximum. */
export function scoreOf(setUp: GradingSetUp, result: GradeResult): { scoreGiven: number; scoreMaximum: number } | null {
  if (setUp.scale === 'passFail') return result.passed === null ? null : { scoreGiven: result.passed ? 1 : 0, scoreMaximum: 1 };
  if (result.points === null || !setUp.maxPoints) return null;
  return { scoreGiven: result.points, scoreMaximum: setUp.maxPoints };
}

/** The scale fields of an assignment_grading row, or null ones when the leader has not set it up. */
export interface ScaleFields {
  scale: GradeScale | null;
  maxPoints: number | null;
  passPoints: number | null;
}

/**
 * The set-up as far as scores and completion need it: the scale (pass / complete again when not set up).
 * Criteria are left empty: `gradingSetUpFor` (grading/setup.ts) adds them for the grading pages.
 */
export function scaleSetUpOf(assignmentId: number, fields: ScaleFields | null | undefined): GradingSetUp {
  return {
    assignmentId,
    scale: fields?.scale ?? 'passFail',
    maxPoints: fields?.maxPoints ?? null,
    passPoints: fields?.passPoints ?? null,
    criteria: [],
    doubleMarking: false,
  };
}
