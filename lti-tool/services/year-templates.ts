import { DateTime, IANAZone } from 'luxon';
import { municipalNetwork } from './year-templates/municipal-network';
import { pilotYear } from './year-templates/pilot-year';
import { regionalPartnership } from './year-templates/regional-partnership';
import { avoidHolidays } from './year-templates/holidays';
import type { ProgrammeItemSpec, IntervalSpec, TemplateChoiceSpec, DatedTemplate } from './year-templates/template-specs';
import {
  templateIds,
  type NetworkLanguage,
  type PlannedAssignment,
  type PlannedInterval,
  type PlannedMeeting,
  type PlannedProgrammeItem,
  type MovedMeeting,
  type PlanOptions,
  type TemplateId,
  type YearPlan,
} from './year-types';

/**
 * The year templates as pure functions: a template id and a start date in, a proposed year out (meetings with
 * their programme, and the work between them). No database, no clock: the same options give the same plan.
 * The texts of each template live in `year-templates/<template>.ts`, all four languages side by side.
 */

export interface TemplateChoice {
  id: TemplateId;
  name: string;
  description: string;
}

/** The kindergarten-class leaders' network in Kalundborg meets on Thursdays; every other subject network on Mondays. */
export const kindergartenClassLeadersOptions = { weekday: 4, startTime: '14:00', endTime: '16:00' } as const;

const languages: readonly NetworkLanguage[] = ['sv', 'da', 'nb', 'en'];
const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;

const emptyChoice: TemplateChoiceSpec = {
  name: { sv: 'Tomt år', da: 'Tomt år', nb: 'Tomt år', en: 'Empty year' },
  description: {
    sv: 'Inga träffar eller uppgifter: du lägger upp året själv.',
    da: 'Ingen netværksmøder eller opgaver: du planlægger selv året.',
    nb: 'Ingen samlinger eller oppgaver: du legger opp året selv.',
    en: 'No meetings or tasks: you set up the year yourself.',
  },
};

/** The templates for the set-up form, in the network's language. */
export function templateChoices(language: NetworkLanguage): TemplateChoice[] {
  const specs: Record<TemplateId, TemplateChoiceSpec> = {
    'pilot-year': pilotYear.choice,
    'municipal-network': municipalNetwork.choice,
    'regional-partnership': regionalPartnership.choice,
    empty: emptyChoice,
  };
  const lang = checkLanguage(language);
  return templateIds.map((id) => ({ id, name: specs[id].name[lang], description: specs[id].description[lang] }));
}

/**
 * Proposes a year from a template. Dates are local dates in `options.timeZone`, times local wall-clock; the first
 * meeting falls on or after `options.startDate`. `weekday`, `startTime` and `endTime` shape the municipal network
 * only (the other templates follow their seed's days and hours). Throws an Error on an invalid date, time, weekday,
 * language or an unknown time zone.
 */
export function planYear(template: TemplateId, options: PlanOptions): YearPlan {
  const start = startOf(options);
  const lang = checkLanguage(options.language);
  const plan = (planned: PlannedMeeting[], intervals: PlannedInterval[], assignments: PlannedAssignment[] = []): YearPlan => {
    const { meetings, moved } = outOfHolidays(planned, options.timeZone);
    return { template, language: lang, timeZone: options.timeZone, meetings, intervals, assignments, moved };
  };
  switch (template) {
    case 'pilot-year':
      return plan(...planDated(pilotYear, start, lang));
    case 'regional-partnership':
      return plan(...planDated(regionalPartnership, start, lang));
    case 'municipal-network':
      return plan(planMunicipal(start, lang, options), municipalNetwork.intervals.map((spec) => intervalIn(spec, lang)));
    case 'empty':
      return plan([], []);
    default:
      throw new Error(`Unknown year template "${String(template)}" (expected one of ${templateIds.join(', ')})`);
  }
}

function planDated(template: DatedTemplate, start: DateTime, lang: NetworkLanguage): [PlannedMeeting[], PlannedInterval[], PlannedAssignment[]] {
  const first = firstWeekdayFrom(start);
  const seedFirst = template.meetings[0] ? DateTime.fromISO(template.meetings[0].seedDate, { zone: 'utc' }) : null;
  const meetings = template.meetings.map((spec, index): PlannedMeeting => {
    const offset = seedFirst ? DateTime.fromISO(spec.seedDate, { zone: 'utc' }).diff(seedFirst, 'days').days : 0;
    return {
      number: index + 1,
      theme: spec.theme[lang],
      date: isoDate(nearestWeekday(first.plus({ days: offset }))),
      startTime: spec.startTime,
      endTime: spec.endTime,
      fullDay: spec.fullDay,
      mode: spec.mode,
      ...(spec.place ? { place: spec.place } : {}),
      ...(spec.kindLabel ? { kindLabel: spec.kindLabel[lang] } : {}),
      programme: spec.programme.map((item) => itemIn(item, lang)),
    };
  });
  const assignments = (template.assignments ?? []).map(
    (spec): PlannedAssignment => ({
      letter: spec.letter,
      title: spec.title[lang],
      instructions: spec.instructions[lang],
      guidingQuestions: spec.guidingQuestions.map((section) => ({ heading: section.heading[lang], questions: section.questions.map((question) => question[lang]) })),
      presentedAtMeeting: spec.presentedAtMeeting,
      presentationMinutes: spec.presentationMinutes,
      groupSize: spec.groupSize,
      leaderConversation: spec.leaderConversation,
    }),
  );
  return [meetings, template.intervals.map((spec) => intervalIn(spec, lang)), assignments];
}

