import type { Translate } from '../../i18n';
import type { Question } from './questions';

/**
 * What each counted category of a question is called, in the reader's language and in the order of the counts
 * (see tally.ts): the same labels on the page, under the chart, in the PDF and in the CSV.
 */
export function categoryLabelsOf(question: Pick<Question, 'kind' | 'options' | 'lowLabel' | 'highLabel'>, t: Translate): string[] {
  switch (question.kind) {
    case 'scale':
      return [1, 2, 3, 4, 5].map((step) => {
        const end = step === 1 ? question.lowLabel : step === 5 ? question.highLabel : '';
        return end ? `${step} — ${end}` : String(step);
      });
    case 'single':
    case 'multiple':
      return [...question.options];
    case 'yesno':
      return [t('evaluations.yes'), t('evaluations.no')];
    case 'text':
      return [];
  }
}
