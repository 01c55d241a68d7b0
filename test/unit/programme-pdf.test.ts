import { expect } from 'chai';
import { PDFParse } from 'pdf-parse';
import { renderMeetingProgrammePdf, renderYearProgrammePdf } from '../../lti-tool/services/programme-pdf';
import type { MeetingView, YearView } from '../../lti-tool/services/year-types';

/** Stockholm wall-clock time as an instant: CEST (+02:00) in September, CET (+01:00) in January. */
const at = (iso: string) => new Date(iso);

function buildMeeting(overrides: Partial<MeetingView> = {}): MeetingView {
  return {
    id: 11,
    number: 1,
    theme: 'Skolutveckling på vetenskaplig grund',
    startsAt: at('2025-09-16T09:30:00+02:00'),
    endsAt: at('2025-09-16T16:00:00+02:00'),
    fullDay: true,
    mode: 'onsite',
    place: 'Linnéuniversitetet, Växjö',
    address: 'Universitetsplatsen 1, 352 52 Växjö',
    meetingLink: null,
    programme: [
      { startsAt: at('2025-09-16T09:30:00+02:00'), endsAt: at('2025-09-16T10:00:00+02:00'), kind: 'welcome', title: 'Välkommen och presentation', speaker: null },
      { startsAt: at('2025-09-16T10:00:00+02:00'), endsAt: at('2025-09-16T11:30:00+02:00'), kind: 'lecture', title: 'Förstelärarens uppdrag', speaker: 'Åsa Öberg' },
      { startsAt: at('2025-09-16T13:00:00+02:00'), endsAt: at('2025-09-16T14:30:00+02:00'), kind: 'gallery_walk', title: 'Gallery walk: nuläge', speaker: null },
      { startsAt: at('2025-09-16T15:30:00+02:00'), endsAt: at('2025-09-16T16:00:00+02:00'), kind: 'day_evaluation', title: 'Dagsutvärdering', speaker: null },
    ],
    ...overrides,
  };
}

/** A Swedish year with an on-site meeting in September and a digital one in January. */
function buildYearView(overrides: Partial<YearView> = {}): YearView {
  return {
    network: { id: 7, name: 'Förstelärarnätverket i Kronoberg', description: 'Ett nätverk för förstelärare och lektorer.', language: 'sv', timeZone: 'Europe/Stockholm' },
    leaders: [
      { name: 'Märta Ängström', email: 'marta.angstrom@example.se' },
      { name: 'Søren Ærø', email: null },
    ],
    meetings: [
      buildMeeting(),
      buildMeeting({
        id: 12,
        number: 2,
        theme: 'Kollegahandledning och lärande samtal',
        startsAt: at('2026-01-20T09:30:00+01:00'),
        endsAt: at('2026-01-20T12:00:00+01:00'),
        fullDay: false,
        mode: 'digital',
        place: null,
        address: null,
        meetingLink: 'https://lnu-se.zoom.us/j/123456789',
        programme: [
          { startsAt: at('2026-01-20T09:30:00+01:00'), endsAt: at('2026-01-20T10:30:00+01:00'), kind: 'peer_supervision', title: 'Problembaserad kollegahandledning', speaker: 'Björn Lindqvist' },
          { startsAt: at('2026-01-20T10:45:00+01:00'), endsAt: null, kind: 'presentations', title: 'Redovisning B i små grupper', speaker: null },
        ],
      }),
    ],
    intervals: [
      { afterMeeting: null, title: 'Före den första träffen', tasks: ['Gör självskattningen', 'Kom överens med din rektor om ett utvecklingsområde'], recordedLectures: [], literature: [] },
      {
        afterMeeting: 1,
        title: 'Mellan träff 1 och 2',
        tasks: ['Intervjua tre kollegor om deras undervisning'],
        recordedLectures: [{ title: 'Ledarskap för lärande', url: 'https://play.example.se/ledarskap' }],
        literature: ['Timperley, H. (2019). Det professionella lärandets inneboende kraft. Studentlitteratur.'],
      },
    ],
    ...overrides,
  };
}

async function textOf(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

async function infoOf(pdf: Buffer): Promise<Record<string, unknown>> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getInfo();
    return (result.info ?? {}) as Record<string, unknown>;
  } finally {
    await parser.destroy();
  }
}

const createdAt = new Date('2025-08-01T08:00:00Z');