function planMunicipal(start: DateTime, lang: NetworkLanguage, options: PlanOptions): PlannedMeeting[] {
  const { defaults, everyWeeks, mode, meetings } = municipalNetwork;
  const weekday = options.weekday ?? defaults.weekday;
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) throw new Error(`Invalid weekday ${weekday}: expected an ISO weekday 1 (Monday) to 7 (Sunday)`);
  const startTime = checkTime(options.startTime ?? defaults.startTime, 'start time');
  const endTime = checkTime(options.endTime ?? defaults.endTime, 'end time');
  const length = wallClock(endTime).diff(wallClock(startTime), 'minutes').minutes;
  if (length <= 0) throw new Error(`Invalid meeting hours ${startTime}–${endTime}: the meeting must end after it starts`);
  const first = start.plus({ days: (weekday - start.weekday + 7) % 7 });
  // The spec's minutes are for the seed's two hours; other hours stretch or shrink the programme to fit.
  const at = (minute: number) => wallClock(startTime).plus({ minutes: Math.round((minute * length) / defaults.minutes / 5) * 5 }).toFormat('HH:mm');
  return meetings.map((spec, index) => ({
    number: index + 1,
    theme: spec.theme[lang],
    date: isoDate(first.plus({ weeks: everyWeeks * index })),
    startTime,
    endTime,
    fullDay: false,
    mode,
    programme: spec.programme.map((item) => ({
      start: at(item.from),
      end: item.to >= defaults.minutes ? endTime : at(item.to),
      kind: item.kind,
      title: item.title[lang],
    })),
  }));
}

/** Every template's meetings keep out of the school holidays (see holidays.ts); the moves are told, not hidden. */
function outOfHolidays(planned: PlannedMeeting[], timeZone: string): { meetings: PlannedMeeting[]; moved: MovedMeeting[] } {
  const { dates, moved } = avoidHolidays(planned.map((meeting) => DateTime.fromISO(meeting.date, { zone: timeZone }).set({ hour: 12 })));
  return {
    meetings: planned.map((meeting, index) => ({ ...meeting, date: isoDate(dates[index]!) })),
    moved: moved.map(({ index, ...move }) => ({ number: planned[index]!.number, ...move })),
  };
}

function itemIn(spec: ProgrammeItemSpec, lang: NetworkLanguage): PlannedProgrammeItem {
  return { start: spec.start, end: spec.end, kind: spec.kind, title: spec.title[lang], ...(spec.speaker ? { speaker: spec.speaker[lang] } : {}) };
}

function intervalIn(spec: IntervalSpec, lang: NetworkLanguage): PlannedInterval {
  return {
    afterMeeting: spec.afterMeeting,
    title: spec.title[lang],
    tasks: spec.tasks.map((task) => task[lang]),
    recordedLectures: (spec.recordedLectures ?? []).map((lecture) => ({ title: lecture.title[lang], ...(lecture.url ? { url: lecture.url } : {}) })),
    literature: (spec.literature ?? []).map((entry) => entry[lang]),
  };
}

/** The start date at noon in the zone: a day's arithmetic at noon never meets a DST gap at midnight. */
function startOf(options: PlanOptions): DateTime {
  if (typeof options.timeZone !== 'string' || !IANAZone.isValidZone(options.timeZone)) {
    throw new Error(`Unknown time zone "${String(options.timeZone)}": expected an IANA name such as Europe/Stockholm`);
  }
  const invalid = `Invalid start date "${String(options.startDate)}": expected an existing date as yyyy-mm-dd`;
  if (typeof options.startDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(options.startDate)) throw new Error(invalid);
  const start = DateTime.fromISO(options.startDate, { zone: options.timeZone });
  if (!start.isValid) throw new Error(`${invalid} (${start.invalidExplanation ?? start.invalidReason})`);
  return start.set({ hour: 12 });
}

function checkLanguage(language: NetworkLanguage): NetworkLanguage {
  if (!languages.includes(language)) throw new Error(`Unknown network language "${String(language)}": expected one of ${languages.join(', ')}`);
  return language;
}

function checkTime(time: string, what: string): string {
  if (!timePattern.test(time)) throw new Error(`Invalid ${what} "${time}": expected HH:mm`);
  return time;
}

/** A wall-clock time on no particular day (UTC has no DST), for adding minutes to "HH:mm". */
function wallClock(time: string): DateTime {
  return DateTime.fromFormat(time, 'HH:mm', { zone: 'utc' });
}

/** The first meeting falls on or after the start: a weekend start moves to the Monday after. */
function firstWeekdayFrom(day: DateTime): DateTime {
  return day.weekday >= 6 ? day.plus({ days: 8 - day.weekday }) : day;
}

/** Later meetings keep the seed's spacing as closely as a weekday allows: Saturday → Friday, Sunday → Monday. */
function nearestWeekday(day: DateTime): DateTime {
  if (day.weekday === 6) return day.minus({ days: 1 });
  if (day.weekday === 7) return day.plus({ days: 1 });
  return day;
}

function isoDate(day: DateTime): string {
  const date = day.toISODate();
  if (!date) throw new Error(`Invalid date in year plan: ${day.invalidExplanation ?? day.invalidReason}`);
  return date;
}
