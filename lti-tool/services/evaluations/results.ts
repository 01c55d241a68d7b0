import type { Db } from '../../db';
import { authorize, type Actor } from '../../policies';
import type { Translate } from '../../i18n';
import { listQuestions, listSubmittedAnswers, type FormRow, type QuestionRow } from '../../../models/evaluations';
import type { AnswerValue } from '../../../models/schema';
import { distributionChartSvg } from './charts';
import { categoryLabelsOf } from './labels';
import type { Question } from './questions';
import { tallyAnswers, tallyBySchool, type FormTally, type QuestionTally, type SchoolTally } from './tally';

export const questionOf = (row: QuestionRow): Question => ({
  id: row.id,
  key: row.key,
  kind: row.kind,
  text: row.text,
  lowLabel: row.lowLabel,
  highLabel: row.highLabel,
  options: row.options,
  required: row.required,
});

export interface FormResults {
  questions: Question[];
  tally: FormTally;
  /** Null: some school's group is under the threshold, so no school is shown on its own. */
  bySchool: SchoolTally[] | null;
}

/**
 * Whether the anonymity threshold holds for this reader: always on an anonymous form, and on a named one for
 * everyone who may not see who answered (school leaders): a named answer is named to leaders and staff only.
 */
export const thresholdedFor = (actor: Actor, form: Pick<FormRow, 'anonymous'>): boolean => form.anonymous || !authorize(actor, 'evaluation.seeRespondents');

/** A form's submitted answers counted, through the one tally that keeps the threshold. */
export async function loadFormResults(db: Db, form: Pick<FormRow, 'id' | 'anonymous'>): Promise<FormResults> {
  const [rows, answers] = await Promise.all([listQuestions(db, form.id), listSubmittedAnswers(db, form.id)]);
  const questions = rows.map(questionOf);
  const options = { anonymous: form.anonymous };
  return {
    questions,
    tally: tallyAnswers(questions, answers.map((answer) => answer.values as Record<string, AnswerValue>), options),
    bySchool: tallyBySchool(questions, answers, options),
  };
}

export interface ResultRow {
  label: string;
  count: number;
  percent: string;
}

/** One question's results as every page shows them: the chart, and the table of the same numbers. */
export interface QuestionResult {
  id: number;
  text: string;
  kind: Question['kind'];
  answered: number;
  rows: ResultRow[];
  mean: string | null;
  chart: string | null;
  /** Free text: the texts (sorted), or null when withheld. */
  texts: string[] | null;
  textsWithheld: boolean;
  /** The big screen: written answers are not put up in the room as they arrive (see liveResults). */
  textsHidden?: boolean;
}

/** The tally turned into what the pages show, in the reader's language (labels, numbers, percentages). */
export function questionResults(tally: FormTally, questions: readonly Question[], t: Translate, locale: string, chartWidth = 560): QuestionResult[] {
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const byId = new Map(questions.map((question) => [question.id, question]));
  return tally.questions.map((question: QuestionTally) => {
    const labels = categoryLabelsOf(byId.get(question.questionId) ?? { kind: question.kind, options: [], lowLabel: '', highLabel: '' }, t);
    const chartable = question.kind !== 'text';
    return {
      id: question.questionId,
      text: question.text,
      kind: question.kind,
      answered: question.answered,
      rows: question.counts.map((count, index) => ({
        label: labels[index] ?? String(index + 1),
        count,
        percent: question.answered > 0 ? percent.format(count / question.answered) : '–',
      })),
      mean: question.mean === null ? null : decimal.format(question.mean),
      chart: chartable ? distributionChartSvg(question, labels, { title: question.text, width: chartWidth, locale }) : null,
      texts: question.texts,
      textsWithheld: question.kind === 'text' && question.texts === null,
    };
  });
}
