import { expect } from 'chai';
import { DateTime } from 'luxon';
import ical, { type VEvent } from 'node-ical';
import { renderCalendarFeed } from '../../lti-tool/services/calendar-feed';
import type { MeetingView, YearView } from '../../lti-tool/services/year-types';

const at = (iso: string) => new Date(iso);

function buildMeeting(overrides: Partial<MeetingView> = {}): MeetingView {
  return {
    id: 41,
    number: 1,
    theme: 'Skolutveckling på vetenskaplig grund',
    // 09:30 in Stockholm in September (CEST, +02:00)
    startsAt: at('2025-09-16T09:30:00+02:00'),
    endsAt: at('2025-09-16T16:00:00+02:00'),
    fullDay: true,
    mode: 'onsite',
    place: 'Linnéuniversitetet, Växjö',
    address: 'Universitetsplatsen 1',
    meetingLink: null,
    programme: [
      { startsAt: at('2025-09-16T09:30:00+02:00'), endsAt: at('2025-09-16T10:00:00+02:00'), kind: 'welcome', title: 'Välkommen och presentation', speaker: null },
      { startsAt: at('2025-09-16T10:00:00+02:00'), endsAt: at('2025-09-16T11:30:00+02:00'), kind: 'lecture', title: 'Förstelärarens uppdrag', speaker: 'Åsa Öberg' },
    ],
    ...overrides,
  };
}

/** A Swedish year: an on-site meeting in September (summer time) and a digital one in January (winter time). */
function buildYearView(overrides: Partial<YearView> = {}): YearView {
  return {
    network: { id: 7, name: 'Förstelärarnätverket', description: null, language: 'sv', timeZone: 'Europe/Stockholm' },
    leaders: [{ name: 'Märta Ängström', email: 'marta@example.se' }],
    meetings: [
      buildMeeting(),
      buildMeeting({
        id: 42,
        number: 2,
        theme: 'Kollegahandledning och lärande samtal',
        // 09:30 in Stockholm in January (CET, +01:00)
        startsAt: at('2026-01-20T09:30:00+01:00'),
        endsAt: at('2026-01-20T12:00:00+01:00'),
        fullDay: false,
        mode: 'digital',
        place: null,
        address: null,
        meetingLink: 'https://lnu-se.zoom.us/j/123456789',
        programme: [{ startsAt: at('2026-01-20T09:30:00+01:00'), endsAt: null, kind: 'peer_supervision', title: 'Problembaserad kollegahandledning', speaker: null }],
      }),
    ],
    intervals: [],
    ...overrides,
  };
}

const options = { calendarName: 'Förstelärarnätverket – träffar', url: 'https://natverk.example.se/calendar/feed/abc123.ics', generatedAt: new Date('2025-08-01T06:00:00Z') };