describe('programme PDF', () => {
  it('when the year is rendered, then the network, leaders, themes, speakers and Swedish dates appear with å ä ö intact', async () => {
    const pdf = await renderYearProgrammePdf(buildYearView(), { createdAt });

    expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    const { text } = await textOf(pdf);
    for (const expected of [
      'Förstelärarnätverket i Kronoberg',
      'Årets program',
      'Nätverksledare',
      'Märta Ängström · marta.angstrom@example.se',
      'Søren Ærø',
      'Träff 1: Skolutveckling på vetenskaplig grund',
      'Träff 2: Kollegahandledning och lärande samtal',
      'Tisdag 16 september 2025, 09:30–16:00',
      'Tisdag 20 januari 2026, 09:30–12:00',
      'Plats: Linnéuniversitetet, Växjö, Universitetsplatsen 1, 352 52 Växjö',
      'Digital träff: https://lnu-se.zoom.us/j/123456789',
      'Åsa Öberg',
      'Björn Lindqvist',
      'Föreläsning',
      'Kollegahandledning',
      'Dagsutvärdering',
      '10:00–11:30',
      'Före den första träffen',
      'Mellan träff 1 och 2',
      'Inspelade föreläsningar',
      'Litteratur',
      'Ledarskap för lärande: https://play.example.se/ledarskap',
    ]) {
      expect(text, expected).to.include(expected);
    }
  });

  it('when the year is rendered, then the meetings and intervals come in the year’s order', async () => {
    const { text } = await textOf(await renderYearProgrammePdf(buildYearView(), { createdAt }));

    const order = ['Före den första träffen', 'Träff 1:', 'Mellan träff 1 och 2', 'Träff 2:'].map((marker) => text.indexOf(marker));
    expect(order.every((position) => position >= 0)).to.equal(true);
    expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
  });

  it('when one meeting is rendered, then only that meeting’s theme and programme appear', async () => {
    const { text } = await textOf(await renderMeetingProgrammePdf(buildYearView(), 12, { createdAt }));

    expect(text).to.include('Träff 2: Kollegahandledning och lärande samtal');
    expect(text).to.include('Program för träffen');
    expect(text).to.include('Tisdag 20 januari 2026, 09:30–12:00');
    expect(text).to.include('Problembaserad kollegahandledning');
    expect(text).to.include('Björn Lindqvist');
    expect(text).not.to.include('Skolutveckling på vetenskaplig grund');
    expect(text).not.to.include('Åsa Öberg');
    expect(text).not.to.include('Mellan träff 1 och 2');
  });

  it('when a meeting has a kind of gathering, then the PDF names it under the theme', async () => {
    const year = buildYearView();
    year.meetings[0] = { ...year.meetings[0]!, kindLabel: 'Ressursgruppesamling' };
    const { text } = await textOf(await renderYearProgrammePdf(year, { createdAt }));
    expect(text).to.include('Ressursgruppesamling');
    expect(text.split('Ressursgruppesamling')).to.have.length(2);
  });

  it('when the meeting does not belong to the year, then it is not found', async () => {
    let error: unknown;
    try {
      await renderMeetingProgrammePdf(buildYearView(), 999);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.have.property('status', 404);
  });

  it('sets the title, author and creation date, and gives identical bytes for the same input and clock', async () => {
    const view = buildYearView();
    const first = await renderYearProgrammePdf(view, { createdAt });
    const second = await renderYearProgrammePdf(view, { createdAt });

    expect(first.equals(second)).to.equal(true);
    const info = await infoOf(first);
    expect(info.Title).to.equal('Förstelärarnätverket i Kronoberg');
    expect(info.Author).to.equal('Nätverk');
    expect(String(info.CreationDate)).to.match(/^D:20250801080000Z/);
  });

  it('when the network is Danish, Norwegian or English, then the labels and dates follow its language', async () => {
    const cases = [
      { language: 'da', expected: ['Netværksmøde 1:', 'Tirsdag den 16. september 2025, 09.30–16.00', 'Oplæg'] },
      { language: 'nb', expected: ['Samling 1:', 'Tirsdag 16. september 2025, 09.30–16.00', 'Forelesning'] },
      { language: 'en', expected: ['Meeting 1:', 'Tuesday, 16 September 2025, 09:30–16:00', 'Lecture'] },
    ] as const;
    for (const { language, expected } of cases) {
      const base = buildYearView();
      const { text } = await textOf(await renderYearProgrammePdf({ ...base, network: { ...base.network, language } }, { createdAt }));
      for (const part of expected) expect(text, `${language}: ${part}`).to.include(part);
    }
  });

  it('when a long programme runs over several pages, then no meeting header is left without its first item', async () => {
    const base = buildYearView();
    const items = Array.from({ length: 14 }, (_, index) => ({
      startsAt: at(`2025-09-16T${String(8 + Math.floor(index / 2)).padStart(2, '0')}:${index % 2 ? '30' : '00'}:00+02:00`),
      endsAt: null,
      kind: 'group_discussion' as const,
      title: `Samtal ${index + 1} om ämnesdidaktik och bedömning`,
      speaker: 'Ödmjuk Ärlig',
    }));
    const meetings = Array.from({ length: 6 }, (_, index) => buildMeeting({ id: 100 + index, number: index + 1, theme: `Tema ${index + 1}`, programme: items }));
    const pdf = await renderYearProgrammePdf({ ...base, meetings, intervals: [] }, { createdAt });

    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    try {
      const result = await parser.getText();
      expect(result.total).to.be.greaterThan(2);
      let headers = 0;
      for (const page of result.pages) {
        const lines = page.text.split('\n').map((line) => line.trim()).filter(Boolean);
        lines.forEach((line, index) => {
          if (!/^Träff \d+: Tema/.test(line)) return;
          headers++;
          // The next programme line after a header must be its first item, on the same page.
          const nextItem = lines.slice(index + 1).find((candidate) => /Samtal \d+ om/.test(candidate));
          expect(nextItem, `page ${page.num}: ${line}`).to.match(/Samtal 1 om/);
        });
      }
      expect(headers).to.equal(6);
      expect(result.pages.at(-1)?.text).to.match(/Sida \d+ av \d+/);
    } finally {
      await parser.destroy();
    }
  });

  it('when a text has letters outside the built-in font, then they are reduced to base letters instead of garbled', async () => {
    const base = buildYearView();
    const meeting = buildMeeting({ theme: 'Čuovga ja đ\u0061\u030Arlig' });
    const { text } = await textOf(await renderMeetingProgrammePdf({ ...base, meetings: [meeting] }, meeting.id, { createdAt }));

    expect(text).to.include('Cuovga ja dårlig');
  });
});
