import type { Db } from '../../db';
import { notFound } from '../../errors';
import { translator, type Language } from '../../i18n';
import { assertAllowed, authorize, contextOf, networkOf, type Actor } from '../../policies';
import { findSubmittedNamedAnswer, listFormsOfNetwork, listParticipantsWithSchools, listQuestionsOfForms, type FormRow } from '../../../models/evaluations';
import type { AnswerValue } from '../../../models/schema';
import { answerKeyOf } from './answer-key';
import { comparisonChartSvg } from './charts';
import { categoryLabelsOf } from './labels';
import { respondentsOf } from './respondents';
import { questionOf } from './results';
import type { Question } from './questions';

export interface StatementRow {
  text: string;
  start: string | null;
  end: string | null;
  /** Scale statements: end minus start ("+1", "−2"), when both were answered. */
  change: string | null;
}

export interface SelfAssessmentPage {
  participant: { id: number; name: string };
  yearLabel: string;
  hasForms: boolean;
  answeredStart: boolean;
  answeredEnd: boolean;
  statements: StatementRow[];
  chart: string | null;
  /** Staff and leaders: the list of participants to choose from. */
  canChoose: boolean;
}

/**
 * One participant's self-assessment at the start of the year against the end, statement by statement: for that
 * participant, leaders and staff only (never school leaders or other participants). The answers are found by the
 * person's own answer key and the person stored with the (named) answer.
 */
export async function selfAssessmentPage(db: Db, actor: Actor, participantId: number, lang: Language, dataDir: string): Promise<SelfAssessmentPage> {
  assertAllowed(actor, 'evaluation.readSelfAssessment', { participantId });
  const participant = (await listParticipantsWithSchools(db, contextOf(actor))).find((person) => person.userId === participantId);
  if (!participant) throw notFound(`user ${participantId} is no participant of this course`);
  const t = translator(lang);
  const { yearLabel, start, end } = await currentForms(db, actor);
  const chosen = [start, end].filter((form): form is FormRow => Boolean(form));
  const questions = (await listQuestionsOfForms(db, chosen.map((form) => form.id))).map((row) => ({ formId: row.formId, question: questionOf(row) }));
  const answerOf = async (form: FormRow | undefined) => (form ? (await findSubmittedNamedAnswer(db, form.id, answerKeyOf(dataDir, form.id, participantId), participantId))?.values : undefined);
  const [startValues, endValues] = await Promise.all([answerOf(start), answerOf(end)]);

  // Statements line up by key; the order is the end form's where it exists (the latest wording), else the start's.
  const keyed = new Map<string, { start?: Question; end?: Question }>();
  for (const form of [end, start]) {
    if (!form) continue;
    const which = form === start ? 'start' : 'end';
    for (const { question } of questions.filter((item) => item.formId === form.id)) keyed.set(question.key, { ...keyed.get(question.key), [which]: question });
  }
  const show = (question: Question | undefined, values: Record<string, AnswerValue> | undefined) => (question && values ? answerText(question, values[String(question.id)], t) : null);
  const statements: StatementRow[] = [];
  const series: Array<{ label: string; mean: number | null }> = [];
  for (const pair of keyed.values()) {
    const question = pair.end ?? pair.start!;
    const startValue = pair.start && startValues ? startValues[String(pair.start.id)] : undefined;
    const endValue = pair.end && endValues ? endValues[String(pair.end.id)] : undefined;
    const bothScale = question.kind === 'scale' && typeof startValue === 'number' && typeof endValue === 'number';
    statements.push({ text: question.text, start: show(pair.start, startValues), end: show(pair.end, endValues), change: bothScale ? signed(endValue - startValue) : null });
    if (question.kind === 'scale') {
      series.push({ label: `${question.text} — ${t('evaluationResults.self.start')}`, mean: typeof startValue === 'number' ? startValue : null });
      series.push({ label: `${question.text} — ${t('evaluationResults.self.end')}`, mean: typeof endValue === 'number' ? endValue : null });
    }
  }
  const answered = series.some((point) => point.mean !== null);
  return {
    participant: { id: participant.userId, name: participant.name ?? participant.email ?? t('common.unnamedUser') },
    yearLabel,
    hasForms: chosen.length > 0,
    answeredStart: Boolean(startValues),
    answeredEnd: Boolean(endValues),
    statements,
    chart: answered ? comparisonChartSvg(series, { title: t('evaluationResults.self.chartTitle', { name: participant.name ?? '' }), width: 560, locale: lang, missingLabel: t('evaluationResults.self.notAnswered') }) : null,
    canChoose: authorize(actor, 'evaluation.present'),
  };
}

/** The self-assessment of the latest year that has one: the latest start and end forms in it. */
async function currentForms(db: Db, actor: Actor): Promise<{ yearLabel: string; start?: FormRow; end?: FormRow }> {
  const forms = (await listFormsOfNetwork(db, networkOf(actor))).filter((form) => form.kind === 'selfAssessment' && form.publishedAt && !form.anonymous);
  const yearLabel = forms.reduce<FormRow | undefined>((latest, form) => (!latest || form.id > latest.id ? form : latest), undefined)?.yearLabel ?? '';
  const latestOf = (phase: 'start' | 'end') => forms.filter((form) => form.yearLabel === yearLabel && form.phase === phase).sort((a, b) => b.id - a.id)[0];
  return { yearLabel, start: latestOf('start'), end: latestOf('end') };
}

export interface ParticipantEntry {
  id: number;
  name: string;
  answeredStart: boolean;
  answeredEnd: boolean;
}

/**
 * Where /evaluations/self-assessment leads: leaders and staff choose whose self-assessment to read from the list
 * (with who has answered, never what); anyone else reads their own (and the own page refuses those who have none).
 */
export async function selfAssessmentEntry(db: Db, actor: Actor, dataDir: string): Promise<{ participants: ParticipantEntry[] | null }> {
  if (!authorize(actor, 'evaluation.present')) return { participants: null };
  const people = await listParticipantsWithSchools(db, contextOf(actor));
  const { start, end } = await currentForms(db, actor);
  const ids = people.map((person) => person.userId);
  const [startDone, endDone] = await Promise.all([start ? respondentsOf(db, dataDir, start.id, ids) : new Set<number>(), end ? respondentsOf(db, dataDir, end.id, ids) : new Set<number>()]);
  return {
    participants: people.map((person) => ({
      id: person.userId,
      name: person.name ?? person.email ?? String(person.userId),
      answeredStart: startDone.has(person.userId),
      answeredEnd: endDone.has(person.userId),
    })),
  };
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

function answerText(question: Question, value: AnswerValue | undefined, t: ReturnType<typeof translator>): string | null {
  if (value === undefined || value === null) return null;
  const labels = categoryLabelsOf(question, t);
  switch (question.kind) {
    case 'scale':
      return typeof value === 'number' ? (labels[value - 1] ?? String(value)) : null;
    case 'single':
      return typeof value === 'number' ? (labels[value] ?? null) : null;
    case 'multiple':
      return Array.isArray(value) ? value.map((index) => labels[index] ?? '').filter(Boolean).join(', ') : null;
    case 'yesno':
      return typeof value === 'boolean' ? labels[value ? 0 : 1]! : null;
    case 'text':
      return typeof value === 'string' ? value : null;
  }
}
