import type { Db } from '../../db';
import { AppError } from '../../errors';
import { evaluationTopic, publishLive } from '../../live/publish';
import { assertAllowed, contextOf, type Actor } from '../../policies';
import type { AnswerValue } from '../../../models/schema';
import {
  countSubmittedAnswers,
  findAnswer,
  findSchoolWithSize,
  insertAnswer,
  listQuestions,
  lockFormAnswers,
  rewriteAnonymousAnswers,
  updateAnswerAtVersion,
  type AnswerRow,
  type FormRow,
  type QuestionRow,
} from '../../../models/evaluations';
import { answerKeyOf } from './answer-key';
import { formStateOf } from './form-state';
import { fieldOf, parseAnswer, type AnswerProblem } from './questions';
import { formInScope } from './scope';
import { anonymityThreshold } from './tally';

export type AnswerIntent = 'save' | 'submit';

export interface AnswerInput {
  intent: AnswerIntent;
  /** The answer's version the page was made from (0: no answer yet). */
  version: number;
  /** The posted form: `q<id>` fields among others. */
  fields: Record<string, unknown>;
}

export type AnswerOutcome =
  | { ok: true; submitted: boolean }
  /** Field messages (i18n keys by field name): nothing was written. */
  | { ok: false; reason: 'invalid'; errors: Record<string, string> }
  /** Answered meanwhile on another device: nothing was written; the page shows the newer version. */
  | { ok: false; reason: 'changedMeanwhile' };

/** The i18n key of a refused answer's message beside its question. */
export const problemMessage = (problem: AnswerProblem) => `evaluationAnswers.problems.${problem}`;

/** A question field name in a post: `q` and digits. Anything else posted is not ours to judge (csrf, intent, version). */
const questionField = /^q(\d{1,9})$/;

/** The form, open, and a participant answering it: the checks every write starts with. */
export async function answerableForm(db: Db, actor: Actor, formId: number, now: Date): Promise<FormRow> {
  assertAllowed(actor, 'evaluation.answer');
  const form = await formInScope(db, actor, formId);
  const state = formStateOf(form, now);
  if (state === 'scheduled') throw new AppError(409, 'evaluation_not_open', `form ${formId} opens at ${form.opensAt?.toISOString()}`);
  if (state !== 'open') throw new AppError(409, 'evaluation_closed', `form ${formId} is ${state}`);
  return form;
}

/**
 * The posted values of every question, each refused on its own terms (never clamped). A `q<id>` field that is
 * not a question of this form is a forged post: refused as a whole before anything else is looked at.
 */
export function parseAnswers(questions: readonly QuestionRow[], fields: Record<string, unknown>, submitting: boolean): { values: Record<string, AnswerValue>; errors: Record<string, string> } {
  const ids = new Set(questions.map((question) => question.id));
  for (const name of Object.keys(fields)) {
    const match = questionField.exec(name);
    if (name.startsWith('q') && (!match || !ids.has(Number(match[1])))) throw new AppError(400, 'evaluation_unknown_question', `field ${name.slice(0, 40)} is not a question of this form`);
  }
  const values: Record<string, AnswerValue> = {};
  const errors: Record<string, string> = {};
  for (const question of questions) {
    const parsed = parseAnswer(question, fields[fieldOf(question.id)], submitting);
    if (!parsed.ok) errors[fieldOf(question.id)] = problemMessage(parsed.problem);
    else if (parsed.value !== null) values[String(question.id)] = parsed.value;
  }
  return { values, errors };
}

/**
 * Saves (half-filled, to go on later) or submits a participant's one answer to an open form. A submitted answer
 * stays submitted when saved again, so it is checked as a submission. An anonymous answer carries no person and
 * no time, and its school only when that school has enough participants to hide among; the transaction writes
 * nothing else about the person — the live event carries the count alone.
 */
export async function answerForm(db: Db, dataDir: string, actor: Actor, formId: number, input: AnswerInput, now = new Date()): Promise<AnswerOutcome> {
  const form = await answerableForm(db, actor, formId, now);
  const contextId = contextOf(actor);
  const key = answerKeyOf(dataDir, form.id, actor.user.id);
  const [questions, stored, schoolId] = await Promise.all([listQuestions(db, form.id), findAnswer(db, form.id, key), storedSchoolOf(db, form, contextId, actor.user.id)]);
  const submitting = input.intent === 'submit' || stored?.submitted === true;
  const { values, errors } = parseAnswers(questions, input.fields, submitting);
  if (Object.keys(errors).length > 0) return { ok: false, reason: 'invalid', errors };
  const written = await db.transaction(async (tx) => {
    await lockFormAnswers(tx, form.id);
    const change = {
      values,
      submitted: submitting,
      schoolId,
      userId: form.anonymous ? null : actor.user.id,
      submittedAt: form.anonymous || !submitting ? null : (stored?.submittedAt ?? now),
    };
    const row = await writeAtVersion(tx, key, form.id, input.version, change);
    if (!row) return undefined;
    if (form.anonymous) await rewriteAnonymousAnswers(tx, form.id);
    if (submitting) {
      const respondents = (await countSubmittedAnswers(tx, [form.id])).get(form.id) ?? 0;
      await publishLive(tx, evaluationTopic(form.id), 'answered', { respondents });
    }
    return row;
  });
  return written ? { ok: true, submitted: submitting } : { ok: false, reason: 'changedMeanwhile' };
}

async function writeAtVersion(tx: Db, key: string, formId: number, version: number, change: Pick<AnswerRow, 'values' | 'submitted' | 'schoolId' | 'submittedAt' | 'userId'>): Promise<AnswerRow | undefined> {
  if (version === 0) return insertAnswer(tx, { key, formId, ...change });
  return updateAnswerAtVersion(tx, key, version, change);
}

/** The school kept with the answer: always on a named form; on an anonymous one only a school big enough to hide in. */
async function storedSchoolOf(db: Db, form: FormRow, contextId: number, userId: number): Promise<number | null> {
  const { schoolId, participants } = await findSchoolWithSize(db, contextId, userId);
  return !form.anonymous || participants >= anonymityThreshold ? schoolId : null;
}
