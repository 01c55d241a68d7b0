import { expect } from 'chai';
import { pino } from 'pino';
import { and, eq } from 'drizzle-orm';
import { conversationGroups, forumPosts, forumThreads, forums, mailOutbox, mailPreferences, networks, notifications, users } from '../../models/schema';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { startMailOutbox } from '../../lti-tool/jobs/mail-outbox';
import { createMailTransport } from '../../lti-tool/mail/transport';
import { queueMailFor } from '../../lti-tool/services/mail/queue';
import { queueDigests } from '../../lti-tool/services/mail/digest';
import { DateTime } from 'luxon';
import type { PollingJob } from '../../lti-tool/jobs/polling';
import { SmtpSink } from './smtp-sink';

const quiet = pino({ level: 'silent' });

describe('Mail: post mails through the outbox to a real SMTP server', () => {
  let t: ToolUnderTest;
  let sink: SmtpSink;
  let leader: NetworkMember;
  let clock: Date;
  let outbox: PollingJob;
  let networkId: number;
  let threadId: number;
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;

  before(async function () {
    this.timeout(120_000);
    sink = await new SmtpSink().start();
    t = await startToolUnderTest({ jobs: false, env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'Nätverk <natverk@example.org>' } });
    leader = await launchAs(t, '1', [role('Instructor')], { email: 'leader@example.org' });
    [{ id: networkId }] = (await t.database.db.select({ id: networks.id }).from(networks)) as [{ id: number }];
    const [forum] = await t.database.db.insert(forums).values({ networkId, kind: 'discussion' }).returning();
    const [thread] = await t.database.db.insert(forumThreads).values({ forumId: forum!.id, networkId, title: 'Läsning\r\nBcc: victim@example.org', authorId: await userId('1') }).returning();
    threadId = thread!.id;
    clock = new Date();
    outbox = startMailOutbox({ db: t.database.db, config: { publicUrl: t.config.publicUrl, mail: t.config.mail! }, transport: createMailTransport(t.config.mail!), logger: quiet, pollMs: 3_600_000, now: () => clock, random: () => 0 });
  });
  after(async () => {
    await outbox?.stop();
    await t?.close();
    await sink?.stop();
  });

  /** A post by the leader in the thread, and a notification of it to `recipient`, queued as part A and B do. */
  const postAndNotify = async (recipient: number, body: string) => {
    const db = t.database.db;
    // The outbox's clock runs ahead of the rows' own times (set by the database at insert).
    clock = new Date(Math.max(clock.getTime(), Date.now()) + 1_000);
    const number = (await db.select().from(forumPosts).where(eq(forumPosts.threadId, threadId))).length + 1;
    const [post] = await db.insert(forumPosts).values({ threadId, networkId, number, authorId: await userId('1'), body }).returning();
    const [n] = await db.insert(notifications).values({ networkId, userId: recipient, kind: 'post', threadId, postId: post!.id, dedupeKey: `post:${post!.id}` }).returning();
    await queueMailFor(db, [{ id: n!.id, networkId, userId: recipient, kind: 'post', threadId, postId: post!.id, meetingId: null, assignmentId: null }]);
    clock = new Date(Date.now() + 1_000);
    return n!.id;
  };

  it('when an immediate subscriber is notified of a post, then one mail in their language arrives, with no injected header, and its unsubscribe link works without a session', async () => {
    const member = await launchAs(t, '21', [role('Learner')], { email: 'anna@example.org', name: 'Anna\r\nBcc: evil@example.org' }, 'sv');
    expect((await member.post('/mail', { mode: 'immediate', reminders: 'on' })).status).to.equal(303);
    const anna = await userId('21');
    await postAndNotify(anna, 'Hej alla, <script>alert(1)</script> här är min text. {{natverk:publicUrl}}');
    expect(await outbox.runOnce()).to.equal(1);
    expect(sink.received).to.have.length(1);
    const mail = sink.received[0]!;
    expect(mail.to).to.deep.equal(['anna@example.org']);
    expect(mail.parsed.subject).to.match(/^\[.+\] Läsning Bcc: victim@example.org$/);
    expect(mail.parsed.headers.get('bcc')).to.equal(undefined);
    expect(mail.raw.split('\r\n\r\n')[0]).not.to.match(/^Bcc:/im);
    expect(mail.parsed.text).to.include('skrev i ”Läsning Bcc: victim@example.org”').and.include('Öppna Nätverk från din kurs');
    expect(mail.parsed.html).to.include('&lt;script&gt;').and.not.include('<script>');
    expect(mail.parsed.text, 'no reply address, so no "answer by replying"').not.to.include('svara på det här mejlet').and.not.include('{{natverk:');
    expect(mail.parsed.replyTo).to.equal(undefined);
    const head = mail.raw.split('\r\n\r\n')[0]!.replace(/\r\n\s+/g, ' ');
    expect(head).to.include('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const link = /^List-Unsubscribe: <(http[^>]+)>/m.exec(head)![1]!;
    expect(mail.parsed.text).to.include(link);
    expect(mail.parsed.text, 'a marker typed in a post stays text').to.include('{{ natverk:publicUrl}}');
    expect(mail.parsed.messageId).to.match(/^<natverk-mail-\d+\.\d+@example\.org>$/);

    const page = await fetch(link);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('Stoppa e-post');
    const [before] = await t.database.db.select().from(mailPreferences).where(eq(mailPreferences.userId, anna));
    expect(before!.mode, 'GET alone changes nothing').to.equal('immediate');
    // The RFC 8058 one-click POST, as a mail program sends it.
    const oneClick = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).to.equal(200);
    const [after] = await t.database.db.select().from(mailPreferences).where(eq(mailPreferences.userId, anna));
    expect(after!.mode).to.equal('off');
    expect(after!.unsubscribedAt).to.be.instanceOf(Date);
    await postAndNotify(anna, 'Ännu ett inlägg');
    expect(await outbox.runOnce()).to.equal(0);
    expect(sink.received).to.have.length(1);
  });

  it('when the unsubscribe token is unknown, then a clear page answers 404 without details', async () => {
    const page = await fetch(`${t.url}/mail/unsubscribe/${'x'.repeat(43)}`, { headers: { 'accept-language': 'en' } });
    expect(page.status).to.equal(404);
    const html = await page.text();
    expect(html).to.include('This link does not work').and.not.match(/AppError|at \S+ \(/);
  });

  it('when a person has no address, then no mail is queued and the notification is still there; the page says the course did not share it', async () => {
    const member = await launchAs(t, '22', [role('Learner')], { email: undefined }, 'en');
    expect((await member.post('/mail', { mode: 'immediate', reminders: 'on' })).status).to.equal(303);
    const id = await userId('22');
    const notificationId = await postAndNotify(id, 'Hello');
    expect(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.userId, id))).to.have.length(0);
    expect(await t.database.db.select().from(notifications).where(eq(notifications.id, notificationId))).to.have.length(1);
    expect((await member.get('/mail')).html).to.include('did not share your e-mail address');
    const refused = await member.post('/mail', { mode: 'weekly' });
    expect(refused.status).to.equal(422);
    expect(refused.html).to.include('Choose how you want e-mail.');
  });

  it('when the server refuses for a while and then is down, then the mail waits and is delivered exactly once when it accepts', async () => {
    const member = await launchAs(t, '23', [role('Learner')], { email: 'bo@example.org' }, 'en');
    expect((await member.post('/mail', { mode: 'immediate', reminders: 'on' })).status).to.equal(303);
    const id = await userId('23');
    await postAndNotify(id, 'Wait for it');
    const count = sink.received.length;
    sink.refuse = { code: 451, message: '4.3.0 Try again later' };
    expect(await outbox.runOnce()).to.equal(1);
    let [row] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.userId, id));
    expect(row!.state).to.equal('pending');
    expect(row!.lastError).to.include('Try again later');
    expect(await outbox.runOnce(), 'not due before its backoff').to.equal(0);
    sink.refuse = null;
    const port = sink.port;
    await sink.stop();
    clock = new Date(clock.getTime() + 10 * 60_000);
    expect(await outbox.runOnce()).to.equal(1);
    [row] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.userId, id));
    expect(row!.state).to.equal('pending');
    expect(row!.attempts).to.equal(2);
    await sink.start(port);
    clock = new Date(clock.getTime() + 10 * 60_000);
    expect(await outbox.runOnce()).to.equal(1);
    clock = new Date(clock.getTime() + 24 * 60 * 60_000);
    expect(await outbox.runOnce(), 'a sent row is never claimed again').to.equal(0);
    [row] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.userId, id));
    expect(row!.state).to.equal('sent');
    expect(sink.received.filter((m) => m.to.includes('bo@example.org'))).to.have.length(1);
    expect(sink.received.length).to.equal(count + 1);
  });

  it('when the server refuses the recipient for good, then after a few attempts the outbox page shows the mail failed with the reason, and it can be sent again', async () => {
    const member = await launchAs(t, '24', [role('Learner')], { email: 'gone@example.org' }, 'en');
    expect((await member.post('/mail', { mode: 'immediate', reminders: 'on' })).status).to.equal(303);
    const id = await userId('24');
    await postAndNotify(id, 'Nobody home');
    sink.refuse = { code: 550, message: '5.1.1 No such user here', addresses: ['gone@example.org'] };
    for (let i = 0; i < 3; i += 1) {
      await outbox.runOnce();
      clock = new Date(clock.getTime() + 3 * 60 * 60_000);
    }
    sink.refuse = null;
    const [row] = await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.userId, id)));
    expect(row!.state).to.equal('failed');
    expect(row!.attempts).to.equal(3);
    const page = await leader.get('/mail/outbox');
    expect(page.status).to.equal(200);
    expect(page.html).to.match(new RegExp(`data-mail-id="${row!.id}" data-state="failed"`));
    expect(page.html).to.include('No such user here').and.include('Send again');
    const participantView = await member.get('/mail/outbox');
    expect(participantView.status).to.equal(403);
    const retried = await leader.post(`/mail/outbox/${row!.id}/retry`);
    expect(retried.status).to.equal(303);
    expect(retried.location).to.include('done=mail_retry_queued');
    expect(await outbox.runOnce()).to.equal(1);
    expect(sink.received.filter((m) => m.to.includes('gone@example.org'))).to.have.length(1);
  });

  it('when the daily digest is made, then it goes to the member who has been away and not to the one who was in the tool, once', async () => {
    const db = t.database.db;
    const away = await launchAs(t, '31', [role('Learner')], { email: 'away@example.org' }, 'nb');
    const here = await launchAs(t, '32', [role('Learner')], { email: 'here@example.org' }, 'en');
    expect((await away.get('/mail')).html).to.include('Et daglig sammendrag');
    expect((await here.get('/mail')).status).to.equal(200);
    const [awayId, hereId] = [await userId('31'), await userId('32')];
    const yesterday = new Date(Date.now() - 24 * 60 * 60_000);
    await db.update(mailPreferences).set({ lastDigestAt: yesterday, lastSeenAt: new Date(Date.now() - 2 * 24 * 60 * 60_000) }).where(eq(mailPreferences.userId, awayId));
    await db.update(mailPreferences).set({ lastDigestAt: yesterday, lastSeenAt: new Date() }).where(eq(mailPreferences.userId, hereId));
    await postAndNotify(await userId('1'), 'Something new for the digest');
    // A group's forum: a person outside the group does not hear of it.
    const [group] = await db.insert(conversationGroups).values({ networkId, name: 'Grupp 1', slot: 'conversation' }).returning();
    const [groupForum] = await db.insert(forums).values({ networkId, kind: 'group', groupId: group!.id }).returning();
    const [groupThread] = await db.insert(forumThreads).values({ forumId: groupForum!.id, networkId, title: 'Bara för gruppen', authorId: await userId('1') }).returning();
    await db.insert(forumPosts).values({ threadId: groupThread!.id, networkId, number: 1, authorId: await userId('1'), body: 'Hemligt' });
    const [network] = await db.select().from(networks).where(eq(networks.id, networkId));
    const tomorrowMorning = DateTime.now().setZone(network!.timeZone).plus({ days: 1 }).set({ hour: 8, minute: 0 }).toJSDate();
    const queued = await queueDigests(db, { id: networkId, name: network!.name, language: network!.language, timeZone: network!.timeZone, courseTitle: null }, tomorrowMorning);
    expect(queued).to.be.greaterThan(0);
    expect(await queueDigests(db, { id: networkId, name: network!.name, language: network!.language, timeZone: network!.timeZone, courseTitle: null }, tomorrowMorning), 'once a day').to.equal(0);
    const rows = await db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'digest'));
    expect(rows.map((r) => r.userId)).to.include(awayId).and.not.include(hereId);
    clock = new Date(Date.now() + 1_000);
    await outbox.runOnce();
    const digest = sink.received.find((m) => m.to.includes('away@example.org'));
    expect(digest, 'the digest arrived').to.not.equal(undefined);
    expect(digest!.parsed.subject).to.include('Nytt i nettverket');
    expect(digest!.parsed.text).to.include('Nytt i forumene').and.include('Läsning').and.not.include('Bara för gruppen');
    expect(sink.received.find((m) => m.to.includes('here@example.org'))).to.equal(undefined);
    const [prefs] = await db.select().from(mailPreferences).where(eq(mailPreferences.userId, hereId));
    expect(prefs!.lastDigestAt!.getTime(), "the active member's turn passed too").to.equal(tomorrowMorning.getTime());
  });

  it('when a member opens pages, then the tool marks them as seen, at most once in five minutes', async () => {
    const member = await launchAs(t, '41', [role('Learner')], { email: 'seen@example.org' }, 'en');
    const id = await userId('41');
    const seen = async () => (await t.database.db.select().from(mailPreferences).where(eq(mailPreferences.userId, id)))[0]!.lastSeenAt!;
    const first = await seen();
    expect(Date.now() - first.getTime()).to.be.lessThan(60_000);
    await member.get('/mail');
    expect((await seen()).getTime(), 'throttled').to.equal(first.getTime());
    await t.database.db.update(mailPreferences).set({ lastSeenAt: new Date(Date.now() - 6 * 60_000) }).where(eq(mailPreferences.userId, id));
    await member.get('/mail');
    expect(Date.now() - (await seen()).getTime()).to.be.lessThan(60_000);
  });

  it('when mail was queued long ago and never tried (no SMTP server then), then it is not sent now but shown as failed', async () => {
    const id = await userId('23');
    const [row] = await t.database.db
      .insert(mailOutbox)
      .values({ networkId, userId: id, kind: 'post', dedupeKey: 'old:1', toAddress: 'bo@example.org', subject: 'Old', text: 'Old', html: 'Old', createdAt: new Date(Date.now() - 3 * 24 * 60 * 60_000), nextAttemptAt: new Date(Date.now() - 3 * 24 * 60 * 60_000) })
      .returning();
    const count = sink.received.length;
    clock = new Date(Date.now() + 1_000);
    await outbox.runOnce();
    const [after] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.id, row!.id));
    expect(after!.state).to.equal('failed');
    expect(after!.lastError).to.include('older than two days');
    expect(sink.received.length).to.equal(count);
  });

  it('when a person turns mail off after a mail was queued for them, then it is not sent', async () => {
    const member = await launchAs(t, '42', [role('Learner')], { email: 'late@example.org' }, 'en');
    expect((await member.post('/mail', { mode: 'immediate', reminders: 'on' })).status).to.equal(303);
    const id = await userId('42');
    await postAndNotify(id, 'Queued before the change of mind');
    expect((await member.post('/mail', { mode: 'off' })).status).to.equal(303);
    await outbox.runOnce();
    const [row] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.userId, id));
    expect(row!.state).to.equal('failed');
    expect(row!.lastError).to.include('turned mail off');
    expect(sink.received.filter((m) => m.to.includes('late@example.org'))).to.have.length(0);
  });
});
