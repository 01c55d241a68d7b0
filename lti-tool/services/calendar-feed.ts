import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime, IANAZone } from 'luxon';
import { translator, type Translate } from '../i18n';
import type { MeetingView, NetworkLanguage, YearView } from './year-types';
import { formatterFor } from '../i18n/format';

/**
 * The network's meetings as an iCalendar feed (RFC 5545) for Outlook, Google Calendar and Apple Calendar.
 * Times are written as local times with TZID=<the network's zone> plus a VTIMEZONE built from luxon's
 * zone data, so clients that do not know the IANA name (Outlook) still show the right time across DST.
 */
export interface CalendarFeedOptions {
  calendarName: string;
  /** The feed's own address; its host makes the event UIDs globally unique. */
  url: string;
  /** PRODID without the leading "-", e.g. "//Example University//Nätverk//EN". */
  productId?: string;
  /** DTSTAMP of the events; defaults to now. */
  generatedAt?: Date;
}

export function renderCalendarFeed(view: YearView, options: CalendarFeedOptions): string {
  const zone = view.network.timeZone;
  const t = translator(view.network.language);
  const host = new URL(options.url).hostname;
  const years = view.meetings.map((meeting) => DateTime.fromJSDate(meeting.startsAt, { zone }).year);
  const calendar = ical({
    name: escapeText(options.calendarName),
    ...(view.network.description ? { description: escapeText(view.network.description) } : {}),
    url: options.url,
    prodId: options.productId ?? `//Natverk//Natverk//${view.network.language.toUpperCase()}`,
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide name: ical-generator would then write DTSTAMP in local time without "Z".
    timezone: { name: null, generator: (tzid) => vtimezone(tzid, Math.min(...years) - 1, Math.max(...years) + 2) },
    ttl: 60 * 60,
    x: { 'X-WR-TIMEZONE': zone },
  });
  const stamp = options.generatedAt ?? new Date();
  for (const meeting of [...view.meetings].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const link = meeting.mode !== 'onsite' ? meeting.meetingLink : null;
    calendar.createEvent({
      id: `natverk-meeting-${meeting.id}@${host}`,
      start: DateTime.fromJSDate(meeting.startsAt, { zone }),
      end: DateTime.fromJSDate(meeting.endsAt, { zone }),
      timezone: zone,
      stamp,
      summary: `${view.network.name}: ${meeting.number}. ${meeting.theme}`,
      location: locationOf(meeting),
      url: link,
      description: describe(meeting, t, zone, view.network.language),
    });
  }
  return calendar.toString();
}

function locationOf(meeting: MeetingView): string | null {
  const place = [meeting.place, meeting.address].filter(Boolean).join(', ');
  if (meeting.mode === 'digital') return meeting.meetingLink ?? (place || null);
  return place || meeting.meetingLink || null;
}

/** The event's description: where, then the programme with local times. */
function describe(meeting: MeetingView, t: Translate, zone: string, language: NetworkLanguage): string {
  const time = formatterFor(language, zone).time;
  const place = [meeting.place, meeting.address].filter(Boolean).join(', ');
  const lines = [t('programmePdf.meetingHeading', { number: meeting.number, theme: meeting.theme })];
  if (meeting.mode !== 'digital' && place) lines.push(`${t('programmePdf.place')}: ${place}`);
  if (meeting.mode === 'digital') lines.push(`${t('programmePdf.digitalMeeting')}: ${meeting.meetingLink ?? place}`);
  else if (meeting.mode === 'hybrid' && meeting.meetingLink) lines.push(`${t('programmePdf.meetingLink')}: ${meeting.meetingLink}`);
  lines.push('', t('programmePdf.programme'));
  if (meeting.programme.length === 0) lines.push(t('programmePdf.noProgramme'));
  for (const item of meeting.programme) {
    const when = item.startsAt ? (item.endsAt ? `${time(item.startsAt)}–${time(item.endsAt)}` : time(item.startsAt)) : '';
    const title = item.title.trim() || t(`meeting.kinds.${item.kind}`);
    lines.push([when, title].filter(Boolean).join(' ') + (item.speaker ? ` – ${item.speaker}` : ''));
  }
  return lines.join('\n');
}

/** ical-generator writes NAME and X-WR-CALDESC as given, so the TEXT escaping is ours. */
function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (char) => `\\${char}`).replace(/\r?\n/g, '\\n');
}

interface Transition {
  /** The instant of the change, epoch ms. */
  at: number;
  /** Offsets in minutes before and after. */
  from: number;
  to: number;
}

