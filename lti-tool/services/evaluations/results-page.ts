import type { Db } from '../../db';
import { translator, type Language } from '../../i18n';
import { assertAllowed, authorize, contextOf, networkOf, type Actor } from '../../policies';
import { listParticipantsWithSchools, type FormRow } from '../../../models/evaluations';
import { listSchools } from '../../../models/people';
import { formInScope } from './scope';
import { loadFormResults, questionResults, thresholdedFor, type QuestionResult } from './results';
import { anonymityThreshold } from './tally';

/** "N of M answered" only when it can be true: people who answered and then left the network are still counted. */
const outOf = (respondents: number, participants: number) => (participants >= respondents ? participants : null);

export interface SchoolResults {
  name: string;
  respondents: number;
  questions: QuestionResult[];
}

/** What the results page shows; every flag is decided here, the view only reads them. */
export interface ResultsPage {
  form: Pick<FormRow, 'id' | 'title' | 'anonymous' | 'kind'>;
  respondents: number;
  /** The active participants asked to answer ("23 of 31 answered"); null when more answered than are active now (some left). */
  participants: number | null;
  /** False: an anonymous form under the threshold; the page says only how many answered. */
  shown: boolean;
  threshold: number;
  questions: QuestionResult[];
  /** The by-school view was asked for. */
  bySchoolAsked: boolean;
  /** Null when not asked or not allowed (some school under the threshold): the page says why. */
  schools: SchoolResults[] | null;
  /** Leaders and staff: links to the big screen and the slide. */
  canPresent: boolean;
}

/** The results of one form for leaders, staff and school leaders: aggregates only, thresholded on anonymous forms. */
export async function resultsPage(db: Db, actor: Actor, formId: number, lang: Language, options: { bySchool: boolean }): Promise<ResultsPage> {
  assertAllowed(actor, 'evaluation.readResults');
  const form = await formInScope(db, actor, formId);
  const t = translator(lang);
  const [results, participants] = await Promise.all([loadFormResults(db, { id: form.id, anonymous: thresholdedFor(actor, form) }), listParticipantsWithSchools(db, contextOf(actor))]);
  let schools: SchoolResults[] | null = null;
  if (options.bySchool && results.tally.shown && results.bySchool) {
    const names = new Map((await listSchools(db, networkOf(actor))).map((school) => [school.id, school.name]));
    const other = t('evaluationResults.otherSchools');
    schools = results.bySchool
      .map((group) => ({
        name: group.schoolId === null ? other : (names.get(group.schoolId) ?? other),
        respondents: group.tally.respondents,
        questions: questionResults(group.tally, results.questions, t, lang),
        last: group.schoolId === null,
      }))
      .sort((a, b) => Number(a.last) - Number(b.last) || a.name.localeCompare(b.name, lang))
      .map(({ last: _last, ...school }) => school);
  }
  return {
    form: { id: form.id, title: form.title, anonymous: form.anonymous, kind: form.kind },
    respondents: results.tally.respondents,
    participants: outOf(results.tally.respondents, participants.length),
    shown: results.tally.shown,
    threshold: anonymityThreshold,
    questions: questionResults(results.tally, results.questions, t, lang),
    bySchoolAsked: options.bySchool,
    schools,
    canPresent: authorize(actor, 'evaluation.present'),
  };
}

export interface LiveResults {
  form: Pick<FormRow, 'id' | 'title'>;
  respondents: number;
  participants: number | null;
  shown: boolean;
  threshold: number;
  /**
   * How many new answers the screen waits for before it redraws the charts: on an anonymous form the threshold,
   * so that no single answer can be read off the bars as they move; on a named form every answer.
   */
  chartStep: number;
  questions: QuestionResult[];
}

/** The big screen's count and charts, re-read on every answer: for leaders and staff, thresholded like the page. */
export async function liveResults(db: Db, actor: Actor, formId: number, lang: Language): Promise<LiveResults> {
  assertAllowed(actor, 'evaluation.present');
  const form = await formInScope(db, actor, formId);
  const [results, participants] = await Promise.all([loadFormResults(db, form), listParticipantsWithSchools(db, contextOf(actor))]);
  return {
    form: { id: form.id, title: form.title },
    respondents: results.tally.respondents,
    participants: outOf(results.tally.respondents, participants.length),
    shown: results.tally.shown,
    threshold: anonymityThreshold,
    chartStep: form.anonymous ? anonymityThreshold : 1,
    // A text that appears on the room's screen a moment after someone put their phone down names its writer: the
    // big screen counts the written answers and leaves reading them to the results page.
    questions: questionResults(results.tally, results.questions, translator(lang), lang, 560).map((question) =>
      question.kind === 'text' && question.texts !== null ? { ...question, texts: null, textsHidden: true } : question,
    ),
  };
}
