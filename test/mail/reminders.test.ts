import { expect } from 'chai';
import { pino } from 'pino';
import { and, eq } from 'drizzle-orm';
import { assignments, attendance, mailOutbox, meetings, notifications, users } from '../../models/schema';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { startMailOutbox } from '../../lti-tool/jobs/mail-outbox';
import { createMailTransport } from '../../lti-tool/mail/transport';
import { sendDueReminders } from '../../lti-tool/services/mail/reminders';
import { SmtpSink } from './smtp-sink';

/** A year set up by a leader, with one meeting tomorrow and assignment A due in two days. */
async function yearWithSoonThings(t: ToolUnderTest): Promise<{ meetingId: number; assignmentId: number; theme: string }> {
  const leader = await launchAs(t, '1', [role('Instructor')], { email: 'leader@example.org' });
  expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
  const db = t.database.db;
  const [meeting] = await db.select().from(meetings).orderBy(meetings.startsAt).limit(1);
  const [assignment] = await db.select().from(assignments).where(eq(assignments.letter, 'A'));
  const tomorrow = new Date(Date.now() + 24 * 60 * 60_000);
  await db.update(meetings).set({ startsAt: tomorrow, endsAt: new Date(tomorrow.getTime() + 3 * 60 * 60_000) }).where(eq(meetings.id, meeting!.id));
  await db.update(assignments).set({ dueAt: new Date(Date.now() + 2 * 24 * 60 * 60_000), visibleFrom: null }).where(eq(assignments.id, assignment!.id));
  return { meetingId: meeting!.id, assignmentId: assignment!.id, theme: meeting!.theme };
}

describe('Mail: reminders before meetings and assignments', () => {
  let t: ToolUnderTest;
  let sink: SmtpSink;
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;

  before(async function () {
    this.timeout(120_000);
    sink = await new SmtpSink().start();
    t = await startToolUnderTest({ jobs: false, env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'natverk@example.org' } });
  });
  after(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('when a meeting is two days away and an assignment three, then each participant is reminded once, in the tool always and by mail when they may get it', async function () {
    this.timeout(60_000);
    const { meetingId, theme } = await yearWithSoonThings(t);
    await launchAs(t, '21', [role('Learner')], { email: 'anna@example.org' }, 'da');
    await launchAs(t, '22', [role('Learner')], { email: 'bo@example.org' }, 'en');
    const noMail = await launchAs(t, '23', [role('Learner')], { email: undefined }, 'en');
    const remindersOff: NetworkMember = await launchAs(t, '24', [role('Learner')], { email: 'cy@example.org' }, 'en');
    expect((await remindersOff.post('/mail', { mode: 'digest' })).status).to.equal(303);
    const db = t.database.db;
    const [anna, bo, cy] = [await userId('21'), await userId('22'), await userId('24')];
    await db.insert(attendance).values({ meetingId, userId: bo, response: 'no', respondedAt: new Date() });

    const made = await sendDueReminders(db, { now: new Date(), mailEnabled: true });
    expect(made).to.be.greaterThan(0);
    expect(await sendDueReminders(db, { now: new Date(), mailEnabled: true }), 'not twice').to.equal(0);

    const kindsOf = async (id: number) => (await db.select().from(notifications).where(eq(notifications.userId, id))).map((n) => n.kind).sort();
    expect(await kindsOf(anna)).to.deep.equal(['assignmentReminder', 'meetingReminder']);
    expect(await kindsOf(bo), 'declined the meeting').to.deep.equal(['assignmentReminder']);
    expect(await kindsOf(await userId('23'))).to.deep.equal(['assignmentReminder', 'meetingReminder']);
    expect(await kindsOf(cy)).to.deep.equal(['assignmentReminder', 'meetingReminder']);
    expect(await kindsOf(await userId('1')), 'leaders are not reminded of their own meeting').to.deep.equal([]);
    void noMail;

    const outbox = startMailOutbox({ db, config: { publicUrl: t.config.publicUrl, mail: t.config.mail! }, transport: createMailTransport(t.config.mail!), logger: pino({ level: 'silent' }), pollMs: 3_600_000, now: () => new Date(Date.now() + 5_000) });
    try {
      await outbox.runOnce();
      await outbox.runOnce();
    } finally {
      await outbox.stop();
    }
    const to = (address: string) => sink.received.filter((m) => m.to.includes(address));
    expect(to('anna@example.org')).to.have.length(2);
    const meetingMail = to('anna@example.org').find((m) => m.parsed.subject?.includes(theme))!;
    expect(meetingMail.parsed.text).to.include('Møde 1').and.include('kl.');
    expect(to('bo@example.org')).to.have.length(1);
    expect(to('cy@example.org'), 'reminders off').to.have.length(0);
    expect(await db.select().from(mailOutbox).where(and(eq(mailOutbox.kind, 'reminder'), eq(mailOutbox.userId, await userId('23'))))).to.have.length(0);
  });
});

describe('Mail: without SMTP settings', () => {
  let t: ToolUnderTest;
  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t?.close();
  });

  it('when no SMTP server is configured, then the mail page says mail is off, reminders are only notifications, and nothing is queued', async function () {
    this.timeout(60_000);
    expect(t.config.mail).to.equal(null);
    await yearWithSoonThings(t);
    const member = await launchAs(t, '21', [role('Learner')], { email: 'anna@example.org' }, 'sv');
    const page = await member.get('/mail');
    expect(page.status).to.equal(200);
    expect(page.html).to.include('E-post är avstängd på den här servern');
    expect(await sendDueReminders(t.database.db, { now: new Date(), mailEnabled: false })).to.be.greaterThan(0);
    expect(await t.database.db.select().from(notifications).where(eq(notifications.userId, (await t.database.db.select().from(users).where(eq(users.sub, '21')))[0]!.id))).to.have.length(2);
    expect(await t.database.db.select().from(mailOutbox)).to.have.length(0);
  });
});
