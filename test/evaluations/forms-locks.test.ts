import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { evaluationForms, evaluationQuestions } from '../../models/schema';
import { launchAs, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { setUpYear, userIdOf, type ProgressYear } from '../progress/year';
import { seedAnswer, seedForm } from '../support/evaluations';

describe('Evaluation forms: locks once answered, deletion, set times across daylight saving and meetings that move', () => {
  let t: ToolUnderTest;
  let year: ProgressYear;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    year = await setUpYear(t);
  });
  after(async () => {
    await t.close();
  });

  const formRow = async (id: number) => (await t.database.db.select().from(evaluationForms).where(eq(evaluationForms.id, id)))[0]!;

  async function answeredForm(anonymous: boolean) {
    const seeded = await seedForm(t.database.db, {
      networkId: year.networkId,
      title: anonymous ? 'Anonym med svar' : 'Med namn och svar',
      anonymous,
      questions: [
        { kind: 'single', text: 'Vilken del?', options: ['Föreläsning', 'Grupparbete'] },
        { kind: 'scale', text: 'Hur var det?' },
      ],
    });
    await launchAs(t, '50', [role('Learner')]);
    await seedAnswer(t.database.db, t.config.dataDir, seeded.form, await userIdOf(t, '50'), { [seeded.questions[0]!.id]: 1 }, { submitted: false });
    return seeded;
  }

  it('when a form has answers, then a question’s kind and number of options are locked and removing it is refused, but the wording may change', async () => {
    const { form, questions } = await answeredForm(true);
    const [choice, scale] = questions;
    const page = await year.leader.get(`/evaluations/${form.id}/edit`);
    expect(page.html).to.include('The form has answers');
    expect(page.html).to.not.include('>Remove<');

    const kind = await year.leader.post(`/evaluations/${form.id}/questions/${scale!.id}/edit`, { kind: 'text', text: 'Hur var det nu?' });
    expect(kind.status).to.equal(422);
    expect(kind.html).to.include('the question&#39;s kind can no longer change');
    expect(kind.html).to.include('Hur var det nu?');
    const more = await year.leader.post(`/evaluations/${form.id}/questions/${choice!.id}/edit`, { kind: 'single', text: 'Vilken del?', options: 'Föreläsning\nGrupparbete\nLunch' });
    expect(more.status).to.equal(422);
    expect(more.html).to.include('the number of options can no longer change');
    const removed = await year.leader.post(`/evaluations/${form.id}/questions/${choice!.id}/remove`);
    expect(removed.status).to.equal(409);
    expect(removed.html).to.include('The question cannot be removed');

    const reworded = await year.leader.post(`/evaluations/${form.id}/questions/${choice!.id}/edit`, { kind: 'single', text: 'Vilken del gav mest?', options: 'Föreläsningen\nGrupparbetet' });
    expect(reworded.status).to.equal(303);
    const [stored] = await t.database.db.select().from(evaluationQuestions).where(eq(evaluationQuestions.id, choice!.id));
    expect(stored).to.include({ text: 'Vilken del gav mest?', kind: 'single' });
    expect(stored!.options).to.deep.equal(['Föreläsningen', 'Grupparbetet']);
  });

  it('when a form has answers, then switching anonymous to named, or named to anonymous, is refused', async () => {
    const anonymous = (await answeredForm(true)).form;
    const toNamed = await year.leader.post(`/evaluations/${anonymous.id}/edit`, { title: anonymous.title, timing: 'set' });
    expect(toNamed.status).to.equal(422);
    expect(toNamed.html).to.include('Someone has already answered');
    expect((await formRow(anonymous.id)).anonymous).to.equal(true);
    const named = (await answeredForm(false)).form;
    const toAnonymous = await year.leader.post(`/evaluations/${named.id}/edit`, { title: named.title, anonymous: 'on', timing: 'set' });
    expect(toAnonymous.status).to.equal(422);
    expect((await formRow(named.id)).anonymous).to.equal(false);
    const unanswered = (await seedForm(t.database.db, { networkId: year.networkId, title: 'Utan svar', anonymous: true, questions: [] })).form;
    expect((await year.leader.post(`/evaluations/${unanswered.id}/edit`, { title: 'Utan svar', timing: 'set' })).status).to.equal(303);
    expect((await formRow(unanswered.id)).anonymous).to.equal(false);
  });

  it('when the leader deletes a form with answers, then the page says how many go, and only a ticked confirmation deletes it', async () => {
    const { form } = await answeredForm(true);
    const confirm = await year.leader.get(`/evaluations/${form.id}/delete`);
    expect(confirm.html).to.include('1 answer will be deleted too');
    const unticked = await year.leader.post(`/evaluations/${form.id}/delete`);
    expect(unticked.status).to.equal(422);
    expect(await formRow(form.id)).to.not.equal(undefined);
    expect((await year.leader.post(`/evaluations/${form.id}/delete`, { confirm: 'yes' })).status).to.equal(303);
    expect(await formRow(form.id)).to.equal(undefined);
  });

  it('when the leader publishes, closes and unpublishes, then the states follow and a participant no longer sees an unpublished form', async () => {
    const { form } = await seedForm(t.database.db, { networkId: year.networkId, title: 'Livscykel', published: false, questions: [{ kind: 'yesno', text: 'Bra?' }] });
    const participant = await launchAs(t, '51', [role('Learner')]);
    expect((await participant.get('/evaluations')).html).to.not.include('Livscykel');
    expect((await year.leader.post(`/evaluations/${form.id}/publish`)).status).to.equal(303);
    expect((await participant.get('/evaluations')).html).to.include('Livscykel');
    expect((await year.leader.post(`/evaluations/${form.id}/close`)).status).to.equal(303);
    expect((await formRow(form.id)).closesAt!.getTime()).to.be.at.most(Date.now());
    expect((await year.leader.post(`/evaluations/${form.id}/unpublish`)).status).to.equal(303);
    expect((await participant.get('/evaluations')).html).to.not.include('Livscykel');
  });

  it('when the leader sets a form to open at 02:30 on the autumn night, then it is stored as that instant and shown as 02:30; a skipped spring time is refused', async () => {
    const { form } = await seedForm(t.database.db, { networkId: year.networkId, title: 'Höst', published: false, questions: [] });
    const saved = await year.leader.post(`/evaluations/${form.id}/edit`, { title: 'Höst', anonymous: 'on', timing: 'set', opensDate: '2026-10-25', opensTime: '02:30', closesDate: '2026-10-26', closesTime: '12:00' });
    expect(saved.status, saved.html.slice(0, 400)).to.equal(303);
    const row = await formRow(form.id);
    expect(row.opensAt!.toISOString()).to.equal('2026-10-25T00:30:00.000Z');
    expect(row.closesAt!.toISOString()).to.equal('2026-10-26T11:00:00.000Z');
    const page = await year.leader.get(`/evaluations/${form.id}/edit`);
    expect(page.html).to.include('value="2026-10-25"');
    expect(page.html).to.include('value="02:30"');

    const spring = await year.leader.post(`/evaluations/${form.id}/edit`, { title: 'Vår', anonymous: 'on', timing: 'set', opensDate: '2027-03-28', opensTime: '02:30' });
    expect(spring.status).to.equal(422);
    expect(spring.html).to.include('That time does not exist on that day');
    expect(spring.html).to.include('value="Vår"');
    expect((await formRow(form.id)).title).to.equal('Höst');
  });

  it('when a meeting with a day evaluation moves to the day the clocks go forward, then its evaluation opens and closes with it', async () => {
    await year.leader.post('/evaluations/templates', { template: 'day', language: 'en' });
    const meetingId = year.meetingIds[1]!;
    const [dayForm] = await t.database.db.select().from(evaluationForms).where(eq(evaluationForms.meetingId, meetingId));
    const moved = await year.leader.post(`/meetings/${meetingId}/edit`, { theme: 'Kollegialt lärande', date: '2027-03-28', startTime: '09:00', endTime: '16:00', mode: 'onsite', place: 'Växjö' });
    expect(moved.status, moved.html.slice(0, 500)).to.equal(303);
    const row = await formRow(dayForm!.id);
    expect(row.opensAt!.toISOString()).to.equal('2027-03-28T07:00:00.000Z');
    expect(row.closesAt!.toISOString()).to.equal('2027-03-30T22:00:00.000Z');
    const page = await year.leader.get(`/evaluations/${dayForm!.id}/edit`);
    expect(page.html).to.include('value="2027-03-31"');
    expect(page.html).to.include('value="00:00"');
  });
});
