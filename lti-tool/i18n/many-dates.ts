import type { Formatter } from './format';

/**
 * `fmt.dateTime` for pages that show hundreds of dates (a long forum thread): the same words, from two
 * Intl formatters made once per page instead of a Luxon date (and its zone lookup) per date.
 */
export function manyDateTimes(lang: string, fmt: Pick<Formatter, 'clockStyle'>): (date: Date) => string {
  const { timeZone, separator, prefix } = fmt.clockStyle;
  const day = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { day: 'numeric', month: 'short', timeZone });
  const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  // en-GB writes "09:30" with a 24-hour clock; the language's own separator replaces the colon.
  return (date) => `${day.format(date)}${prefix ? ` ${prefix}` : ', '}${clock.format(date).replace(':', separator)}`;
}
