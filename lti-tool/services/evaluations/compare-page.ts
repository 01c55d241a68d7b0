import type { Db } from '../../db';
import { translator, type Language, type Translate } from '../../i18n';
import { assertAllowed, networkOf, type Actor } from '../../policies';
import { listFormsOfNetwork, listQuestionsOfForms, listSubmittedAnswersOfForms, type FormRow } from '../../../models/evaluations';
import { listMeetings } from '../../../models/year';
import type { AnswerValue } from '../../../models/schema';
import { comparisonChartSvg } from './charts';
import { compareScaleQuestions, type ComparedForm } from './comparison';
import { questionOf, thresholdedFor } from './results';
import { tallyAnswers, type FormTally, type QuestionTally } from './tally';

export type MissingReason = 'notEnough' | 'notAsked' | 'noAnswers';

export interface ComparedRow {
  label: string;
  mean: string | null;
  answered: number;
  missing: MissingReason | null;
}

export interface Comparison {
  heading: string;
  questions: Array<{ text: string; chart: string; rows: ComparedRow[] }>;
}

export interface ComparePage {
  /** Day evaluations across the meetings, one comparison per year. */
  meetings: Comparison[];
  /** The same template's forms across years (the annual evaluation 2025/2026 against 2026/2027). */
  years: Comparison[];
}

/** Did the day evaluation rise across the meetings, and the annual one across the years? Thresholded per form. */
export async function comparePage(db: Db, actor: Actor, lang: Language): Promise<ComparePage> {
  assertAllowed(actor, 'evaluation.readResults');
  const networkId = networkOf(actor);
  const t = translator(lang);
  const [forms, meetings] = await Promise.all([listFormsOfNetwork(db, networkId), listMeetings(db, networkId)]);
  const published = forms.filter((form) => form.publishedAt);
  const tallied = await tallyForms(db, published.map((form) => ({ ...form, anonymous: thresholdedFor(actor, form) })));
  const meetingOf = new Map(meetings.map((meeting, index) => [meeting.id, { number: meeting.number, order: index }]));

  const days = published.filter((form) => form.kind === 'dayEvaluation');
  const meetingComparisons = [...groupBy(days, (form) => form.yearLabel)].map(([year, group]) => {
    const ordered = [...group].sort((a, b) => (meetingOf.get(a.meetingId ?? -1)?.order ?? 1e9) - (meetingOf.get(b.meetingId ?? -1)?.order ?? 1e9) || a.id - b.id);
    const compared = ordered.map((form) => {
      const meeting = form.meetingId ? meetingOf.get(form.meetingId) : undefined;
      return { formId: form.id, label: meeting ? t('evaluationResults.compare.meeting', { number: meeting.number }) : form.title, tally: tallied.get(form.id)! };
    });
    return comparisonOf(year ? t('evaluationResults.compare.daysOfYear', { year }) : t('evaluationResults.compare.days'), compared, t, lang);
  });

  // The day evaluations of each year pooled (every meeting's answers to a question, by its key), year against year.
  const dayYears = [...groupBy(days.filter((form) => form.yearLabel), (form) => form.yearLabel)].sort(([a], [b]) => a.localeCompare(b));
  const pooledDays =
    dayYears.length < 2 ? [] : [comparisonOf(t('evaluationResults.compare.days'), dayYears.map(([year, group], index) => ({ formId: -1 - index, label: year, tally: pooledTally(group.map((form) => tallied.get(form.id)!)) })), t, lang)];

  const templated = published.filter((form) => form.templateKey && form.yearLabel && form.kind !== 'dayEvaluation' && form.kind !== 'selfAssessment');
  const yearComparisons = [...groupBy(templated, (form) => `${form.kind}:${form.templateKey}`)].flatMap(([, group]) => {
    // The latest form of each year stands for that year.
    const perYear = new Map<string, FormRow>();
    for (const form of [...group].sort((a, b) => a.id - b.id)) perYear.set(form.yearLabel, form);
    if (perYear.size < 2) return [];
    const ordered = [...perYear.values()].sort((a, b) => a.yearLabel.localeCompare(b.yearLabel));
    const compared = ordered.map((form) => ({ formId: form.id, label: form.yearLabel, tally: tallied.get(form.id)! }));
    return [comparisonOf(ordered[ordered.length - 1]!.title, compared, t, lang)];
  });
  return { meetings: meetingComparisons, years: [...pooledDays, ...yearComparisons] };
}

async function tallyForms(db: Db, forms: readonly FormRow[]): Promise<Map<number, ComparedForm['tally']>> {
  const ids = forms.map((form) => form.id);
  const [questions, answers] = await Promise.all([listQuestionsOfForms(db, ids), listSubmittedAnswersOfForms(db, ids)]);
  return new Map(
    forms.map((form) => {
      const own = questions.filter((question) => question.formId === form.id).map(questionOf);
      const values = answers.filter((answer) => answer.formId === form.id).map((answer) => answer.values as Record<string, AnswerValue>);
      return [form.id, tallyAnswers(own, values, { anonymous: form.anonymous })];
    }),
  );
}

/**
 * Several forms' scale questions as one: per key, the answers of the forms shown (over the threshold) pooled, the
 * mean weighted by how many answered. Forms under the threshold add nothing; if none is shown, neither is the pool.
 */
function pooledTally(tallies: readonly FormTally[]): FormTally {
  const shown = tallies.filter((tally) => tally.shown);
  const pooled = new Map<string, QuestionTally>();
  for (const question of shown.flatMap((tally) => tally.questions).filter((candidate) => candidate.kind === 'scale')) {
    const sum = pooled.get(question.key);
    const counts = question.counts.map((n, i) => n + (sum?.counts[i] ?? 0));
    const answered = question.answered + (sum?.answered ?? 0);
    const mean = answered > 0 ? counts.reduce((total, n, i) => total + n * (i + 1), 0) / answered : null;
    pooled.set(question.key, { ...question, counts, answered, mean });
  }
  return { respondents: shown.reduce((total, tally) => total + tally.respondents, 0), shown: shown.length > 0, questions: [...pooled.values()] };
}

function comparisonOf(heading: string, forms: ComparedForm[], t: Translate, lang: Language): Comparison {
  const decimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const shown = new Map(forms.map((form) => [form.formId, form.tally]));
  return {
    heading,
    questions: compareScaleQuestions(forms).map((question) => {
      const rows = question.points.map((point): ComparedRow => {
        const tally = shown.get(point.formId)!;
        const asked = tally.questions.some((candidate) => candidate.key === question.key && candidate.kind === 'scale');
        const missing: MissingReason | null = !tally.shown ? 'notEnough' : !asked ? 'notAsked' : point.mean === null ? 'noAnswers' : null;
        return { label: point.label, mean: point.mean === null ? null : decimal.format(point.mean), answered: point.answered, missing };
      });
      const chart = comparisonChartSvg(
        question.points.map((point) => ({ label: point.label, mean: point.mean })),
        { title: question.text, width: 560, locale: lang, missingLabel: t('evaluationResults.compare.noResult') },
      );
      return { text: question.text, chart, rows };
    }),
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}
