import { DateTime } from 'luxon';

/** When a form follows its meeting: open from the meeting's start, closed when the second day after it ends. */
export interface FormWindow {
  opensAt: Date;
  closesAt: Date;
}

/**
 * The window of a day evaluation, in the network's zone: it opens when the meeting starts and closes at 00:00
 * local time three calendar days after the meeting's date (the end of the second day after it), so a meeting on
 * a daylight-saving day or just before one still closes at local midnight, whatever the hours between.
 */
export function meetingWindow(meetingStartsAt: Date, timeZone: string): FormWindow {
  const start = DateTime.fromJSDate(meetingStartsAt, { zone: timeZone });
  const closes = start.startOf('day').plus({ days: 3 });
  return { opensAt: meetingStartsAt, closesAt: closes.toJSDate() };
}

/**
 * A local date and time typed by a leader, as an instant in the network's zone. A time the clocks skip (02:30 on
 * the spring-forward night) is refused rather than moved; a time the autumn night has twice is the first of the two
 * (still summer time), as a clock on the wall shows it first.
 */
export function localTimeToInstant(date: string, time: string, timeZone: string): Date | undefined {
  const value = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
  if (!value.isValid) return undefined;
  if (value.toFormat("yyyy-MM-dd'T'HH:mm") !== `${date}T${time}`) return undefined;
  const earlier = value.minus({ hours: 1 });
  // luxon may pick either offset for an ambiguous time; take the earlier instant that shows the same wall time.
  return earlier.toFormat("yyyy-MM-dd'T'HH:mm") === `${date}T${time}` ? earlier.toJSDate() : value.toJSDate();
}

/** An instant as the local date and time inputs show it. */
export function instantToLocal(instant: Date | null, timeZone: string): { date: string; time: string } {
  if (!instant) return { date: '', time: '' };
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return { date: local.toISODate() ?? '', time: local.toFormat('HH:mm') };
}
