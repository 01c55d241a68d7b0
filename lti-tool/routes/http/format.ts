import { DateTime } from 'luxon';

/** Date, time and size labels for views, in the network's time zone and the reader's language. */
export function formatterFor(lang: string, timeZone: string) {
  const at = (date: Date) => DateTime.fromJSDate(date, { zone: timeZone }).setLocale(lang);
  const kilobytes = new Intl.NumberFormat(lang, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 });
  const megabytes = new Intl.NumberFormat(lang, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
  return {
    fileSize: (bytes: number) => (bytes < 1024 * 1024 ? kilobytes.format(Math.max(1, Math.round(bytes / 1024))) : megabytes.format(bytes / (1024 * 1024))),
    day: (date: Date) => at(date).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    time: (date: Date) => at(date).toLocaleString(DateTime.TIME_24_SIMPLE),
    dateTime: (date: Date) => at(date).toLocaleString({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
    /** For date and time inputs: local values in the network's zone. */
    inputDate: (date: Date) => at(date).toISODate() ?? '',
    inputTime: (date: Date) => at(date).toFormat('HH:mm'),
  };
}
export type Formatter = ReturnType<typeof formatterFor>;
