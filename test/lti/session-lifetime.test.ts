import { expect } from 'chai';
import { eq, sql } from 'drizzle-orm';
import { launchSessions, platforms } from '../../models/schema';
import { LtiBrowser } from '../support/lti-browser';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const handleOf = (member: NetworkMember) => member.base.split('/').at(-1)!;

/** The one-time link the frame's "open in a new window" page offers, opened in a browser of its own. */
async function openInNewWindow(t: ToolUnderTest, from: NetworkMember): Promise<{ browser: LtiBrowser; url: string; handle: string }> {
  const offer = await from.get('/new-window');
  const href = /href="(\/window\/[^"]+)"/.exec(offer.html)?.[1]?.replace(/&amp;/g, '&');
  expect(href, 'a one-time link').to.be.a('string');
  const browser = new LtiBrowser();
  const opened = await browser.follow(await browser.request(`${t.url}${href!}`));
  expect(opened.status).to.equal(200);
  return { browser, url: opened.url, handle: /\/window\/([\w-]+)/.exec(href!)![1]! };
}

describe('Sessions end with their launch, their platform and their membership', () => {
  let t: ToolUnderTest;
  before(async function () {
    this.timeout(60_000);
    t = await startToolUnderTest({ jobs: false });
    const leader = await launchAs(t, '2', [role('Instructor')]);
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
  });
  after(async () => {
    await t.close();
  });

  it('when a session is copied into new windows, again and again, then every copy ends when the launch ends', async () => {
    const frame = await launchAs(t, '31', [role('Learner')]);
    // The launch was seven hours and 59 minutes ago: one minute is left.
    const launchEnds = new Date(Date.now() + 60_000);
    await t.database.db.update(launchSessions).set({ endsAt: launchEnds, expiresAt: launchEnds }).where(eq(launchSessions.handle, handleOf(frame)));

    const first = await openInNewWindow(t, frame);
    const firstCopy = { base: first.url.replace(/\/$/, ''), get: async (path: string) => ({ html: await (await first.browser.request(`${first.url.replace(/\/$/, '')}${path}`)).text() }) };
    const cookie = first.browser.cookies.list().find((candidate) => candidate.name === `nv_${first.handle}`);
    expect(cookie?.expires, 'the window’s cookie ends with the launch').to.exist;
    expect(Math.abs(cookie!.expires!.getTime() - launchEnds.getTime())).to.be.below(1500);

    // A copy of the copy: still the same end, not a fresh eight hours.
    const second = await openInNewWindow(t, { ...frame, get: firstCopy.get } as NetworkMember);
    const rows = await t.database.db.select().from(launchSessions).where(sql`${launchSessions.handle} in (${first.handle}, ${second.handle})`);
    expect(rows).to.have.length(2);
    for (const row of rows) expect(Math.abs(row.endsAt.getTime() - launchEnds.getTime()), row.handle).to.be.below(1000);

    // When the launch's time is up, the frame and both windows are refused.
    await t.database.db.update(launchSessions).set({ endsAt: new Date(Date.now() - 1000) }).where(sql`${launchSessions.handle} in (${handleOf(frame)}, ${first.handle}, ${second.handle})`);
    expect((await frame.get('/')).status).to.equal(401);
    expect((await first.browser.request(first.url)).status).to.equal(401);
    expect((await second.browser.request(second.url)).status).to.equal(401);
  });

  it('when the platform is deactivated, then its open sessions and calendar feeds stop working, and work again once it is active', async () => {
    const participant = await launchAs(t, '32', [role('Learner')]);
    const made = await participant.post('/calendar');
    const feedUrl = /(http:\/\/[^"<\s]+\.ics)/.exec(made.html)?.[1];
    expect(feedUrl, 'a calendar link').to.be.a('string');
    expect((await fetch(feedUrl!)).status).to.equal(200);

    await t.database.db.update(platforms).set({ status: 'inactive' });
    try {
      expect((await participant.get('/')).status).to.equal(401);
      expect((await participant.get('/year')).status).to.equal(401);
      expect((await fetch(feedUrl!)).status).to.equal(404);
    } finally {
      await t.database.db.update(platforms).set({ status: 'active' });
    }
    expect((await participant.get('/year')).status).to.equal(200);
    expect((await fetch(feedUrl!)).status).to.equal(200);
  });

  it('when a roster sync finds a participant gone from the course, then their session and calendar feed end', async () => {
    const leaving = await launchAs(t, 'leaving-33', [role('Learner')]);
    const made = await leaving.post('/calendar');
    const feedUrl = /(http:\/\/[^"<\s]+\.ics)/.exec(made.html)?.[1];
    expect((await fetch(feedUrl!)).status).to.equal(200);
    expect((await leaving.get('/year')).status).to.equal(200);

    // Unenrolled in the platform: its member list no longer has them.
    const course = t.platform.members.get('5')!;
    course.splice(course.findIndex((member) => member.user_id === 'leaving-33'), 1);
    const leader = await launchAs(t, '2', [role('Instructor')]);
    expect((await leader.post('/roster/sync')).status).to.equal(303);
    expect((await leaving.get('/year')).status).to.equal(401);
    expect((await fetch(feedUrl!)).status).to.equal(404);
  });

  it('when someone launches with a role the tool does not know, then every page says the role has no access here, in their language', async () => {
    const stranger = await launchAs(t, 'stranger-1', ['http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper'], {}, 'sv');
    for (const path of ['/', '/year', '/assignments', '/year.pdf', '/calendar', '/meetings/1']) {
      const page = await stranger.get(path);
      expect(page.status, path).to.equal(403);
      expect(page.html, path).to.include('Din roll har ingen åtkomst här');
      expect(page.html, path).not.to.include('Förstelärarnätverket');
    }
    expect((await stranger.post('/calendar')).status).to.equal(403);
  });
});
