import { authorize } from '../../policies';
import { answeredFormsOf } from '../evaluations/answered-forms';
import { formStateOf } from '../evaluations/form-state';
import type { ColumnScope, GradebookCell, LoadedColumn, RowScope, Text } from './types';

/** What an evaluation cell says: who has answered, never what. */
export type EvaluationCellState = 'answered' | 'notAnswered' | 'notYetOpen' | 'closedNotAnswered';

export function evaluationCellState(answered: boolean, formState: 'draft' | 'scheduled' | 'open' | 'closed'): EvaluationCellState {
  if (answered) return 'answered';
  if (formState === 'closed') return 'closedNotAnswered';
  return formState === 'open' ? 'notAnswered' : 'notYetOpen';
}

const texts = new Map<EvaluationCellState, Text>();
const textOf = (state: EvaluationCellState): Text => {
  let text = texts.get(state);
  if (!text) texts.set(state, (text = { key: `evaluationReports.cells.${state}` }));
  return text;
};
const shorten = (text: string, length = 28) => (text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text);

/**
 * One column per published evaluation form, in the forms' order: answered or not, for anonymous forms too (who
 * has answered is known by re-deriving each person's answer key; what they answered is never read here).
 * Two queries for every form and participant together.
 */
export async function evaluationColumns(scope: ColumnScope): Promise<(rows: RowScope) => LoadedColumn[]> {
  // Who has answered is for those who run the evaluations; a school leader watching whether their teachers answered
  // would weigh on how honestly they answer.
  if (!authorize(scope.actor, 'evaluation.seeRespondents')) return () => [];
  const answered = await answeredFormsOf(scope.db, scope.dataDir, scope.networkId);
  return (shown) =>
    answered.forms.map((form) => {
      const formState = formStateOf(form, scope.now);
      const cells = new Map<number, GradebookCell>();
      for (const userId of shown.userIds) {
        const state = evaluationCellState(answered.hasAnswered(form.id, userId), formState);
        cells.set(userId, { state, text: textOf(state), grade: null, note: null, href: null, counts: state === 'answered' });
      }
      return {
        column: { key: `evaluation:${form.id}`, kind: 'evaluation', header: { key: 'evaluationReports.column' }, subheader: shorten(form.title), title: form.title },
        cells,
        filtersOf: () => [],
        summaryOf: (userIds: number[]) => ({ key: 'evaluationReports.columnSummary', params: { count: userIds.filter((userId) => cells.get(userId)?.counts).length, total: userIds.length } }),
      };
    });
}
