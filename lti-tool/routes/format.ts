import { DateTime } from 'luxon';

/** Date and time labels for views, in the network's time zone and the reader's language. */
export function formatterFor(lang: string, timeZone: string) {
  const at = (date: Date) => DateTime.fromJSDate(date, { zone: timeZone }).setLocale(lang);
  return {
    day: (date: Date) => at(date).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    time: (date: Date) => at(date).toLocaleString(DateTime.TIME_24_SIMPLE),
    dateTime: (date: Date) => at(date).toLocaleString({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
    /** For date and time inputs: local values in the network's zone. */
    inputDate: (date: Date) => at(date).toISODate() ?? '',
    inputTime: (date: Date) => at(date).toFormat('HH:mm'),
  };
}
export type Formatter = ReturnType<typeof formatterFor>;
