import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { contexts, evaluationForms, mailOutbox, notifications } from '../../models/schema';
import { listParticipantsWithSchools } from '../../models/evaluations';
import { remindBeforeClosing } from '../../lti-tool/services/evaluations/reminders';
import type { NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { freePort } from '../support/tool';
import type { FormRow, QuestionRow } from '../../models/evaluations';
import { completeAnswer, expectStatus, launchNetwork, seedOpenForm, userIdOf } from './answering-setup';

describe('Evaluations: who has answered, reminders and Start', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let members: NetworkMember[];
  let form: FormRow;
  let questions: QuestionRow[];
  const ids: Record<string, number> = {};

  before(async function () {
    this.timeout(120_000);
    // Mail is on (nothing is sent: the outbox does not run here), so reminders are queued as mail too.
    t = await startToolUnderTest({ jobs: false, env: { SMTP_URL: `smtp://127.0.0.1:${await freePort()}`, MAIL_FROM: 'natverk@example.org' } });
    ({ leader, members } = await launchNetwork(t, [
      { sub: '31', locale: 'da', email: 'anna@example.org' },
      { sub: '32', locale: 'sv', email: 'bo@example.org' },
      { sub: '33', locale: 'en', email: 'cy@example.org' },
      { sub: '34', locale: 'nb', email: 'dag@example.org' },
    ]));
    for (const sub of ['1', '31', '32', '33', '34']) ids[sub] = await userIdOf(t, sub);
    ({ form, questions } = await seedOpenForm(t, { title: 'Utvärdering av dagen' }));
    // Cy answers; Dag keeps reminders off.
    expectStatus(await members[2]!.post(`/evaluations/${form.id}`, { intent: 'submit', version: '0', ...completeAnswer(questions) }), 303);
    expectStatus(await members[3]!.post('/mail', { mode: 'digest' }), 303);
  });
  after(() => t?.close());
  /** Everyone asked to answer: our four and the platform course's own learners, read from the roster. */
  const participants = async () => (await listParticipantsWithSchools(t.database.db, (await t.database.db.select().from(contexts))[0]!.id)).map((person) => person.userId);
  const allBut = async (...subs: string[]) => (await participants()).filter((id) => !subs.map((sub) => ids[sub]).includes(id)).sort();

  it('when a participant who has not answered opens Start, then the open evaluation is on their list with its closing time; once answered it is gone', async () => {
    const start = await members[1]!.get('/');
    expect(start.html).to.include('Utvärderingen ”Utvärdering av dagen” är öppen — svara senast');
    expect(start.html).to.include(`/evaluations/${form.id}`);
    const answered = await members[2]!.get('/');
    expect(answered.html).to.not.include('Utvärdering av dagen');
  });

  it('when the leader opens the form, then they see how many have answered and the names of those who have not, never what anyone answered', async () => {
    const page = await leader.get(`/evaluations/${form.id}`);
    expectStatus(page, 200);
    expect(page.html).to.include(`1 of ${(await participants()).length} have answered.`);
    for (const name of ['Person 31', 'Person 32', 'Person 34']) expect(page.html).to.include(name);
    expect(page.html).to.not.include('Person 33');
    expect(page.html, 'the leader cannot send an answer').to.not.include('value="submit"');
    expect(page.html).to.not.match(/checked/);
  });

  it('when a participant tries to remind, then it is refused', async () => {
    expectStatus(await members[0]!.post(`/evaluations/${form.id}/remind`), 403);
    expect(await t.database.db.select().from(notifications).where(eq(notifications.kind, 'evaluationReminder'))).to.have.length(0);
  });

  it('when the leader reminds, then each participant who has not answered gets a notification, and a mail in their language unless reminders are off; once a day', async () => {
    const reminded = await leader.post(`/evaluations/${form.id}/remind`);
    expectStatus(reminded, 303);
    expect(reminded.location).to.include('done=reminders_queued');
    const rows = await t.database.db.select().from(notifications).where(eq(notifications.kind, 'evaluationReminder'));
    expect(rows.map((row) => row.userId).sort()).to.deep.equal(await allBut('33'));
    expect(rows.map((row) => row.userId)).to.include.members([ids['31'], ids['32'], ids['34']]);
    expect(rows.every((row) => row.evaluationFormId === form.id)).to.equal(true);
    const mails = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'reminder'));
    const ours = (address: string) => mails.filter((mail) => mail.toAddress === address);
    expect(ours('anna@example.org')).to.have.length(1);
    expect(ours('bo@example.org')).to.have.length(1);
    expect(ours('cy@example.org'), 'answered').to.have.length(0);
    expect(ours('dag@example.org'), 'reminders off').to.have.length(0);
    expect(mails.find((mail) => mail.toAddress === 'anna@example.org')!.subject).to.include('Evaluering: Utvärdering av dagen, svar senest');
    expect(mails.find((mail) => mail.toAddress === 'bo@example.org')!.text).to.include('Utvärderingen ”Utvärdering av dagen” är öppen och du har inte svarat än.');

    expectStatus(await leader.post(`/evaluations/${form.id}/remind`), 303);
    expect(await t.database.db.select().from(notifications).where(eq(notifications.kind, 'evaluationReminder')), 'not twice a day').to.have.length(rows.length);
    expect(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'reminder'))).to.have.length(mails.length);
  });

  it('when a reminded participant opens their notifications, then the reminder reads as one and leads to the form', async () => {
    const page = await members[3]!.get('/notifications');
    expect(page.html).to.include('Påminnelse: svar på evalueringen Utvärdering av dagen');
    expect(page.html).to.include(`/evaluations/${form.id}`);
  });

  it('when a form closes within a day, then the reminders job reminds those who have not answered, once', async () => {
    const closing = await seedOpenForm(t, { title: 'Annual evaluation', closesAt: new Date(Date.now() + 6 * 60 * 60_000) });
    expectStatus(await members[0]!.post(`/evaluations/${closing.form.id}`, { intent: 'submit', version: '0', ...completeAnswer(closing.questions) }), 303);
    const notClosingSoon = await seedOpenForm(t, { title: 'Far away', closesAt: new Date(Date.now() + 5 * 24 * 60 * 60_000) });
    const made = await remindBeforeClosing(t.database.db, t.config.dataDir, new Date(), true);
    expect(made).to.equal((await allBut('31')).length);
    expect(await remindBeforeClosing(t.database.db, t.config.dataDir, new Date(), true), 'once').to.equal(0);
    const reminded = await t.database.db.select().from(notifications).where(and(eq(notifications.kind, 'evaluationReminder'), eq(notifications.evaluationFormId, closing.form.id)));
    expect(reminded.map((row) => row.userId).sort()).to.deep.equal(await allBut('31'));
    expect(reminded.map((row) => row.userId)).to.include.members([ids['32'], ids['33'], ids['34']]);
    expect(await t.database.db.select().from(notifications).where(eq(notifications.evaluationFormId, notClosingSoon.form.id))).to.have.length(0);
  });

  it('when the form is closed, then the leader cannot remind any more', async () => {
    await t.database.db.update(evaluationForms).set({ closesAt: new Date(Date.now() - 1000) }).where(eq(evaluationForms.id, form.id));
    const refused = await leader.post(`/evaluations/${form.id}/remind`);
    expectStatus(refused, 409);
    expect(refused.html).to.include('Reminders go out only while the form is open');
  });
});
