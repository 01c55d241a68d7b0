import { expect } from 'chai';
import ical from 'node-ical';
import { PDFParse } from 'pdf-parse';
import { meetings } from '../../models/schema';
import { launchAs as launchMember, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';


describe('Programme PDFs and the calendar feed', () => {
  let t: ToolUnderTest;
  let firstMeeting: number;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    const leader = await launchAs('2', [role('Instructor')], {}, 'sv');
    const setup = await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
    expect(setup.status).to.equal(303);
    firstMeeting = (await t.database.db.select().from(meetings).orderBy(meetings.startsAt))[0]!.id;
  });
  after(async () => {
    await t.close();
  });

  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}, locale = 'en') => launchMember(t, sub, roles, extra, locale);


  it('when someone downloads the year’s programme PDF, then it holds every theme', async () => {
    const participant = await launchAs('31', [role('Learner')]);
    const response = await participant.fetch('/year.pdf');
    expect(response.headers.get('content-type')).to.equal('application/pdf');
    const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
    const { text } = await parser.getText();
    await parser.destroy();
    const flat = text.replace(/\s+/g, ' ');
    for (const theme of ['Utvecklingsområden och uppdrag', 'Kollegialt lärande', 'Nätverksplan och fortsatt samarbete']) expect(flat).to.include(theme);
  });

  it('when someone downloads one meeting’s programme PDF, then it holds that meeting and not the others', async () => {
    const participant = await launchAs('31', [role('Learner')]);
    const response = await participant.fetch(`/meetings/${firstMeeting}/programme.pdf`);
    expect(response.status).to.equal(200);
    const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
    const { text } = await parser.getText();
    await parser.destroy();
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).to.include('Utvecklingsområden och uppdrag');
    expect(flat).not.to.include('Nätverksplan och fortsatt samarbete');
  });

  it('when a participant makes a calendar link, then the feed parses with the meetings; a new link or revoking stops the old one', async () => {
    const participant = await launchAs('31', [role('Learner')]);
    const made = await participant.post('/calendar', {});
    const url = /value="(http[^"]+\.ics)"/.exec(made.html)?.[1];
    expect(url, made.html.slice(0, 400)).to.be.a('string');
    const feed = await fetch(url!);
    expect(feed.headers.get('content-type')).to.include('text/calendar');
    const events = Object.values(ical.sync.parseICS(await feed.text())).filter((item) => item?.type === 'VEVENT');
    expect(events).to.have.length(5);

    await participant.post('/calendar', {});
    expect((await fetch(url!)).status, 'the old link after a new one').to.equal(404);
    await participant.post('/calendar/revoke', {});
    expect((await fetch(`${t.url}/calendar/not-a-real-token-at-all.ics`)).status).to.equal(404);
  });
});
