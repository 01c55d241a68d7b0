import type { AnswerValue, QuestionKind } from '../../../models/schema';

/** A question as answering, results and reports see it. */
export interface Question {
  id: number;
  key: string;
  kind: QuestionKind;
  text: string;
  lowLabel: string;
  highLabel: string;
  options: string[];
  required: boolean;
}

/** The steps of a scale question: 1 (lowLabel) to 5 (highLabel). */
export const scaleSteps = [1, 2, 3, 4, 5] as const;
/** The longest free-text answer kept (about two pages); longer is refused, not cut. */
export const answerTextMax = 4000;
/** The most options a choice question may have. */
export const optionsMax = 12;

/** The form field of a question's answer. */
export const fieldOf = (questionId: number) => `q${questionId}`;

export type AnswerProblem = 'required' | 'outOfRange' | 'unknownOption' | 'tooLong' | 'malformed';
export type ParsedAnswer = { ok: true; value: AnswerValue | null } | { ok: false; problem: AnswerProblem };

const integerText = /^\d{1,3}$/;
const asList = (raw: unknown): unknown[] => (raw === undefined || raw === '' ? [] : Array.isArray(raw) ? raw : [raw]);

/**
 * One question's answer from what a form posted (text fields arrive as strings, ticked boxes as a string or a list).
 * Nothing is guessed: a value that is not one of the question's own is refused, never clamped. `required` is
 * checked only when `submitting` — a half-filled form may be saved to go on later.
 */
export function parseAnswer(question: Question, raw: unknown, submitting: boolean): ParsedAnswer {
  const missing = (): ParsedAnswer => (submitting && question.required ? { ok: false, problem: 'required' } : { ok: true, value: null });
  if (raw !== undefined && typeof raw !== 'string' && !(Array.isArray(raw) && raw.every((item) => typeof item === 'string'))) return { ok: false, problem: 'malformed' };
  if (question.kind === 'multiple') {
    const items = asList(raw) as string[];
    if (items.length === 0) return missing();
    if (!items.every((item) => integerText.test(item))) return { ok: false, problem: 'malformed' };
    const chosen = [...new Set(items.map(Number))].sort((a, b) => a - b);
    if (chosen.some((index) => index >= question.options.length)) return { ok: false, problem: 'unknownOption' };
    return { ok: true, value: chosen };
  }
  if (Array.isArray(raw)) return { ok: false, problem: 'malformed' };
  const text = (raw ?? '').trim();
  if (text === '') return missing();
  switch (question.kind) {
    case 'scale': {
      if (!integerText.test(text)) return { ok: false, problem: 'malformed' };
      const step = Number(text);
      return step >= 1 && step <= 5 ? { ok: true, value: step } : { ok: false, problem: 'outOfRange' };
    }
    case 'single': {
      if (!integerText.test(text)) return { ok: false, problem: 'malformed' };
      const index = Number(text);
      return index < question.options.length ? { ok: true, value: index } : { ok: false, problem: 'unknownOption' };
    }
    case 'yesno':
      return text === 'yes' ? { ok: true, value: true } : text === 'no' ? { ok: true, value: false } : { ok: false, problem: 'malformed' };
    case 'text':
      return text.length > answerTextMax ? { ok: false, problem: 'tooLong' } : { ok: true, value: text };
  }
}
