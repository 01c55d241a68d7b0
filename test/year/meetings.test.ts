import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { meetings } from '../../models/schema';
import { LtiBrowser } from '../support/lti-browser';
import { claim, csrfOf, launchAs as launchMember, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';


describe('The network year: set-up, meetings, answers, guests and check-in', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}, locale = 'en') => launchMember(t, sub, roles, extra, locale);


  const meetingIds = async () => (await t.database.db.select().from(meetings).orderBy(meetings.startsAt)).map((m) => m.id);

  it('when the leader sets up the pilot year, then the five meetings appear in order on everyone’s timeline', async () => {
    // The leader's first launch, in Swedish, makes a Swedish network: the year's texts follow it.
    const leader = await launchAs('2', [role('Instructor')], {}, 'sv');
    const created = await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
    expect(created.status, created.html.slice(0, 300)).to.equal(303);
    const participant = await launchAs('3', [role('Learner')]);
    const { html } = await participant.get('/year');
    const themes = ['Utvecklingsområden och uppdrag', 'Kollegialt lärande', 'Lärarledarskap och systematiskt kvalitetsarbete', 'Processledning och pedagogiska verktyg', 'Nätverksplan och fortsatt samarbete'];
    const positions = themes.map((theme) => html.indexOf(theme));
    expect(positions.every((position) => position > 0), html.slice(0, 500)).to.equal(true);
    expect(positions, 'in the seed’s order').to.deep.equal([...positions].sort((a, b) => a - b));
    expect(html).to.include('Next');

    const again = await leader.post('/year/setup', { template: 'empty', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
    expect(again.status, 'a template never overwrites a year').to.equal(409);
  });

  it('when a participant signs up and another declines with a reason, then the leader sees counts, lists and who has not answered', async () => {
    const [first] = await meetingIds();
    const anna = await launchAs('31', [role('Learner')]);
    const bo = await launchAs('32', [role('Learner')]);
    await launchAs('33', [role('Learner')]);
    expect((await anna.post(`/meetings/${first}/response`, { response: 'yes' })).status).to.equal(303);
    expect((await bo.post(`/meetings/${first}/response`, { response: 'no', reason: 'Utvecklingssamtal på skolan' })).status).to.equal(303);
    const invalid = await bo.post(`/meetings/${first}/response`, { response: 'maybe' });
    expect(invalid.status).to.equal(422);
    expect(invalid.html).to.include('Choose yes or no.');

    const leader = await launchAs('2', [role('Instructor')]);
    const { html } = await leader.get(`/meetings/${first}`);
    expect(html).to.match(/Coming<\/dt><dd>1</);
    expect(html).to.match(/Not coming<\/dt><dd>1</);
    expect(html).to.include('Utvecklingssamtal på skolan');
    expect(html).to.include('Person 33');
    const csv = await leader.browser.request(`${leader.base}/meetings/${first}/attendance.csv`);
    expect(csv.headers.get('content-type')).to.include('text/csv');
    const text = await csv.text();
    expect(text).to.include('Person 31');
    expect(text).to.include('Utvecklingssamtal på skolan');
  });

  it('when a participant tries to edit a meeting, set up the year or see the attendance CSV, then it is refused', async () => {
    const [first] = await meetingIds();
    const participant = await launchAs('31', [role('Learner')]);
    expect((await participant.get('/year/setup')).status).to.equal(403);
    expect((await participant.get(`/meetings/${first}/edit`)).status).to.equal(403);
    expect((await participant.get('/settings')).status).to.equal(403);
    expect((await participant.post(`/meetings/${first}/edit`, { theme: 'Hacked', date: '2027-01-12', startTime: '09:00', endTime: '10:00', mode: 'onsite', place: 'X' })).status).to.equal(403);
    expect((await participant.get(`/meetings/${first}/attendance.csv`)).status).to.equal(403);
  });

  it('when someone from another network asks for this network’s meeting, then it is not found', async () => {
    const [first] = await meetingIds();
    const outsider = await launchAs('2', [role('Instructor')], { [claim('context')]: { id: 'other-network', title: 'Annat nätverk', type: ['CourseSection'] } });
    expect((await outsider.get(`/meetings/${first}`)).status).to.equal(404);
    expect((await outsider.post(`/meetings/${first}/guests`, { name: 'Intruder' })).status).to.equal(404);
  });

  it('when the leader edits a meeting with the end before the start or outside the period, then the form says so and keeps the input', async () => {
    const [first] = await meetingIds();
    const leader = await launchAs('2', [role('Instructor')]);
    const backwards = await leader.post(`/meetings/${first}/edit`, { theme: 'Ny rubrik', date: '2027-01-13', startTime: '15:00', endTime: '09:00', mode: 'onsite', place: 'Kalmar' });
    expect(backwards.status).to.equal(422);
    expect(backwards.html).to.include('The meeting must end after it starts.');
    expect(backwards.html).to.include('value="Ny rubrik"');
    const outside = await leader.post(`/meetings/${first}/edit`, { theme: 'Ny rubrik', date: '2031-01-01', startTime: '09:00', endTime: '15:00', mode: 'onsite', place: 'Kalmar' });
    expect(outside.status).to.equal(422);
    expect(outside.html).to.include('outside the network’s period');
    const [unchanged] = await t.database.db.select().from(meetings).where(eq(meetings.id, first!));
    expect(unchanged!.theme).to.equal('Utvecklingsområden och uppdrag');

    const saved = await leader.post(`/meetings/${first}/edit`, {
      theme: 'Utvecklingsområden och uppdrag',
      date: '2027-01-13',
      startTime: '09:30',
      endTime: '16:00',
      fullDay: 'on',
      mode: 'hybrid',
      place: 'Kalmar',
      meetingLink: 'https://zoom.example/j/123',
      itemStart: ['09:30', ''],
      itemEnd: ['10:00', ''],
      itemKind: ['welcome', 'other'],
      itemTitle: ['Välkommen', ''],
      itemSpeaker: ['', ''],
    });
    expect(saved.status, saved.html.slice(0, 300)).to.equal(303);
    const page = await leader.get(`/meetings/${first}`);
    expect(page.html).to.include('https://zoom.example/j/123');
    expect(page.html).to.include('Välkommen');
  });

  it('when a school leader registers a guest before the cut-off, then it is listed; after the cut-off it is refused', async () => {
    const [, second] = await meetingIds();
    const mentor = await launchAs('41', [role('Mentor')]);
    const added = await mentor.post(`/meetings/${second}/guests`, { name: 'Gästa Gästsson', school: 'Hagaskolan', email: 'gasta@hagaskolan.example' });
    expect(added.status).to.equal(303);
    const badEmail = await mentor.post(`/meetings/${second}/guests`, { name: 'X', email: 'not-an-email' });
    expect(badEmail.status).to.equal(422);

    await t.database.db.update(meetings).set({ guestCutoffAt: new Date(Date.now() - 60_000) }).where(eq(meetings.id, second!));
    const late = await mentor.post(`/meetings/${second}/guests`, { name: 'Sen Gäst' });
    expect(late.status).to.equal(409);
    expect(late.html).to.include('Too late to register guests');
    const leader = await launchAs('2', [role('Instructor')]);
    const { html } = await leader.get(`/meetings/${second}`);
    expect(html).to.include('Gästa Gästsson');
    expect(html).not.to.include('Sen Gäst');
    const participant = await launchAs('31', [role('Learner')]);
    expect((await participant.post(`/meetings/${second}/guests`, { name: 'Participant Guest' })).status).to.equal(403);
  });

  it('when the meeting is on, then the leader’s code checks a participant in; a wrong code, or the code outside the meeting, is refused', async () => {
    const [, , third] = await meetingIds();
    const now = Date.now();
    await t.database.db.update(meetings).set({ startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 3_600_000) }).where(eq(meetings.id, third!));
    const leader = await launchAs('2', [role('Instructor')]);
    await leader.post(`/meetings/${third}/check-in-code`, {});
    const code = /class="code-display"[^>]*>([A-Z0-9]+)</.exec((await leader.get(`/meetings/${third}`)).html)?.[1];
    expect(code).to.match(/^[A-Z2-9]{6}$/);

    const anna = await launchAs('31', [role('Learner')]);
    const wrong = await anna.post(`/meetings/${third}/self-check-in`, { code: 'AAAAAA' === code ? 'BBBBBB' : 'AAAAAA' });
    expect(wrong.status).to.equal(422);
    expect(wrong.html).to.include('The code does not match the one on the screen');
    expect((await anna.post(`/meetings/${third}/self-check-in`, { code: code!.toLowerCase() })).status).to.equal(303);
    expect((await leader.get(`/meetings/${third}`)).html).to.match(/Checked in<\/dt><dd>1</);

    await t.database.db.update(meetings).set({ startsAt: new Date(now + 86_400_000), endsAt: new Date(now + 90_000_000) }).where(eq(meetings.id, third!));
    const bo = await launchAs('32', [role('Learner')]);
    const closed = await bo.post(`/meetings/${third}/self-check-in`, { code: code! });
    expect(closed.status).to.equal(409);
  });

  it('when someone guesses check-in codes, then after ten wrong tries they are stopped, even with the right code, while others are not', async () => {
    const [, , , fourth] = await meetingIds();
    const now = Date.now();
    await t.database.db.update(meetings).set({ startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 3_600_000) }).where(eq(meetings.id, fourth!));
    const leader = await launchAs('2', [role('Instructor')]);
    await leader.post(`/meetings/${fourth}/check-in-code`, {});
    const code = /class="code-display"[^>]*>([A-Z0-9]+)</.exec((await leader.get(`/meetings/${fourth}`)).html)?.[1]!;
    const guesser = await launchAs('36', [role('Learner')]);
    const wrongCode = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    for (let attempt = 1; attempt <= 10; attempt += 1) expect((await guesser.post(`/meetings/${fourth}/self-check-in`, { code: wrongCode })).status).to.equal(422);
    const stopped = await guesser.post(`/meetings/${fourth}/self-check-in`, { code });
    expect(stopped.status).to.equal(429);
    expect(stopped.html).to.include('Too many tries');
    const other = await launchAs('37', [role('Learner')]);
    expect((await other.post(`/meetings/${fourth}/self-check-in`, { code })).status, 'another participant is not affected').to.equal(303);
  });

  it('when the leader saves settings with the period ending before it starts, then the form says so; valid settings are saved', async () => {
    const leader = await launchAs('2', [role('Instructor')]);
    const backwards = await leader.post('/settings', { name: 'Förstelärarnätverket', language: 'sv', periodStart: '2027-06-01', periodEnd: '2027-01-01', timeZone: 'Europe/Stockholm' });
    expect(backwards.status).to.equal(422);
    expect(backwards.html).to.include('The period must end after it starts.');
    const saved = await leader.post('/settings', {
      name: 'Förstelärarnätverket Kalmar–Växjö',
      purpose: 'Professionsutveckling genom kollegialt lärande',
      language: 'sv',
      periodStart: '2027-01-01',
      periodEnd: '2027-06-30',
      timeZone: 'Europe/Stockholm',
    });
    expect(saved.status).to.equal(303);
    expect((await leader.get('/')).html).to.include('Förstelärarnätverket Kalmar–Växjö');
  });

  it('when a leader places a meeting by deep linking, then launching that activity opens the meeting', async () => {
    const [, second] = await meetingIds();
    const browser = new LtiBrowser();
    const chooser = await browser.launch(t.registration, t.platform, {
      messageType: 'LtiDeepLinkingRequest',
      claims: { sub: '2', [claim('launch_presentation')]: { locale: 'en' } },
    });
    expect(chooser.body).to.include(`value="meeting:${second}"`);
    expect(chooser.body).to.include('value="programme"');
    const answer = await browser.request(chooser.url, { method: 'POST', body: new URLSearchParams([['_csrf', csrfOf(chooser.body)], ['items', `meeting:${second}`], ['items', 'meeting:999999']]) });
    expect(answer.status, 'a meeting id from elsewhere is refused').to.equal(422);
    const placed = await browser.request(chooser.url, { method: 'POST', body: new URLSearchParams([['_csrf', csrfOf(chooser.body)], ['items', `meeting:${second}`]]) });
    await browser.submitForm(await placed.text(), chooser.url);
    const item = t.platform.deepLinkResponses.at(-1)!.contentItems[0];
    expect(item.custom).to.deep.equal({ natverk_item: 'meeting', natverk_meeting: String(second) });

    const participant = await new LtiBrowser().launch(t.registration, t.platform, {
      claims: { sub: '31', [claim('roles')]: [role('Learner')], [claim('custom')]: item.custom, [claim('launch_presentation')]: { locale: 'en' } },
    });
    expect(participant.url).to.match(new RegExp(`/meetings/${second}$`));
    expect(participant.response.status).to.equal(200);
  });

  it('when a regional partnership is set up, then each meeting shows what kind of gathering it is', async () => {
    const leader = await launchAs('2', [role('Instructor')], { [claim('context')]: { id: 'vestfold', title: 'Partnerskapsnettverket', type: ['CourseSection'] } }, 'nb');
    expect((await leader.post('/year/setup', { template: 'regional-partnership', startDate: '2027-08-16', timeZone: 'Europe/Oslo' })).status).to.equal(303);
    const { html } = await leader.get('/year');
    const count = (label: string) => html.split(`<span class="tag">${label}</span>`).length - 1;
    expect([count('Storsamling'), count('Ressursgruppesamling'), count('Evalueringsmøte')]).to.deep.equal([2, 3, 2]);
  });
});
