import type { DateTime } from 'luxon';
import type { HolidayName, MovedMeeting } from '../year-types';

/**
 * The school holidays a template's meetings keep out of. Nordic schools close from midsummer until the middle
 * of August, and from just before Christmas until Epiphany; a network meeting then would find nobody there.
 */
export const holidays = [
  { name: 'summer', from: { month: 6, day: 20 }, to: { month: 8, day: 15 } },
  { name: 'christmas', from: { month: 12, day: 20 }, to: { month: 1, day: 6 } },
] as const;

/** Meetings in a row are at least this far apart, whatever a move does to them. */
const minimumGapDays = 7;

interface Span {
  name: HolidayName;
  start: DateTime;
  end: DateTime;
}

/** The holiday a day falls in, with its first and last day in that year. */
export function holidayOf(day: DateTime): Span | undefined {
  for (const holiday of holidays) {
    const crossesNewYear = holiday.from.month > holiday.to.month;
    const startYear = crossesNewYear && day.month <= holiday.to.month ? day.year - 1 : day.year;
    const start = day.set({ year: startYear, month: holiday.from.month, day: holiday.from.day }).startOf('day');
    const end = day.set({ year: crossesNewYear ? startYear + 1 : startYear, month: holiday.to.month, day: holiday.to.day }).endOf('day');
    if (day >= start && day <= end) return { name: holiday.name, start, end };
  }
  return undefined;
}

/** The same weekday as `day`, on or after `earliest`. */
const sameWeekdayFrom = (earliest: DateTime, day: DateTime) => earliest.plus({ days: (day.weekday - earliest.weekday + 7) % 7 });

/**
 * Moves meetings out of the holidays, in order: a meeting in a holiday goes to the same weekday just before or
 * just after it, whichever is nearer its planned date while staying a week after the meeting before (the first
 * meeting never moves before the start, and when it moves the rest of the year moves with it); later meetings
 * keep their planned dates unless that would come too close, when they move forward as little as they must.
 * Returns the dates (same order) and every meeting whose date changed.
 */
export function avoidHolidays(planned: readonly DateTime[]): { dates: DateTime[]; moved: Array<Omit<MovedMeeting, 'number'> & { index: number }> } {
  const dates: DateTime[] = [];
  const moved: Array<Omit<MovedMeeting, 'number'> & { index: number }> = [];
  let shift = 0;
  planned.forEach((planDate, index) => {
    // A year that would start in a holiday starts after it: the whole plan moves with its first meeting.
    const original = planDate.plus({ days: shift });
    const previous = dates.at(-1);
    const earliest = previous ? previous.plus({ days: minimumGapDays }) : original;
    let day = original < earliest ? sameWeekdayFrom(earliest, original) : original;
    let holiday: HolidayName | undefined;
    for (let span = holidayOf(day); span; span = holidayOf(day)) {
      holiday ??= span.name;
      const before = span.start.minus({ days: 1 }).minus({ days: (span.start.minus({ days: 1 }).weekday - original.weekday + 7) % 7 });
      const after = sameWeekdayFrom(span.end.plus({ days: 1 }).startOf('day').set({ hour: original.hour }), original);
      const candidates = [before.set({ hour: original.hour }), after].filter((candidate) => candidate >= earliest);
      day = candidates.sort((a, b) => Math.abs(a.diff(original).as('days')) - Math.abs(b.diff(original).as('days')))[0]!;
    }
    if (index === 0) shift = Math.round(day.diff(original, 'days').days);
    // Meetings that only followed the first one's move are not moves of their own.
    const from = index === 0 ? planDate : original;
    if (day.toISODate() !== from.toISODate()) moved.push({ index, from: from.toISODate()!, to: day.toISODate()!, ...(holiday ? { holiday } : {}) });
    dates.push(day);
  });
  return { dates, moved };
}
