import { z } from 'zod';
import type { NetworkPlanSections } from '../../../models/schema';

/** The plan's five sections in the order they are written, shown and printed. */
export const planSectionKeys = ['goal', 'actions', 'involved', 'followUp', 'support'] as const satisfies ReadonlyArray<keyof NetworkPlanSections>;
export type PlanSectionKey = (typeof planSectionKeys)[number];

export const planSectionMax = 5000;
export const planCommentMax = 2000;

export const emptySections = (): NetworkPlanSections => ({ goal: '', actions: '', involved: '', followUp: '', support: '' });

/** Windows line ends as the browser sends them count once, so the limit is the one the writer sees. */
const normalised = (value: string) => value.replace(/\r\n?/g, '\n');

// Control characters other than line breaks and tabs have no place in a plan; refused rather than stripped.
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const section = z
  .string()
  .transform(normalised)
  .pipe(z.string().max(planSectionMax, 'tooLong').refine((value) => !controls.test(value), 'malformed'))
  .transform((value) => value.trim());

/** The plan form: five sections (each may be empty while the plan grows) and the version the writer read (0 = none yet). */
export const planFormSchema = z
  .object({
    goal: section.default(''),
    actions: section.default(''),
    involved: section.default(''),
    followUp: section.default(''),
    support: section.default(''),
    version: z.string().regex(/^\d{1,9}$/, 'version').transform(Number),
  })
  .refine((form) => planSectionKeys.some((key) => form[key] !== ''), { message: 'nothingWritten', path: ['goal'] });

export type PlanForm = z.infer<typeof planFormSchema>;

export const sectionsOf = (form: PlanForm): NetworkPlanSections => ({ goal: form.goal, actions: form.actions, involved: form.involved, followUp: form.followUp, support: form.support });

export const commentFormSchema = z.object({
  body: z
    .string()
    .transform(normalised)
    .pipe(z.string().trim().min(1, 'empty').max(planCommentMax, 'tooLong').refine((value) => !controls.test(value), 'malformed')),
});

/** The i18n keys of a zod issue on the plan forms: one message per field, in the user's language. */
export function planErrors(error: z.ZodError, prefix: 'plans.errors' = 'plans.errors'): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (errors[field]) continue;
    const reason = issue.code === 'too_big' ? 'tooLong' : issue.code === 'custom' ? issue.message : issue.code === 'too_small' ? 'empty' : 'malformed';
    errors[field] = `${prefix}.${reason}`;
  }
  return errors;
}

/** The sections a form was shown with, as strings only (what was typed comes back as typed). */
export function keptValues(body: unknown): Record<string, string> {
  const source = (body ?? {}) as Record<string, unknown>;
  const kept: Record<string, string> = {};
  for (const key of [...planSectionKeys, 'version', 'body']) if (typeof source[key] === 'string') kept[key] = source[key] as string;
  return kept;
}
