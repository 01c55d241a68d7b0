import { expect } from 'chai';
import { desc, eq } from 'drizzle-orm';
import { evaluationAnswers, evaluationForms, liveEvents, networks } from '../../models/schema';
import { launchAs, role, claim, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import type { FormRow, QuestionRow } from '../../models/evaluations';
import { completeAnswer, expectStatus, launchNetwork, seedOpenForm, storedAnswer, userIdOf, versionOf } from './answering-setup';

describe('Evaluations: answering a form', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let anna: NetworkMember;
  let bo: NetworkMember;
  let cy: NetworkMember;
  let form: FormRow;
  let questions: QuestionRow[];
  let annaId: number;
  let boId: number;
  const path = () => `/evaluations/${form.id}`;

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    const launched = await launchNetwork(t, [{ sub: '21' }, { sub: '22' }, { sub: '23' }]);
    leader = launched.leader;
    [anna, bo, cy] = launched.members as [NetworkMember, NetworkMember, NetworkMember];
    ({ form, questions } = await seedOpenForm(t));
    [annaId, boId] = [await userIdOf(t, '21'), await userIdOf(t, '22')];
  });
  after(() => t?.close());

  it('when a participant opens an open anonymous form, then it says it is anonymous, until when it can be changed, marks the required questions, and draws the scale as five large choices', async () => {
    const page = await anna.get(path());
    expectStatus(page, 200);
    expect(page.html).to.include('Your answer is anonymous: nobody, not even the leaders, can see what you answered.');
    expect(page.html).to.match(/You can change your answer until [^<]+\d/);
    expect(page.html.match(/class="required"/g)).to.have.length(2);
    expect(page.html.match(new RegExp(`type="radio" name="q${questions[0]!.id}"`, 'g'))).to.have.length(5);
    expect(page.html).to.include('1 = Not at all').and.include('5 = Very');
    expect(page.html).to.include(`type="checkbox" name="q${questions[2]!.id}"`);
    expect(page.html, 'no script is needed').to.not.match(/<script[^>]+src="[^"]*answer/);
    expect(page.html, 'not in the frame: no phone code').to.not.include('Open on your phone');
  });

  it('when a half-filled form is saved, then it is kept unsubmitted and shown again; sending it without the required answers is refused with the half kept', async () => {
    const saved = await anna.post(path(), { intent: 'save', version: '0', [`q${questions[0]!.id}`]: '4', [`q${questions[3]!.id}`]: 'Half way' });
    expectStatus(saved, 303);
    expect(saved.location).to.include('done=answer_saved');
    const row = await storedAnswer(t, form.id, annaId);
    expect(row).to.include({ submitted: false, version: 1, userId: null, submittedAt: null });
    expect(row!.values).to.deep.equal({ [questions[0]!.id]: 4, [questions[3]!.id]: 'Half way' });

    const resumed = await anna.get(path());
    expect(resumed.html).to.include('Your half-filled answers are saved.');
    expect(resumed.html).to.match(new RegExp(`name="q${questions[0]!.id}" value="4" checked`));
    expect(resumed.html).to.include('>Half way</textarea>');
    expect(versionOf(resumed.html)).to.equal('1');

    const refused = await anna.post(path(), { intent: 'submit', version: '1', [`q${questions[0]!.id}`]: '4', [`q${questions[3]!.id}`]: 'Half way, more' });
    expectStatus(refused, 422);
    expect(refused.html).to.include('Answer this question before you send.');
    expect(refused.html, 'what was typed is shown again').to.include('>Half way, more</textarea>');
    expect(refused.html.match(/data-error-summary/g), 'one summary of the errors at the top, not two').to.have.length(1);
    expect(await storedAnswer(t, form.id, annaId)).to.deep.include({ submitted: false, version: 1, values: row!.values });
  });

  it('when the answer is sent, then it is stored without person or time, the big screen hears the count only, and it can be changed until the form closes', async () => {
    const sent = await anna.post(path(), { intent: 'submit', version: '1', ...completeAnswer(questions) });
    expectStatus(sent, 303);
    expect(sent.location).to.include('done=answer_submitted');
    const row = await storedAnswer(t, form.id, annaId);
    expect(row).to.include({ submitted: true, userId: null, submittedAt: null });
    expect(row!.values).to.deep.equal({ [questions[0]!.id]: 4, [questions[1]!.id]: 1, [questions[2]!.id]: [0, 2], [questions[3]!.id]: 'Good day', [questions[4]!.id]: true });
    const events = await t.database.db.select().from(liveEvents).where(eq(liveEvents.topic, `evaluation:${form.id}`));
    expect(events.map((event) => [event.kind, event.payload])).to.deep.equal([['answered', { respondents: 1 }]]);

    const page = await anna.get(path());
    expect(page.html).to.include('Your answer is sent. You can still change it');
    const changed = await anna.post(path(), { intent: 'submit', version: versionOf(page.html), ...completeAnswer(questions, { 0: '2', 4: 'no' }) });
    expectStatus(changed, 303);
    const after = await storedAnswer(t, form.id, annaId);
    expect(after!.values[questions[0]!.id]).to.equal(2);
    expect(after!.values[questions[4]!.id]).to.equal(false);
    const count = await t.database.db.select().from(evaluationAnswers).where(eq(evaluationAnswers.formId, form.id));
    expect(count, 'one answer per person').to.have.length(1);
  });

  it('when the same answer was changed meanwhile on another device, then the stale post is refused with 409, what was typed is kept on the page and nothing stored changes', async () => {
    const first = await bo.get(path());
    const version = versionOf(first.html);
    expectStatus(await bo.post(path(), { intent: 'submit', version, ...completeAnswer(questions) }), 303);
    const stored = await storedAnswer(t, form.id, boId);
    const stale = await bo.post(path(), { intent: 'submit', version, ...completeAnswer(questions, { 3: 'Typed on the laptop' }) });
    expectStatus(stale, 409);
    expect(stale.html).to.include('Your answer was changed on another device');
    expect(stale.html).to.include('>Typed on the laptop</textarea>');
    expect(versionOf(stale.html), 'the page now carries the newer version').to.equal(String(stored!.version));
    expect(await storedAnswer(t, form.id, boId)).to.deep.equal(stored);
  });

  describe('Bad input', () => {
    const refusedKeepingAnna = async (fields: Record<string, string | string[]>, status: number, message: string) => {
      const before = await storedAnswer(t, form.id, annaId);
      const page = await anna.get(path());
      const result = await anna.post(path(), { intent: 'submit', version: versionOf(page.html), ...fields });
      // (a `version` among the fields replaces the page's: a post made from an older page)
      expectStatus(result, status);
      expect(result.html).to.include(message);
      expect(await storedAnswer(t, form.id, annaId), 'what was answered is kept').to.deep.equal(before);
    };

    it('when a person sends a first answer again after answering (twice, as from a second phone), then it is refused with 409 and the first is kept', async () => {
      await refusedKeepingAnna({ ...completeAnswer(questions, { 3: 'Second first answer' }), version: '0' }, 409, 'Your answer was changed on another device');
      const rows = await t.database.db.select().from(evaluationAnswers).where(eq(evaluationAnswers.formId, form.id));
      expect(rows.filter((row) => row.values[questions[3]!.id] === 'Second first answer')).to.have.length(0);
    });

    it('when a scale value is out of range, then it is refused (never clamped) and the stored answer is kept', async () => {
      await refusedKeepingAnna(completeAnswer(questions, { 0: '7' }), 422, 'Choose a step from 1 to 5.');
    });

    it('when an option that the question does not have is posted, then it is refused', async () => {
      await refusedKeepingAnna(completeAnswer(questions, { 1: '9' }), 422, 'Choose one of the options shown.');
      await refusedKeepingAnna(completeAnswer(questions, { 2: ['0', '5'] }), 422, 'Choose one of the options shown.');
      await refusedKeepingAnna(completeAnswer(questions, { 4: 'maybe' }), 422, 'This answer could not be read.');
    });

    it('when a text is longer than 4000 characters, then it is refused before anything is written', async () => {
      await refusedKeepingAnna(completeAnswer(questions, { 3: 'x'.repeat(4001) }), 422, 'The text is too long: at most 4000 characters.');
    });

    it('when a post names a question that is not on this form, then it is refused as a whole with a clear message and nothing is saved', async () => {
      const other = await seedOpenForm(t, { title: 'Another form' });
      await refusedKeepingAnna({ ...completeAnswer(questions), [`q${other.questions[0]!.id}`]: '3' }, 400, 'A question that is not on this form');
      await refusedKeepingAnna({ ...completeAnswer(questions), q999999: '3' }, 400, 'A question that is not on this form');
      expect(await storedAnswer(t, other.form.id, annaId)).to.equal(undefined);
    });

    it('when the form has closed, then answering is refused with a clear message and the answer given before is kept', async () => {
      const closing = await seedOpenForm(t, { title: 'Closing form' });
      expectStatus(await cy.post(`/evaluations/${closing.form.id}`, { intent: 'submit', version: '0', ...completeAnswer(closing.questions) }), 303);
      const kept = await storedAnswer(t, closing.form.id, await userIdOf(t, '23'));
      await t.database.db.update(evaluationForms).set({ closesAt: new Date(Date.now() - 1000) }).where(eq(evaluationForms.id, closing.form.id));
      const late = await cy.post(`/evaluations/${closing.form.id}`, { intent: 'submit', version: String(kept!.version), ...completeAnswer(closing.questions, { 0: '1' }) });
      expectStatus(late, 409);
      expect(late.html).to.include('The form is closed');
      expect(await storedAnswer(t, closing.form.id, await userIdOf(t, '23'))).to.deep.equal(kept);
      const page = await cy.get(`/evaluations/${closing.form.id}`);
      expect(page.html).to.include('The form is closed.').and.include('Your answer is sent.');
      expect(page.html, 'no buttons to send').to.not.include('value="submit"');
    });

    it('when a form has not opened yet, is a draft, or belongs to another network, then it cannot be answered', async () => {
      const scheduled = await seedOpenForm(t, { title: 'Later form', opensAt: new Date(Date.now() + 60 * 60_000) });
      const notYet = await cy.post(`/evaluations/${scheduled.form.id}`, { intent: 'submit', version: '0', ...completeAnswer(scheduled.questions) });
      expectStatus(notYet, 409);
      expect(notYet.html).to.include('The form is not open yet');
      const draft = await seedOpenForm(t, { title: 'Draft form', published: false });
      expectStatus(await cy.get(`/evaluations/${draft.form.id}`), 404);
      expectStatus(await cy.post(`/evaluations/${draft.form.id}`, { intent: 'submit', version: '0', ...completeAnswer(draft.questions) }), 404);
      await launchAs(t, '901', [role('Instructor')], { [claim('context')]: { id: 'other-course', label: 'OTHER', title: 'Another network' } });
      const [otherNetwork] = await t.database.db.select().from(networks).orderBy(desc(networks.id)).limit(1);
      const foreign = await seedOpenForm(t, { title: 'Foreign form', networkId: otherNetwork!.id });
      expectStatus(await cy.get(`/evaluations/${foreign.form.id}`), 404);
      expectStatus(await cy.post(`/evaluations/${foreign.form.id}`, { intent: 'submit', version: '0', ...completeAnswer(foreign.questions) }), 404);
      expect(await storedAnswer(t, foreign.form.id, await userIdOf(t, '23'))).to.equal(undefined);
      for (const seeded of [scheduled, draft]) expect(await storedAnswer(t, seeded.form.id, await userIdOf(t, '23'))).to.equal(undefined);
    });

    it('when someone who is not a participant posts an answer, then it is refused (403) and nothing is stored', async () => {
      const result = await leader.post(path(), { intent: 'submit', version: '0', ...completeAnswer(questions) });
      expectStatus(result, 403);
      expect(await storedAnswer(t, form.id, await userIdOf(t, '1'))).to.equal(undefined);
    });

    it('when the intent or version is missing or forged, then the form is shown again with a message and nothing is stored', async () => {
      const before = await storedAnswer(t, form.id, annaId);
      const result = await anna.post(path(), { intent: 'publish', version: 'x', ...completeAnswer(questions) });
      expectStatus(result, 400);
      expect(result.html).to.include('The form could not be read.');
      expect(await storedAnswer(t, form.id, annaId)).to.deep.equal(before);
    });
  });

  it('when a named form is answered, then the answer names its person and when it was sent', async () => {
    const named = await seedOpenForm(t, { title: 'Self-assessment', anonymous: false });
    const page = await cy.get(`/evaluations/${named.form.id}`);
    expect(page.html).to.include('Your answer is named: leaders and staff see your answer.');
    expectStatus(await cy.post(`/evaluations/${named.form.id}`, { intent: 'submit', version: '0', ...completeAnswer(named.questions) }), 303);
    const row = await storedAnswer(t, named.form.id, await userIdOf(t, '23'));
    expect(row!.userId).to.equal(await userIdOf(t, '23'));
    expect(row!.submittedAt).to.be.instanceOf(Date);
  });
});
