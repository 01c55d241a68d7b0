import { expect } from 'chai';
import { asc, eq } from 'drizzle-orm';
import { evaluationForms, evaluationQuestions, meetings } from '../../models/schema';
import { claim, launchAs, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { setUpYear, userIdOf, type ProgressYear } from '../progress/year';
import { seedAnswer, seedForm } from '../support/evaluations';

const kalundborgDanish = [
  'Har det faglige indhold og de faglige drøftelser på tværs af skolerne givet inputs til nye indsatser eller tiltag på skolen?',
  'Har netværksmøderne givet anledning til drøftelser om faglige udviklingsmuligheder med skolens fagteam?',
  'Har netværksmøderne givet anledning til drøftelser om faglige udviklingsmuligheder med skolens ledelse?',
  'Har netværksmøderne givet anledning til tættere samarbejde/sparring med lærer fra andre skoler?',
  'Har deltageren været i dialog med den kommunale fagkonsulent om facilitering af udviklingsaktiviteter på skolen?',
  'Er der ønsker/idéer til kommende netværksmøder?',
];

describe('Evaluation forms: templates, question kinds, validation and the list page', () => {
  let t: ToolUnderTest;
  let year: ProgressYear;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    year = await setUpYear(t);
  });
  after(async () => {
    await t.close();
  });

  const forms = () => t.database.db.select().from(evaluationForms).orderBy(asc(evaluationForms.id));
  const questionsOf = (formId: number) => t.database.db.select().from(evaluationQuestions).where(eq(evaluationQuestions.formId, formId)).orderBy(asc(evaluationQuestions.position));

  it('when the leader makes the day evaluation twice, then every meeting has exactly one, titled after it and following its time', async () => {
    const first = await year.leader.post('/evaluations/templates', { template: 'day', language: 'sv' });
    expect(first.status, first.html.slice(0, 300)).to.equal(303);
    // Again, twice at once (two leaders' clicks): still one per meeting.
    const again = await Promise.all([1, 2].map(() => year.leader.post('/evaluations/templates', { template: 'day', language: 'sv' })));
    expect(again.map((page) => page.status)).to.deep.equal([303, 303]);
    const day = (await forms()).filter((form) => form.kind === 'dayEvaluation');
    expect(day.map((form) => form.meetingId).sort()).to.deep.equal([...year.meetingIds].sort());
    // The title in the form's language, the theme as the year has it (this network's year is in English).
    expect(day.map((form) => form.title)).to.include('Utvärdering av träff 2: Collegial learning');
    expect(day.every((form) => form.timing === 'meeting' && form.opensAt && form.closesAt && form.anonymous && !form.publishedAt)).to.equal(true);
    const keys = (await questionsOf(day[0]!.id)).map((question) => question.key);
    expect(keys).to.include.members(['day.overall', 'day.input', 'day.groupWork', 'day.relevance', 'day.takeaway', 'day.improve', 'day.wishes']);
  });

  it('when the leader makes the Kalundborg evaluation in Danish, then its six questions are the seed’s, word for word', async () => {
    expect((await year.leader.post('/evaluations/templates', { template: 'kalundborg', language: 'da' })).status).to.equal(303);
    const annual = (await forms()).find((form) => form.kind === 'annual')!;
    const questions = await questionsOf(annual.id);
    const main = ['kalundborg.1', 'kalundborg.2', 'kalundborg.3', 'kalundborg.4', 'kalundborg.5', 'kalundborg.6'].map((key) => questions.find((question) => question.key === key)!);
    expect(main.map((question) => question.text)).to.deep.equal(kalundborgDanish);
    expect(main.slice(0, 5).every((question) => question.kind === 'yesno')).to.equal(true);
    expect(main[5]!.kind).to.equal('text');
    expect(questions.filter((question) => question.text === 'Uddyb gerne')).to.have.length(5);
  });

  for (const [lang, title, first] of [
    ['sv', 'Årlig nätverksutvärdering', 'Har det ämnesmässiga innehållet'],
    ['nb', 'Årlig nettverksevaluering', 'Har det faglige innholdet'],
    ['en', 'Annual network evaluation', 'Have the subject content'],
  ] as const) {
    it(`when the leader makes the templates in ${lang}, then the forms and their questions are in ${lang} with the same keys`, async () => {
      await year.leader.post('/evaluations/templates', { template: 'kalundborg', language: lang });
      const annual = (await forms()).filter((form) => form.kind === 'annual').at(-1)!;
      expect(annual.title).to.equal(title);
      const questions = await questionsOf(annual.id);
      expect(questions.find((question) => question.key === 'kalundborg.1')!.text).to.match(new RegExp(`^${first}`));
      expect(questions.map((question) => question.key)).to.have.length(11);
    });
  }

  it('when the leader makes the self-assessment, then a named start and end form share their keys and say they are a proposal', async () => {
    expect((await year.leader.post('/evaluations/templates', { template: 'self', language: 'en' })).status).to.equal(303);
    const self = (await forms()).filter((form) => form.kind === 'selfAssessment');
    expect(self.map((form) => form.phase)).to.deep.equal(['start', 'end']);
    expect(self.every((form) => !form.anonymous)).to.equal(true);
    const meetingStarts = (await t.database.db.select().from(meetings).orderBy(asc(meetings.startsAt))).map((meeting) => meeting.startsAt.toISOString());
    expect(self[0]!.closesAt!.toISOString(), 'the start closes when the first meeting begins').to.equal(meetingStarts[0]);
    expect(self[1]!.opensAt!.toISOString(), 'the end opens with the last meeting').to.equal(meetingStarts.at(-1));
    expect(self[0]!.intro).to.include('Proposed statements');
    const [start, end] = await Promise.all(self.map((form) => questionsOf(form.id)));
    expect(start!.map((question) => question.key)).to.deep.equal(end!.map((question) => question.key));
    expect(start!.map((question) => question.key)).to.include.members(['self.collegialLearning', 'self.teacherLeadership', 'self.processLeadership', 'self.climate']);
  });

  it('when the leader sends an unknown template, then it is refused with a message and nothing is made', async () => {
    const before = (await forms()).length;
    const refused = await year.leader.post('/evaluations/templates', { template: 'evil', language: 'sv' });
    expect(refused.status).to.equal(400);
    expect(refused.html).to.include('Unknown template');
    expect(await forms()).to.have.length(before);
  });

  it('when the leader builds a form of every kind, edits and reorders it, then the questions are stored as written, with fresh keys', async () => {
    const created = await year.leader.post('/evaluations/new', { title: 'Vår egen enkät', intro: 'Kort', anonymous: 'on', timing: 'set' });
    expect(created.status, created.html.slice(0, 500)).to.equal(303);
    const formId = Number(/evaluations\/(\d+)\/edit/.exec(created.location!)![1]);
    const add = (fields: Record<string, string>) => year.leader.post(`/evaluations/${formId}/questions`, fields);
    expect((await add({ kind: 'scale', text: 'Hur var det?', lowLabel: 'Dåligt', highLabel: 'Bra', required: 'on' })).status).to.equal(303);
    expect((await add({ kind: 'single', text: 'Vilken dag?', options: 'Måndag\nTisdag\n\nOnsdag' })).status).to.equal(303);
    expect((await add({ kind: 'multiple', text: 'Vilka delar?', options: 'Föreläsning\nGrupparbete' })).status).to.equal(303);
    expect((await add({ kind: 'text', text: 'Något mer?' })).status).to.equal(303);
    expect((await add({ kind: 'yesno', text: 'Kommer du igen?' })).status).to.equal(303);
    let questions = await questionsOf(formId);
    expect(questions.map((question) => question.kind)).to.deep.equal(['scale', 'single', 'multiple', 'text', 'yesno']);
    expect(questions[1]!.options).to.deep.equal(['Måndag', 'Tisdag', 'Onsdag']);
    expect(questions[0]).to.include({ lowLabel: 'Dåligt', highLabel: 'Bra', required: true });
    expect(new Set(questions.map((question) => question.key)).size).to.equal(5);
    expect(questions.every((question) => question.key.startsWith('custom-'))).to.equal(true);

    expect((await year.leader.post(`/evaluations/${formId}/questions/${questions[4]!.id}/move`, { direction: 'up' })).status).to.equal(303);
    expect((await year.leader.post(`/evaluations/${formId}/questions/${questions[0]!.id}/edit`, { kind: 'scale', text: 'Hur var dagen?', lowLabel: 'Dåligt', highLabel: 'Bra' })).status).to.equal(303);
    expect((await year.leader.post(`/evaluations/${formId}/questions/${questions[2]!.id}/remove`)).status).to.equal(303);
    questions = await questionsOf(formId);
    expect(questions.map((question) => question.text)).to.deep.equal(['Hur var dagen?', 'Vilken dag?', 'Kommer du igen?', 'Något mer?']);
    const page = await year.leader.get(`/evaluations/${formId}/edit`);
    expect(page.status).to.equal(200);
    expect(page.html).to.include('Move up');
    const editing = await year.leader.get(`/evaluations/${formId}/questions/${questions[1]!.id}/edit`);
    expect(editing.status).to.equal(200);
    expect(editing.html).to.include('Måndag\nTisdag\nOnsdag');
    expect((await year.leader.get(`/evaluations/${formId}/questions/new`)).status).to.equal(200);
    expect((await year.leader.get('/evaluations/new')).status).to.equal(200);
    expect((await year.leader.get(`/evaluations/${formId}/questions/999999/edit`)).status).to.equal(404);
  });

  it('when a question or the settings are invalid, then 422 in the user’s language beside the field, with what was typed kept', async () => {
    const [form] = await forms();
    const swedish = await launchAs(t, '1', [role('Instructor')], {}, 'sv');
    const tooFew = await swedish.post(`/evaluations/${form!.id}/questions`, { kind: 'single', text: 'Vilken skola?', options: 'Bara en' });
    expect(tooFew.status).to.equal(422);
    expect(tooFew.html).to.include('Skriv minst två alternativ, ett per rad.');
    expect(tooFew.html).to.include('Vilken skola?');
    const untitled = await swedish.post('/evaluations/new', { title: '  ', intro: 'Min inledning', timing: 'set' });
    expect(untitled.status).to.equal(422);
    expect(untitled.html).to.include('Skriv en rubrik');
    expect(untitled.html).to.include('Min inledning');
    const reversed = await swedish.post('/evaluations/new', { title: 'Baklänges', timing: 'set', opensDate: '2027-02-10', opensTime: '10:00', closesDate: '2027-02-09', closesTime: '10:00' });
    expect(reversed.status).to.equal(422);
    expect(reversed.html).to.include('Formuläret måste stänga efter att det öppnar.');
    expect(reversed.html).to.include('Baklänges');
  });

  it('when a participant or a school leader opens the builder, then it is refused', async () => {
    const [form] = await forms();
    const participant = await launchAs(t, '40', [role('Learner')]);
    expect((await participant.get('/evaluations/new')).status).to.equal(403);
    expect((await participant.post('/evaluations/templates', { template: 'day', language: 'sv' })).status).to.equal(403);
    expect((await participant.get(`/evaluations/${form!.id}/edit`)).status).to.be.oneOf([403, 404]);
    expect((await participant.post(`/evaluations/${form!.id}/publish`)).status).to.be.oneOf([403, 404]);
  });

  it('when forms are draft, scheduled, open and closed, then a participant sees only the published ones with the right action, and a draft is 404', async () => {
    const now = Date.now();
    const q = [{ kind: 'scale' as const, text: 'Hur var det?' }];
    const draft = await seedForm(t.database.db, { networkId: year.networkId, title: 'Utkastet', published: false, questions: q });
    const scheduled = await seedForm(t.database.db, { networkId: year.networkId, title: 'Kommande', opensAt: new Date(now + 86_400_000), questions: q });
    const open = await seedForm(t.database.db, { networkId: year.networkId, title: 'Öppna', closesAt: new Date(now + 86_400_000), questions: q });
    const answered = await seedForm(t.database.db, { networkId: year.networkId, title: 'Besvarade', questions: q });
    const closed = await seedForm(t.database.db, { networkId: year.networkId, title: 'Stängda', closesAt: new Date(now - 60_000), questions: q });
    const participant = await launchAs(t, '41', [role('Learner')]);
    await seedAnswer(t.database.db, t.config.dataDir, answered.form, await userIdOf(t, '41'), { [answered.questions[0]!.id]: 4 });
    const { html } = await participant.get('/evaluations');
    expect(html).to.not.include('Utkastet');
    const card = (id: number) => html.slice(html.indexOf(`data-form="${id}"`), html.indexOf('</section>', html.indexOf(`data-form="${id}"`)));
    expect(card(scheduled.form.id)).to.include('Opens');
    expect(card(scheduled.form.id)).to.not.include('>Answer<');
    expect(card(open.form.id)).to.include('Open until');
    expect(card(open.form.id)).to.include(`/evaluations/${open.form.id}"`);
    expect(card(open.form.id)).to.include('>Answer<');
    expect(card(answered.form.id)).to.include('Change your answer');
    expect(card(closed.form.id)).to.include('Closed');
    expect((await participant.get(`/evaluations/${draft.form.id}/edit`)).status).to.be.oneOf([403, 404]);
    expect((await participant.get(`/evaluations/${draft.form.id}`)).status, 'a draft does not exist for a participant').to.equal(404);

    const leaderPage = await year.leader.get('/evaluations');
    expect(leaderPage.html).to.include('Utkastet');
    const answeredCard = leaderPage.html.slice(leaderPage.html.indexOf(`data-form="${answered.form.id}"`));
    expect(answeredCard).to.match(/^[^]*?1 of [2-9] answered/);
    expect(answeredCard.slice(0, answeredCard.indexOf('</section>'))).to.not.include('Person 41');
  });

  it('when staff and a school leader open the list, then staff see every form with counts and result links but no builder, and the school leader the published forms’ results', async () => {
    const q = [{ kind: 'yesno' as const, text: 'Bra?' }];
    const draft = await seedForm(t.database.db, { networkId: year.networkId, title: 'Ledarnas utkast', published: false, questions: q });
    const published = await seedForm(t.database.db, { networkId: year.networkId, title: 'Publicerad för alla', questions: q });
    const staff = await launchAs(t, '5', [role('Instructor')]);
    expect((await year.leader.post(`/roster/${await userIdOf(t, '5')}/role`, { role: 'staff' })).status).to.equal(303);
    const rektor = await launchAs(t, '45', [role('Learner')]);
    expect((await year.leader.post(`/roster/${await userIdOf(t, '45')}/role`, { role: 'mentor' })).status).to.equal(303);

    const staffPage = (await staff.get('/evaluations')).html;
    expect(staffPage).to.include('Ledarnas utkast');
    expect(staffPage).to.include(`/evaluations/${draft.form.id}/screen`);
    expect(staffPage).to.include(`/evaluations/${published.form.id}/results.csv`);
    expect(staffPage).to.match(/0 of \d+ answered/);
    expect(staffPage).to.not.include(`/evaluations/${published.form.id}/edit`);
    expect(staffPage).to.not.include('/evaluations/templates');
    expect((await staff.get('/evaluations/new')).status).to.equal(403);

    const rektorPage = (await rektor.get('/evaluations')).html;
    expect(rektorPage).to.not.include('Ledarnas utkast');
    expect(rektorPage).to.include(`/evaluations/${published.form.id}/results`);
    expect(rektorPage).to.not.include(`/evaluations/${published.form.id}/screen`);
    expect(rektorPage).to.not.include('answered');
  });

  it('when someone of another network asks for this network’s form, then it is not found', async () => {
    const [form] = await forms();
    const outsider = await launchAs(t, '1', [role('Instructor')], { [claim('context')]: { id: 'other-network', title: 'Annat nätverk', type: ['CourseSection'] } });
    await outsider.post('/year/setup', { template: 'empty', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
    expect((await outsider.get(`/evaluations/${form!.id}/edit`)).status).to.equal(404);
    expect((await outsider.post(`/evaluations/${form!.id}/publish`)).status).to.equal(404);
    expect((await outsider.post(`/evaluations/${form!.id}/delete`, { confirm: 'yes' })).status).to.equal(404);
    expect((await outsider.get('/evaluations')).html).to.not.include(form!.title);
  });
});
