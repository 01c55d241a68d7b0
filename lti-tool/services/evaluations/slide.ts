import type { Db } from '../../db';
import { translator, type Language } from '../../i18n';
import { assertAllowed, networkOf, type Actor } from '../../policies';
import { findMeetingInNetwork } from '../../../models/year';
import { comparisonChartSvg } from './charts';
import { formInScope } from './scope';
import { loadFormResults } from './results';
import { anonymityThreshold } from './tally';

/** At most this many free-text answers on the slide, and none longer than a slide can hold. */
const quotesMax = 3;
const quoteLengthMax = 240;

export interface SlidePage {
  heading: string;
  respondents: number;
  shown: boolean;
  threshold: number;
  /** The scale questions' means as one chart (null when the form has none). */
  meansChart: string | null;
  means: Array<{ text: string; mean: string }>;
  quotes: string[];
}

/**
 * "Feedback from the last meeting": a ready slide for the opening of the next one. Quotes only as the tally shows
 * them (never withheld texts), so the slide exposes no more than the results page.
 */
export async function slidePage(db: Db, actor: Actor, formId: number, lang: Language): Promise<SlidePage> {
  assertAllowed(actor, 'evaluation.present');
  const form = await formInScope(db, actor, formId);
  const t = translator(lang);
  const meeting = form.meetingId ? await findMeetingInNetwork(db, networkOf(actor), form.meetingId) : undefined;
  const heading = meeting ? t('evaluationResults.slide.headingMeeting', { number: meeting.number }) : t('evaluationResults.slide.heading', { title: form.title });
  const { tally } = await loadFormResults(db, form);
  const decimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const scales = tally.questions.filter((question) => question.kind === 'scale');
  const quotes = tally.questions
    .flatMap((question) => question.texts ?? [])
    .filter((text) => text.length <= quoteLengthMax)
    .slice(0, quotesMax);
  return {
    heading,
    respondents: tally.respondents,
    shown: tally.shown,
    threshold: anonymityThreshold,
    meansChart: scales.length ? comparisonChartSvg(scales.map((question) => ({ label: question.text, mean: question.mean })), { title: t('evaluationResults.slide.meansTitle'), width: 480, locale: lang, missingLabel: t('evaluationResults.noAnswers') }) : null,
    means: scales.map((question) => ({ text: question.text, mean: question.mean === null ? '–' : decimal.format(question.mean) })),
    quotes,
  };
}
