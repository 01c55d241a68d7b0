import { expect } from 'chai';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { pino } from 'pino';
import { eq } from 'drizzle-orm';
import { forumPosts, forumThreads, forums, networks, notifications, users } from '../../models/schema';
import { launchAs, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { startMailOutbox } from '../../lti-tool/jobs/mail-outbox';
import { createMailTransport } from '../../lti-tool/mail/transport';
import { queueMailFor } from '../../lti-tool/services/mail/queue';
import { replyTextOf } from '../../lti-tool/services/mail/inbound';
import type { PollingJob } from '../../lti-tool/jobs/polling';
import { SmtpSink } from './smtp-sink';

describe('Mail: a reply by e-mail becomes a post in the thread', () => {
  let t: ToolUnderTest;
  let sink: SmtpSink;
  let outbox: PollingJob;
  let threadId: number;
  let replyTo: string;
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  const send = (mail: SendMailOptions) =>
    nodemailer.createTransport({ host: '127.0.0.1', port: t.tool.inboundMailPort!, secure: false, ignoreTLS: true }).sendMail({ to: replyTo, ...mail });
  const postsOfThread = () => t.database.db.select().from(forumPosts).where(eq(forumPosts.threadId, threadId));

  before(async function () {
    this.timeout(120_000);
    sink = await new SmtpSink().start();
    t = await startToolUnderTest({
      jobs: false,
      env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'natverk@example.org', INBOUND_ADDRESS: 'reply@natverk.example.org', INBOUND_SMTP_PORT: '0' },
    });
    await launchAs(t, '1', [role('Instructor')], { email: 'leader@example.org' });
    const member = await launchAs(t, '21', [role('Learner')], { email: 'anna@example.org' }, 'sv');
    expect((await member.post('/mail', { mode: 'immediate', reminders: 'on' })).status).to.equal(303);
    const db = t.database.db;
    const [{ id: networkId }] = (await db.select({ id: networks.id }).from(networks)) as [{ id: number }];
    const leaderId = await userId('1');
    const [forum] = await db.insert(forums).values({ networkId, kind: 'discussion' }).returning();
    const [thread] = await db.insert(forumThreads).values({ forumId: forum!.id, networkId, title: 'Inför träff 2', authorId: leaderId, highestNumber: 1, postsNumbered: 1, lastPostAt: new Date() }).returning();
    threadId = thread!.id;
    const [post] = await db.insert(forumPosts).values({ threadId, networkId, number: 1, authorId: leaderId, body: 'Vad tar ni med er?' }).returning();
    const anna = await userId('21');
    const [n] = await db.insert(notifications).values({ networkId, userId: anna, kind: 'post', threadId, postId: post!.id, dedupeKey: `post:${post!.id}` }).returning();
    await queueMailFor(db, [{ id: n!.id, networkId, userId: anna, kind: 'post', threadId, postId: post!.id, meetingId: null, assignmentId: null }]);
    outbox = startMailOutbox({ db, config: { publicUrl: t.config.publicUrl, mail: t.config.mail! }, transport: createMailTransport(t.config.mail!), logger: pino({ level: 'silent' }), pollMs: 3_600_000, now: () => new Date(Date.now() + 5_000) });
    expect(await outbox.runOnce()).to.equal(1);
    replyTo = sink.received[0]!.parsed.replyTo!.value[0]!.address!;
  });
  after(async () => {
    await outbox?.stop();
    await t?.close();
    await sink?.stop();
  });

  it('when the mail is sent, then its Reply-To is a fresh reply address on the inbound domain', () => {
    expect(replyTo).to.match(/^reply\+[0-9a-f]{40}@natverk\.example\.org$/);
    expect(sink.received[0]!.parsed.text).to.include('Du kan också svara genom att svara på det här mejlet.').and.not.include('natverk:reply');
  });

  it('when the member replies, then the reply without the quoted text is a post in the thread, from e-mail', async () => {
    await send({
      from: 'Anna <Anna@Example.org>',
      subject: 'Re: [Nätverk] Inför träff 2',
      text: 'Jag tar med elevtexter från årskurs 8.\n\nDen 1 dec. 2026 kl. 14:00 skrev Nätverk <natverk@example.org>:\n> Vad tar ni med er?\n',
    });
    const posts = await postsOfThread();
    const reply = posts.find((p) => p.source === 'email');
    expect(reply, 'the reply was posted').to.not.equal(undefined);
    expect(reply!.body).to.equal('Jag tar med elevtexter från årskurs 8.');
    expect(reply!.authorId).to.equal(await userId('21'));
  });

  it('when an out-of-office answer arrives, by header or by subject, then it is refused and nothing is posted', async () => {
    const before = (await postsOfThread()).length;
    for (const mail of [
      { from: 'anna@example.org', subject: 'Autosvar: Re: Inför träff 2', text: 'Jag är på semester.' },
      { from: 'anna@example.org', subject: 'Fravær', text: 'Jeg er borte.' },
      { from: 'anna@example.org', subject: 'Re: Inför träff 2', text: 'Borta', headers: { 'Auto-Submitted': 'auto-replied' } },
      { from: 'anna@example.org', subject: 'Re: Inför träff 2', text: 'Borta', headers: { Precedence: 'auto_reply' } },
    ]) {
      let refusal = '';
      await send(mail).catch((error: { responseCode?: number; response?: string }) => {
        refusal = `${error.responseCode} ${error.response}`;
      });
      expect(refusal, mail.subject).to.match(/^550 .*Automatic replies/);
    }
    expect(await postsOfThread()).to.have.length(before);
  });

  it('when someone else replies to the address, or writes to an unknown one, then it is refused', async () => {
    const before = (await postsOfThread()).length;
    const wrong = await send({ from: 'mallory@example.org', subject: 'Re: Inför träff 2', text: 'Hej!' }).then(() => 'accepted', (error: { responseCode?: number }) => String(error.responseCode));
    expect(wrong).to.equal('550');
    const unknown = await send({ to: `reply+${'0'.repeat(40)}@natverk.example.org`, from: 'anna@example.org', subject: 'Hej', text: 'Hej' }).then(() => 'accepted', (error: { responseCode?: number }) => String(error.responseCode));
    expect(unknown).to.equal('550');
    expect(await postsOfThread()).to.have.length(before);
  });

  it('when a reply quotes in the ways Nordic and Outlook mail programs do, then only the new text is kept', () => {
    expect(replyTextOf('Bra!\n\nPer Hansen skrev:\n> gammalt')).to.equal('Bra!');
    expect(replyTextOf('Ok.\n-----Original Message-----\nFrom: x\nhej')).to.equal('Ok.');
    expect(replyTextOf('Tak\n\nDen 2. dec. 2026 kl. 10.00 skrev Nätverk <n@example.org>:\n> x')).to.equal('Tak');
    expect(replyTextOf('Takk\n\nOn Tue, Dec 1, 2026 at 14:00 Nätverk wrote:\n> x')).to.equal('Takk');
  });
});
