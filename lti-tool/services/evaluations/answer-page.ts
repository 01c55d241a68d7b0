import type { Db } from '../../db';
import { forbidden } from '../../errors';
import { authorize, contextOf, type Actor } from '../../policies';
import type { AnswerValue, QuestionKind } from '../../../models/schema';
import { findAnswer, listParticipantsWithSchools, listQuestions, type QuestionRow } from '../../../models/evaluations';
import { personalPhoneLink, type PhoneLink } from '../phone-link';
import { answerKeyOf } from './answer-key';
import { formStateOf, type FormState } from './form-state';
import { fieldOf } from './questions';
import { respondentsOf } from './respondents';
import { formInScope } from './scope';

export interface AnswerPageQuestion {
  id: number;
  field: string;
  kind: QuestionKind;
  text: string;
  lowLabel: string;
  highLabel: string;
  options: string[];
  required: boolean;
  /** What the page shows chosen or written: the form's own field values ('3', ['0','2'], 'yes', a text). */
  shown: string | string[];
}

/** Who has answered, for those who remind the rest: never what anyone answered. */
export interface RespondentsPanel {
  answered: number;
  asked: number;
  notAnswered: string[];
  canRemind: boolean;
}

export interface AnswerPage {
  form: { id: number; title: string; intro: string; anonymous: boolean; opensAt: Date | null; closesAt: Date | null };
  state: FormState;
  /** A participant, while the form is open. */
  canAnswer: boolean;
  isParticipant: boolean;
  submitted: boolean;
  hasAnswer: boolean;
  version: number;
  questions: AnswerPageQuestion[];
  respondents: RespondentsPanel | null;
  phone: PhoneLink | null;
}

export interface AnswerPageOptions {
  dataDir: string;
  publicUrl: string;
  /** The launch's session handle and whether it is in Moodle's frame: then the page offers the phone link. */
  handle: string;
  offersPhoneLink: boolean;
  /** What was posted and refused: shown again instead of what is stored. */
  kept?: Record<string, unknown>;
  now?: Date;
}

/** The answer page: the form to fill in (or the answer given), and for leaders and staff who has not answered yet. */
export async function answerPage(db: Db, actor: Actor, formId: number, options: AnswerPageOptions): Promise<AnswerPage> {
  const isParticipant = authorize(actor, 'evaluation.answer');
  const seesRespondents = authorize(actor, 'evaluation.seeRespondents');
  if (!isParticipant && !seesRespondents) throw forbidden('neither answers nor follows evaluation answers');
  const form = await formInScope(db, actor, formId);
  const now = options.now ?? new Date();
  const state = formStateOf(form, now);
  const [questions, stored] = await Promise.all([listQuestions(db, form.id), isParticipant ? findAnswer(db, form.id, answerKeyOf(options.dataDir, form.id, actor.user.id)) : undefined]);
  const canAnswer = isParticipant && state === 'open';
  return {
    form: { id: form.id, title: form.title, intro: form.intro, anonymous: form.anonymous, opensAt: form.opensAt, closesAt: form.closesAt },
    state,
    canAnswer,
    isParticipant,
    submitted: stored?.submitted ?? false,
    hasAnswer: stored !== undefined,
    version: stored?.version ?? 0,
    questions: questions.map((question) => pageQuestion(question, options.kept ? options.kept[fieldOf(question.id)] : stored?.values[String(question.id)], options.kept !== undefined)),
    respondents: seesRespondents ? await respondentsPanel(db, actor, form.id, options.dataDir) : null,
    phone: canAnswer && options.offersPhoneLink ? await personalPhoneLink(db, options.handle, `evaluations/${form.id}`, options.publicUrl, now) : null,
  };
}

function pageQuestion(question: QuestionRow, value: unknown, posted: boolean): AnswerPageQuestion {
  return {
    id: question.id,
    field: fieldOf(question.id),
    kind: question.kind,
    text: question.text,
    lowLabel: question.lowLabel,
    highLabel: question.highLabel,
    options: question.options,
    required: question.required,
    shown: posted ? postedShown(value) : storedShown(value as AnswerValue | undefined),
  };
}

/** A refused post shown as it was typed (only strings: anything else was not from our form). */
const postedShown = (value: unknown): string | string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? value : '');

function storedShown(value: AnswerValue | undefined): string | string[] {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

async function respondentsPanel(db: Db, actor: Actor, formId: number, dataDir: string): Promise<RespondentsPanel> {
  const participants = await listParticipantsWithSchools(db, contextOf(actor));
  const answered = await respondentsOf(db, dataDir, formId, participants.map((person) => person.userId));
  return {
    answered: answered.size,
    asked: participants.length,
    notAnswered: participants.filter((person) => !answered.has(person.userId)).map((person) => person.name ?? person.email ?? `#${person.userId}`),
    canRemind: authorize(actor, 'evaluation.manage'),
  };
}
