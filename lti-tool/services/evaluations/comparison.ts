import type { QuestionKind } from '../../../models/schema';
import type { FormTally } from './tally';

/** One form's place in a comparison: what it is called on the axis ("Träff 2", "2026/2027") and its tally. */
export interface ComparedForm {
  formId: number;
  label: string;
  tally: FormTally;
}

export interface ComparedPoint {
  formId: number;
  label: string;
  /** Null: the question was not on that form, nobody answered it, or the form is under the threshold. */
  mean: number | null;
  answered: number;
}

/** One scale question followed across forms: "did the day evaluation rise?" */
export interface ComparedQuestion {
  key: string;
  text: string;
  points: ComparedPoint[];
}

/**
 * Lines up the scale questions of several forms by their key (forms made from one template share keys), in the
 * order the forms are given. A question's text is taken from the last form that has it (the latest wording).
 */
export function compareScaleQuestions(forms: readonly ComparedForm[]): ComparedQuestion[] {
  const texts = new Map<string, string>();
  for (const form of forms) {
    for (const question of form.tally.questions) if (question.kind === ('scale' satisfies QuestionKind)) texts.set(question.key, question.text);
  }
  return [...texts.entries()].map(([key, text]) => ({
    key,
    text,
    points: forms.map((form) => {
      const question = form.tally.questions.find((candidate) => candidate.key === key && candidate.kind === 'scale');
      return { formId: form.formId, label: form.label, mean: question?.mean ?? null, answered: question?.answered ?? 0 };
    }),
  }));
}