function eventsOf(feed: string): VEvent[] {
  return Object.values(ical.sync.parseICS(feed))
    .filter((component): component is VEvent => component?.type === 'VEVENT')
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** node-ical gives a property with parameters (URL;VALUE=URI) as { params, val }. */
function valueOf(property: unknown): unknown {
  return property !== null && typeof property === 'object' && 'val' in property ? property.val : property;
}

/** The VTIMEZONE's observances as "KIND from→to rrule" lines, for comparison with published zone rules. */
function observances(feed: string): string[] {
  const unfolded = feed.replace(/\r\n[ \t]/g, '');
  const block = unfolded.slice(unfolded.indexOf('BEGIN:VTIMEZONE'), unfolded.indexOf('END:VTIMEZONE'));
  return [...block.matchAll(/BEGIN:(STANDARD|DAYLIGHT)\r\n([\s\S]*?)END:\1/g)].map(([, kind, body = '']) => {
    const field = (name: string) => body.match(new RegExp(`^${name}:(.*)$`, 'm'))?.[1]?.trim() ?? '';
    return `${kind} ${field('DTSTART').slice(8)} ${field('TZOFFSETFROM')}→${field('TZOFFSETTO')} ${field('RRULE')}`;
  });
}

describe('calendar feed', () => {
  it('when the year has two meetings, then the feed has one event per meeting with stable UIDs and numbered summaries', () => {
    const events = eventsOf(renderCalendarFeed(buildYearView(), options));

    expect(events).to.have.length(2);
    expect(events.map((event) => event.uid)).to.deep.equal(['natverk-meeting-41@natverk.example.se', 'natverk-meeting-42@natverk.example.se']);
    expect(events.map((event) => String(event.summary))).to.deep.equal([
      'Förstelärarnätverket: 1. Skolutveckling på vetenskaplig grund',
      'Förstelärarnätverket: 2. Kollegahandledning och lärande samtal',
    ]);
  });

  it('keeps the absolute start and end instants, and 09:30 Stockholm time in both summer and winter', () => {
    const view = buildYearView();
    const events = eventsOf(renderCalendarFeed(view, options));

    events.forEach((event, index) => {
      const meeting = view.meetings[index] as MeetingView;
      expect(event.start.toISOString()).to.equal(meeting.startsAt.toISOString());
      expect(event.end?.toISOString()).to.equal(meeting.endsAt.toISOString());
      expect(DateTime.fromJSDate(event.start, { zone: 'Europe/Stockholm' }).toFormat('HH:mm')).to.equal('09:30');
    });
    expect(events.map((event) => event.start.toISOString())).to.deep.equal(['2025-09-16T07:30:00.000Z', '2026-01-20T08:30:00.000Z']);
  });

  it('writes local times with the network’s TZID and a VTIMEZONE with the EU summer-time rules', () => {
    const feed = renderCalendarFeed(buildYearView(), options);

    expect(feed).to.include('DTSTART;TZID=Europe/Stockholm:20250916T093000');
    expect(feed).to.include('DTSTART;TZID=Europe/Stockholm:20260120T093000');
    expect(feed).to.include('TZID:Europe/Stockholm');
    expect(observances(feed)).to.deep.equal([
      'DAYLIGHT T020000 +0100→+0200 FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
      'STANDARD T030000 +0200→+0100 FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    ]);
    expect(feed).to.match(/DTSTAMP:20250801T060000Z/);
  });

  it('builds the VTIMEZONE for other zones from their own rules', () => {
    const base = buildYearView();
    const feedIn = (timeZone: string) => renderCalendarFeed({ ...base, network: { ...base.network, timeZone } }, options);

    expect(observances(feedIn('Australia/Sydney'))).to.deep.equal([
      'STANDARD T030000 +1100→+1000 FREQ=YEARLY;BYMONTH=4;BYDAY=1SU',
      'DAYLIGHT T020000 +1000→+1100 FREQ=YEARLY;BYMONTH=10;BYDAY=1SU',
    ]);
    expect(observances(feedIn('America/New_York'))).to.deep.equal([
      'DAYLIGHT T020000 -0500→-0400 FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
      'STANDARD T020000 -0400→-0500 FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    ]);
    expect(observances(feedIn('Asia/Tokyo'))).to.deep.equal(['STANDARD T000000 +0900→+0900 ']);
  });

  it('when the TZID cannot be looked up by name, then the VTIMEZONE’s offsets give the same instants', () => {
    // node-ical reads the VTIMEZONE (rather than the name) for Outlook's custom zone ids.
    const feed = renderCalendarFeed(buildYearView(), options).replaceAll('Europe/Stockholm', 'Customized Time Zone');
    const events = eventsOf(feed);

    expect(events.map((event) => event.start.toISOString())).to.deep.equal(['2025-09-16T07:30:00.000Z', '2026-01-20T08:30:00.000Z']);
  });

  it('gives the place and address of an on-site meeting, and the link as location and URL of a digital one', () => {
    const [onsite, digital] = eventsOf(renderCalendarFeed(buildYearView(), options));

    expect(onsite?.location).to.equal('Linnéuniversitetet, Växjö, Universitetsplatsen 1');
    expect(onsite?.url).to.equal(undefined);
    expect(digital?.location).to.equal('https://lnu-se.zoom.us/j/123456789');
    expect(valueOf(digital?.url)).to.equal('https://lnu-se.zoom.us/j/123456789');
  });

  it('describes the programme with local times and titles in the network’s language', () => {
    const [onsite, digital] = eventsOf(renderCalendarFeed(buildYearView(), options));

    const description = String(onsite?.description);
    expect(description).to.include('Träff 1: Skolutveckling på vetenskaplig grund');
    expect(description).to.include('Plats: Linnéuniversitetet, Växjö, Universitetsplatsen 1');
    expect(description).to.include('09:30–10:00 Välkommen och presentation');
    expect(description).to.include('10:00–11:30 Förstelärarens uppdrag – Åsa Öberg');
    expect(String(digital?.description)).to.include('Digital träff: https://lnu-se.zoom.us/j/123456789');
    expect(String(digital?.description)).to.include('09:30 Problembaserad kollegahandledning');
  });

  it('names the calendar and gives identical output for the same input and clock', () => {
    const view = buildYearView();
    const feed = renderCalendarFeed(view, options);

    expect(feed).to.equal(renderCalendarFeed(view, options));
    const calendar = ical.sync.parseICS(feed).vcalendar as Record<string, unknown> | undefined;
    expect(calendar?.['WR-CALNAME']).to.equal('Förstelärarnätverket – träffar');
    expect(calendar?.['WR-TIMEZONE']).to.equal('Europe/Stockholm');
  });
});
