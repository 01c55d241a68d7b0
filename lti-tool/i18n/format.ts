import { DateTime } from 'luxon';

/**
 * How each language writes a clock time. Norwegian and Danish write hours and minutes with a period
 * ("kl. 09.30", Språkrådet and Dansk Sprognævn); CLDR's nb data gives a colon, so Intl is not asked for it.
 * Swedish accepts both and keeps CLDR's colon. The Nordic languages put "kl." between a date and a time.
 */
const clockStyle: Record<string, { separator: string; prefix: string }> = {
  nb: { separator: '.', prefix: 'kl. ' },
  da: { separator: '.', prefix: 'kl. ' },
  sv: { separator: ':', prefix: 'kl. ' },
  en: { separator: ':', prefix: '' },
};

/**
 * Every date and time a page shows, in the network's time zone and the reader's language: the one
 * formatter for every view, PDF and calendar. Pages outside a network (the tool administration) get UTC with the zone named.
 */
export function formatterFor(lang: string, timeZone: string, options: { nameZone?: boolean } = {}) {
  // Day-month order and a 24-hour clock for English too: the networks are Nordic.
  const locale = lang === 'en' ? 'en-GB' : lang;
  const at = (date: Date) => DateTime.fromJSDate(date, { zone: timeZone }).setLocale(locale);
  const style = clockStyle[lang] ?? clockStyle.en!;
  const zoneName = (date: Date) => (options.nameZone ? ` ${at(date).toFormat('ZZZZ')}` : '');
  const kilobytes = new Intl.NumberFormat(lang, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 });
  const megabytes = new Intl.NumberFormat(lang, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
  const time = (date: Date) => at(date).toFormat(`HH'${style.separator}'mm`);
  const shortDate = (date: Date) => at(date).toLocaleString({ day: 'numeric', month: 'short' });
  return {
    fileSize: (bytes: number) => (bytes < 1024 * 1024 ? kilobytes.format(Math.max(1, Math.round(bytes / 1024))) : megabytes.format(bytes / (1024 * 1024))),
    day: (date: Date) => at(date).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    /** A clock time alone, 24-hour, as the language writes it: 09.30 (nb, da), 09:30 (sv, en). */
    time,
    /** A clock time standing alone in a sentence: "kl. 09.30". */
    clock: (date: Date) => `${style.prefix}${time(date)}${zoneName(date)}`,
    /** A short date with its time: "5. mars kl. 09.30", "5 mars kl. 09:30", "5 Mar, 09:30". */
    dateTime: (date: Date) => `${shortDate(date)}${style.prefix ? ` ${style.prefix}` : ', '}${time(date)}${zoneName(date)}`,
    /** For date and time inputs: local values in the network's zone. */
    inputDate: (date: Date) => at(date).toISODate() ?? '',
    inputTime: (date: Date) => at(date).toFormat('HH:mm'),
    /** How `clock` writes a time, for a page's script to write one the same way (in the network's zone, not the device's). */
    clockStyle: { timeZone, separator: style.separator, prefix: style.prefix },
  };
}
export type Formatter = ReturnType<typeof formatterFor>;

/** The formatter for pages outside any network (the tool administration): UTC, and the zone said. */
export const serverFormatter = (lang: string) => formatterFor(lang, 'UTC', { nameZone: true });
