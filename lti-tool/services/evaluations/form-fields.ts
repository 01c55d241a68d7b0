import { z } from 'zod';
import { AppError } from '../../errors';
import { optionalFormDate } from '../form-fields';
import { evaluationTimings, questionKinds } from '../../../models/schema';
import { optionsMax } from './questions';

/** The question kinds the builder offers, in its order. */
export { questionKinds };

const clock = z.union([z.literal(''), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)]).optional().transform((value) => value || null);
const checkbox = z.union([z.literal('on'), z.literal('true'), z.literal('1')]).optional().transform(Boolean);

/** A form's settings as the leader edits them: times are the network's local dates and clock times. */
export const formSettingsSchema = z.object({
  title: z.string().trim().min(1).max(200),
  intro: z.string().trim().max(3000).optional().transform((value) => value ?? ''),
  anonymous: checkbox,
  timing: z.enum(evaluationTimings).optional().transform((value) => value ?? 'set'),
  opensDate: optionalFormDate,
  opensTime: clock,
  closesDate: optionalFormDate,
  closesTime: clock,
});
export type FormSettings = z.infer<typeof formSettingsSchema>;

export const optionTextMax = 200;

/** One question as the leader writes it: options one per line, blank lines ignored. */
export const questionSchema = z
  .object({
    kind: z.enum(questionKinds),
    text: z.string().trim().min(1).max(1000),
    lowLabel: z.string().trim().max(100).optional().transform((value) => value ?? ''),
    highLabel: z.string().trim().max(100).optional().transform((value) => value ?? ''),
    options: z
      .string()
      .max(optionsMax * (optionTextMax + 2))
      .optional()
      .transform((value) => (value ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean)),
    required: checkbox,
  })
  .superRefine((question, ctx) => {
    const choice = question.kind === 'single' || question.kind === 'multiple';
    if (choice && question.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'options_too_few' });
    if (choice && question.options.length > optionsMax) ctx.addIssue({ code: 'custom', path: ['options'], message: 'options_too_many' });
    if (question.options.some((option) => option.length > optionTextMax)) ctx.addIssue({ code: 'custom', path: ['options'], message: 'option_too_long' });
  });
export type QuestionInput = z.infer<typeof questionSchema>;

/** A refusal that belongs beside one field of the form (a locked kind, a time the clocks skip): shown there, 422. */
export class FieldRefusal extends AppError {
  constructor(
    readonly field: string,
    code: string,
  ) {
    super(422, code, `${field}: ${code}`);
  }
}
