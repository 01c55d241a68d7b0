import { z } from 'zod';
import { criterionLevels, type CriterionJudgement } from '../../../models/schema';
import { resultSchemaFor, isDecided, type GradeResult, type GradingSetUp } from './scale';

export const gradeIntents = ['draft', 'graded', 'next'] as const;
export type GradeIntent = (typeof gradeIntents)[number];

export interface GradeForm {
  result: GradeResult;
  criteria: CriterionJudgement[];
  feedback: string;
  privateNotes: string;
  /** The grade's version the form showed; null when it showed no grade yet. */
  version: number | null;
  intent: GradeIntent;
}

const text = (max: number) => z.string().max(max, 'too_long').optional().transform((value) => (value ?? '').replace(/\r\n/g, '\n').trim());
const level = z.enum(['', ...criterionLevels], { message: 'level' }).optional().transform((value) => (value ? value : null));

const baseSchema = z.object({
  feedback: text(20_000),
  privateNotes: text(20_000),
  version: z.string().regex(/^\d{0,9}$/, 'version').optional().transform((value) => (value ? Number(value) : null)),
  intent: z.enum(gradeIntents, { message: 'intent' }).optional().transform((value) => value ?? 'draft'),
});

/** Form field names of one criterion's level and comment (criterion ids are [a-z0-9-]). */
export const levelField = (criterionId: string) => `level-${criterionId}`;
export const commentField = (criterionId: string) => `comment-${criterionId}`;

/**
 * The grading form read against the assignment's scale: a result outside the scale (points above the maximum,
 * not a number, a pass on a points scale) is a field message, never a saved grade. Messages are keys under
 * grading.errors; "Mark as graded" needs a decided result.
 */
export function parseGradeForm(setUp: GradingSetUp, body: Record<string, unknown>): { form: GradeForm; errors: null } | { form: null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const stringOf = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  if (setUp.scale === 'points' && stringOf('passed') !== '') errors.points = 'grading.errors.passed_on_points';
  if (setUp.scale === 'passFail' && stringOf('points').trim() !== '') errors.passed = 'grading.errors.points_on_pass_fail';
  const result = resultSchemaFor(setUp).safeParse({ passed: stringOf('passed'), points: stringOf('points') });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = String(issue.path[0]);
    errors[field] ??= issue.code === 'custom' || issue.message.startsWith('points_') ? `grading.errors.${issue.message}` : `grading.errors.${field}_invalid`;
  }
  const base = baseSchema.safeParse(body);
  if (!base.success) for (const issue of base.error.issues) errors[String(issue.path[0])] ??= `grading.errors.${issue.message === 'too_long' ? 'too_long' : 'form'}`;
  const criteria: CriterionJudgement[] = [];
  for (const criterion of setUp.criteria) {
    const parsedLevel = level.safeParse(body[levelField(criterion.id)]);
    const comment = text(5_000).safeParse(body[commentField(criterion.id)]);
    if (!parsedLevel.success) errors[levelField(criterion.id)] = 'grading.errors.level';
    if (!comment.success) errors[commentField(criterion.id)] = 'grading.errors.too_long';
    criteria.push({ criterionId: criterion.id, level: parsedLevel.success ? parsedLevel.data : null, comment: comment.success ? comment.data : '' });
  }
  if (result.success && base.success && base.data.intent !== 'draft' && !isDecided(result.data)) errors[setUp.scale === 'points' ? 'points' : 'passed'] ??= 'grading.errors.result_required';
  if (Object.keys(errors).length > 0 || !result.success || !base.success) return { form: null, errors };
  return { form: { result: result.data, criteria, ...base.data }, errors: null };
}
