import type { AnswerValue, QuestionKind } from '../../../models/schema';
import type { Question } from './questions';

/**
 * Below this many answers an anonymous form shows nothing, a school is not shown on its own, and a free-text
 * question's texts are withheld: so that a school with two participants is not exposed.
 */
export const anonymityThreshold = 5;

export interface QuestionTally {
  questionId: number;
  key: string;
  kind: QuestionKind;
  text: string;
  /** How many answered this question (of the group's submitted answers). */
  answered: number;
  /**
   * Counts per category, in the question's own order: scale steps 1–5; choice options by index; yes, then no.
   * Empty for free text.
   */
  counts: number[];
  /** Scale questions: the mean of the steps given (null when nobody answered it). */
  mean: number | null;
  /** Free text: the texts (sorted, so their order tells nothing), or null when withheld below the threshold. */
  texts: string[] | null;
}

export interface FormTally {
  /** Submitted answers in the group. */
  respondents: number;
  /** False: an anonymous form's group is under the threshold, and nothing but the count may be shown. */
  shown: boolean;
  questions: QuestionTally[];
}

export interface TallyOptions {
  anonymous: boolean;
  threshold?: number;
}

const categoriesOf = (question: Question): number => {
  switch (question.kind) {
    case 'scale':
      return 5;
    case 'single':
    case 'multiple':
      return question.options.length;
    case 'yesno':
      return 2;
    case 'text':
      return 0;
  }
};

/** Adds one answer to the counts; a value of the wrong shape (a question changed after answering) is not counted. */
function count(question: Question, value: AnswerValue, counts: number[]): boolean {
  switch (question.kind) {
    case 'scale':
      if (typeof value !== 'number' || value < 1 || value > 5) return false;
      counts[value - 1]! += 1;
      return true;
    case 'single':
      if (typeof value !== 'number' || value >= counts.length) return false;
      counts[value]! += 1;
      return true;
    case 'multiple': {
      if (!Array.isArray(value)) return false;
      const valid = value.filter((index) => index < counts.length);
      for (const index of valid) counts[index]! += 1;
      return valid.length > 0;
    }
    case 'yesno':
      if (typeof value !== 'boolean') return false;
      counts[value ? 0 : 1]! += 1;
      return true;
    case 'text':
      return typeof value === 'string' && value.trim() !== '';
  }
}

/** One group's results (the network, one school, one meeting): the same arithmetic for pages, charts, PDF and CSV. */
export function tallyAnswers(questions: readonly Question[], answers: ReadonlyArray<Record<string, AnswerValue>>, options: TallyOptions): FormTally {
  const threshold = options.threshold ?? anonymityThreshold;
  const respondents = answers.length;
  const shown = !options.anonymous || respondents >= threshold;
  return {
    respondents,
    shown,
    questions: shown ? questions.map((question) => tallyQuestion(question, answers, options.anonymous, threshold)) : [],
  };
}

function tallyQuestion(question: Question, answers: ReadonlyArray<Record<string, AnswerValue>>, anonymous: boolean, threshold: number): QuestionTally {
  const counts = new Array<number>(categoriesOf(question)).fill(0);
  const texts: string[] = [];
  let answered = 0;
  for (const answer of answers) {
    const value = answer[String(question.id)];
    if (value === undefined || value === null) continue;
    if (!count(question, value, counts)) continue;
    answered += 1;
    if (question.kind === 'text') texts.push((value as string).trim());
  }
  const mean = question.kind === 'scale' && answered > 0 ? counts.reduce((sum, n, index) => sum + n * (index + 1), 0) / answered : null;
  const textsShown = question.kind !== 'text' ? [] : anonymous && texts.length < threshold ? null : texts.sort((a, b) => a.localeCompare(b));
  return { questionId: question.id, key: question.key, kind: question.kind, text: question.text, answered, counts, mean, texts: textsShown };
}

export interface SchoolTally {
  /** null: the answers of schools too small to keep their name with the answer ("other schools"). */
  schoolId: number | null;
  tally: FormTally;
}

/**
 * Results per school, or null when any school's group is under the threshold: then no school is shown, because the
 * network's total minus the schools shown would reveal the small one.
 */
export function tallyBySchool(
  questions: readonly Question[],
  answers: ReadonlyArray<{ schoolId: number | null; values: Record<string, AnswerValue> }>,
  options: TallyOptions,
): SchoolTally[] | null {
  const threshold = options.threshold ?? anonymityThreshold;
  const groups = new Map<number | null, Array<Record<string, AnswerValue>>>();
  for (const answer of answers) {
    const group = groups.get(answer.schoolId) ?? [];
    group.push(answer.values);
    groups.set(answer.schoolId, group);
  }
  if (options.anonymous && [...groups.values()].some((group) => group.length < threshold)) return null;
  return [...groups.entries()].map(([schoolId, group]) => ({ schoolId, tally: tallyAnswers(questions, group, options) }));
}