interface Observance {
  kind: 'STANDARD' | 'DAYLIGHT';
  from: number;
  to: number;
  /** Local wall-clock start (in the old offset), as the VTIMEZONE's DTSTART wants it. */
  first: DateTime;
  last: Transition;
  count: number;
  year: number;
  key: string;
  /** BYDAY prefixes that fit every occurrence so far: "1".."5" (nth weekday) or "-1" (last). */
  byDay: Set<string>;
}

const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/**
 * A VTIMEZONE for an IANA zone from luxon (that is, the runtime's ICU) data: the transitions of the years
 * around the meetings, folded into yearly RRULEs ("last Sunday of March") where they follow one.
 */
function vtimezone(tzid: string, fromYear: number, toYear: number): string | null {
  const zone = IANAZone.create(tzid);
  if (!zone.isValid || !Number.isFinite(fromYear) || !Number.isFinite(toYear)) return null;
  const found = transitions(zone, fromYear, toYear);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tzid}`];
  if (found.length === 0) {
    const offset = offsetText(zone.offset(Date.UTC(fromYear, 0, 1)));
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD');
  }
  const stillObservesDst = zone.offset(Date.UTC(toYear, 0, 1)) !== zone.offset(Date.UTC(toYear, 6, 1));
  const observances = foldObservances(zone, found);
  for (const observance of observances) {
    const isLastOfKind = observances.filter((other) => other.kind === observance.kind).at(-1) === observance;
    lines.push(...observanceLines(zone, observance, isLastOfKind && stillObservesDst));
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

function transitions(zone: IANAZone, fromYear: number, toYear: number): Transition[] {
  const minute = 60_000;
  const end = Date.UTC(toYear + 1, 0, 1);
  const found: Transition[] = [];
  for (let at = Date.UTC(fromYear, 0, 1); at < end; at += 86_400_000) {
    const before = zone.offset(at);
    const after = zone.offset(at + 86_400_000);
    if (before === after) continue;
    let low = at / minute;
    let high = (at + 86_400_000) / minute;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (zone.offset(middle * minute) === before) low = middle;
      else high = middle;
    }
    found.push({ at: high * minute, from: before, to: after });
  }
  return found;
}

function foldObservances(zone: IANAZone, found: Transition[]): Observance[] {
  const observances: Observance[] = [];
  const open = new Map<Observance['kind'], Observance>();
  for (const transition of found) {
    const local = DateTime.fromMillis(transition.at + transition.from * 60_000, { zone: 'utc' });
    const year = local.year;
    const january = zone.offset(Date.UTC(year, 0, 1));
    const july = zone.offset(Date.UTC(year, 6, 1));
    const kind = january !== july && transition.to > Math.min(january, july) ? 'DAYLIGHT' : 'STANDARD';
    const key = `${transition.from}|${transition.to}|${local.month}|${local.weekday}|${local.toFormat('HHmmss')}`;
    const byDay = new Set([String(Math.ceil(local.day / 7)), ...(local.day + 7 > (local.daysInMonth ?? 31) ? ['-1'] : [])]);
    const current = open.get(kind);
    const common = current ? new Set([...current.byDay].filter((prefix) => byDay.has(prefix))) : new Set<string>();
    if (current && current.key === key && current.year + 1 === year && common.size > 0) {
      Object.assign(current, { last: transition, count: current.count + 1, year, byDay: common });
      continue;
    }
    const observance: Observance = { kind, from: transition.from, to: transition.to, first: local, last: transition, count: 1, year, key, byDay };
    observances.push(observance);
    open.set(kind, observance);
  }
  return observances;
}

function observanceLines(zone: IANAZone, observance: Observance, openEnded: boolean): string[] {
  const { first } = observance;
  const name = zone.offsetName(observance.last.at, { format: 'short', locale: 'en-GB' });
  const lines = [
    `BEGIN:${observance.kind}`,
    `DTSTART:${first.toFormat("yyyyLLdd'T'HHmmss")}`,
    `TZOFFSETFROM:${offsetText(observance.from)}`,
    `TZOFFSETTO:${offsetText(observance.to)}`,
    ...(name && /^[A-Z]{2,5}$/.test(name) ? [`TZNAME:${name}`] : []),
  ];
  if (openEnded || observance.count > 1) {
    const prefix = observance.byDay.has('-1') ? '-1' : [...observance.byDay].sort()[0];
    const until = openEnded ? '' : `;UNTIL=${DateTime.fromMillis(observance.last.at, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'")}`;
    lines.push(`RRULE:FREQ=YEARLY;BYMONTH=${first.month};BYDAY=${prefix}${weekdays[first.weekday - 1]}${until}`);
  }
  lines.push(`END:${observance.kind}`);
  return lines;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
}
