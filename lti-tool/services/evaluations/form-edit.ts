import { randomBytes } from 'node:crypto';
import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import { assertAllowed, type Actor } from '../../policies';
import { findNetworkById, listMeetings } from '../../../models/year';
import { countAllAnswers, findQuestion, deleteQuestion, insertQuestions, listQuestions, updateQuestion, type FormRow, type QuestionRow } from '../../../models/evaluations';
import { formInScope } from './scope';
import { FieldRefusal, type QuestionInput } from './form-fields';
import { instantToLocal } from './timing';

/** A key no template uses, for a question the leader wrote: it is compared only with itself. */
export const customQuestionKey = () => `custom-${randomBytes(6).toString('hex')}`;

/**
 * The form's edit page: its settings as the inputs show them (local times in the network's zone), its questions,
 * and whether answers lock the questions' shape.
 */
export async function formForEditing(db: Db, actor: Actor, formId: number) {
  assertAllowed(actor, 'evaluation.manage');
  const form = await formInScope(db, actor, formId);
  const network = await findNetworkById(db, form.networkId);
  const zone = network?.timeZone ?? 'UTC';
  const [questions, answers, meetings] = await Promise.all([listQuestions(db, form.id), countAllAnswers(db, form.id), form.meetingId ? listMeetings(db, form.networkId) : []]);
  const meeting = meetings.find((candidate) => candidate.id === form.meetingId);
  const opens = instantToLocal(form.opensAt, zone);
  const closes = instantToLocal(form.closesAt, zone);
  return {
    form,
    questions,
    answers,
    locked: answers > 0,
    meeting: meeting ? { id: meeting.id, number: meeting.number, theme: meeting.theme } : undefined,
    settings: { title: form.title, intro: form.intro, anonymous: form.anonymous, timing: form.timing, opensDate: opens.date, opensTime: opens.time, closesDate: closes.date, closesTime: closes.time },
  };
}
export type FormEditPage = Awaited<ReturnType<typeof formForEditing>>;

/** One question of a form for its edit page, with whether the form's answers lock its kind and options. */
export async function questionForEditing(db: Db, actor: Actor, formId: number, questionId: number): Promise<{ form: FormRow; question: QuestionRow; locked: boolean }> {
  assertAllowed(actor, 'evaluation.manage');
  const form = await formInScope(db, actor, formId);
  const question = await findQuestion(db, form.id, questionId);
  if (!question) throw notFound(`question ${questionId} of form ${form.id}`);
  return { form, question, locked: (await countAllAnswers(db, form.id)) > 0 };
}

const choiceFields = (input: QuestionInput) => ({
  kind: input.kind,
  text: input.text,
  lowLabel: input.kind === 'scale' ? input.lowLabel : '',
  highLabel: input.kind === 'scale' ? input.highLabel : '',
  options: input.kind === 'single' || input.kind === 'multiple' ? input.options : [],
  required: input.required,
});

/** Adds a question at the end, with a fresh key. Allowed after answers too: earlier answers simply lack it. */
export async function addQuestion(db: Db, actor: Actor, formId: number, input: QuestionInput): Promise<void> {
  assertAllowed(actor, 'evaluation.manage');
  const form = await formInScope(db, actor, formId);
  const questions = await listQuestions(db, form.id);
  const position = questions.reduce((last, question) => Math.max(last, question.position + 1), 0);
  await insertQuestions(db, [{ formId: form.id, position, key: customQuestionKey(), ...choiceFields(input) }]);
}

/**
 * Saves a question. Once the form has answers (stored by option index and by kind), the kind and the number of
 * options cannot change: an answer "2" would then mean another option. The wording may still be mended.
 */
export async function saveQuestion(db: Db, actor: Actor, formId: number, questionId: number, input: QuestionInput): Promise<void> {
  const { question, locked } = await questionForEditing(db, actor, formId, questionId);
  if (locked && input.kind !== question.kind) throw new FieldRefusal('kind', 'kind_locked');
  if (locked && input.options.length !== question.options.length && (input.kind === 'single' || input.kind === 'multiple')) throw new FieldRefusal('options', 'options_locked');
  await updateQuestion(db, question.id, choiceFields(input));
}

/** Moves a question one place up or down; the positions are written again as 0, 1, 2… in one transaction. */
export async function moveQuestion(db: Db, actor: Actor, formId: number, questionId: number, direction: 'up' | 'down'): Promise<void> {
  const { form, question } = await questionForEditing(db, actor, formId, questionId);
  await db.transaction(async (tx) => {
    const questions = await listQuestions(tx, form.id);
    const from = questions.findIndex((candidate) => candidate.id === question.id);
    const to = direction === 'up' ? from - 1 : from + 1;
    if (from < 0 || to < 0 || to >= questions.length) return;
    [questions[from], questions[to]] = [questions[to]!, questions[from]!];
    for (const [position, row] of questions.entries()) if (row.position !== position) await updateQuestion(tx, row.id, { position });
  });
}

/** Removes a question, refused once the form has answers (they would lose part of what was said). */
export async function removeQuestion(db: Db, actor: Actor, formId: number, questionId: number): Promise<void> {
  const { question, locked } = await questionForEditing(db, actor, formId, questionId);
  if (locked) throw new AppError(409, 'evaluation_question_locked');
  await deleteQuestion(db, question.id);
}
