import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { meetings, networks, schools, users, type AnswerValue } from '../../models/schema';
import { evaluationTopic, publishLive } from '../../lti-tool/live/publish';
import { claim, launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { seedAnswer, seedForm } from '../support/evaluations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const chartTag = /<svg [^>]*class="chart"/;

/** The numbers written beside the bars of each chart and in each table, question by question, in page order. */
function numbersOf(html: string): Array<{ chart: number[]; table: number[] }> {
  return html
    .split('<section class="evaluation-question"')
    .slice(1)
    .map((section) => ({
      chart: [...section.matchAll(/<text class="chart-value"[^>]*>(\d+)/g)].map((match) => Number(match[1])),
      table: [...section.matchAll(/<td data-count>(\d+)<\/td>/g)].map((match) => Number(match[1])),
    }));
}

describe('evaluation results: charts and tables that equal the answers, and the threshold that keeps small groups hidden', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let anna: NetworkMember;
  let bo: NetworkMember;
  let rektor: NetworkMember;
  let networkId: number;
  let annaId: number;
  let boId: number;
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}) => launchMember(t, sub, roles, extra, 'en');
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  /** Anonymous answers carry no person: any number makes a distinct key. */
  let nextAnonymous = 100_000;
  const answerAll = async (form: { id: number; anonymous: boolean }, answers: Array<Record<number, AnswerValue>>, schoolId: number | null = null) => {
    for (const values of answers) await seedAnswer(t.database.db, t.config.dataDir, form, nextAnonymous++, values, { schoolId });
  };

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs('1', [role('Instructor')]);
    anna = await launchAs('31', [role('Learner')]);
    bo = await launchAs('32', [role('Learner')]);
    rektor = await launchAs('41', [role('Learner')]);
    expect((await leader.post(`/roster/${await userId('41')}/role`, { role: 'mentor' })).status).to.equal(303);
    rektor = await launchAs('41', [role('Learner')]);
    [annaId, boId] = [await userId('31'), await userId('32')];
    networkId = (await t.database.db.select().from(networks))[0]!.id;
  });
  after(async () => {
    await t.close();
  });

  it('when 7 have answered an anonymous form, then every chart and its table show the counts of the answers, and the texts are listed sorted', async () => {
    const { form, questions } = await seedForm(t.database.db, {
      networkId,
      title: 'Utvärdering av dagen',
      questions: [
        { kind: 'scale', text: 'Hur nöjd är du med dagen?', lowLabel: 'Inte alls', highLabel: 'Mycket' },
        { kind: 'single', text: 'Vilket pass var bäst?', options: ['Förmiddag', 'Eftermiddag', 'Fika'] },
        { kind: 'multiple', text: 'Vad tar du med dig?', options: ['Modellen', 'Materialet', 'Samtalen'] },
        { kind: 'yesno', text: 'Kommer du nästa gång?' },
        { kind: 'text', text: 'Något mer?' },
      ],
    });
    const [scale, single, multiple, yesno, text] = questions.map((question) => question.id) as [number, number, number, number, number];
    const answers: Array<Record<number, AnswerValue>> = [
      { [scale]: 5, [single]: 0, [multiple]: [0, 2], [yesno]: true, [text]: 'Tack för en bra dag' },
      { [scale]: 4, [single]: 1, [multiple]: [1], [yesno]: true, [text]: 'Mer tid för samtal' },
      { [scale]: 4, [single]: 2, [multiple]: [0, 1, 2], [yesno]: false, [text]: 'Bra lokal' },
      { [scale]: 2, [single]: 0, [multiple]: [2], [yesno]: true, [text]: 'Kortare pauser' },
      { [scale]: 5, [single]: 0, [yesno]: true, [text]: 'Allt var bra' },
      { [scale]: 3, [multiple]: [0], [yesno]: false },
      { [scale]: 4, [single]: 1, [multiple]: [2], [yesno]: true, [text]: 'Fler exempel' },
    ];
    await answerAll(form, answers);
    // A half-filled answer is its person's, never counted.
    await seedAnswer(t.database.db, t.config.dataDir, form, nextAnonymous++, { [scale]: 1 }, { submitted: false });

    const page = await leader.get(`/evaluations/${form.id}/results`);
    expect(page.status).to.equal(200);
    // More answers than active participants (the seeded ones are nobody's): the count stands alone.
    expect(page.html).to.contain('<p class="evaluation-count">7 answered</p>');
    const countOf = (questionId: number, categories: number, index: (value: AnswerValue) => number[]) => {
      const counts = new Array<number>(categories).fill(0);
      for (const answer of answers) if (answer[questionId] !== undefined) for (const i of index(answer[questionId]!)) counts[i]! += 1;
      return counts;
    };
    const expected = [
      countOf(scale, 5, (value) => [(value as number) - 1]),
      countOf(single, 3, (value) => [value as number]),
      countOf(multiple, 3, (value) => value as number[]),
      countOf(yesno, 2, (value) => [value ? 0 : 1]),
    ];
    const shown = numbersOf(page.html);
    expect(shown).to.have.length(5);
    expected.forEach((counts, i) => {
      expect(shown[i]!.chart, `chart of question ${i + 1}`).to.deep.equal(counts);
      expect(shown[i]!.table, `table of question ${i + 1}`).to.deep.equal(counts);
    });
    expect(expected[0]).to.deep.equal([0, 1, 1, 3, 2]);
    // The mean of the scale, 27 / 7, in the page's language.
    expect(page.html).to.contain('Mean 3.9 (1–5)');
    const texts = answers.map((answer) => answer[text]).filter((value): value is string => typeof value === 'string');
    const listed = [...page.html.split('<ul class="evaluation-texts">')[1]!.split('</ul>')[0]!.matchAll(/<li>([^<]*)<\/li>/g)].map((match) => match[1]);
    expect(listed).to.deep.equal([...texts].sort((a, b) => a.localeCompare(b)));
    // Every chart has its accessible name and a table with a caption and headers.
    expect(page.html.match(/<svg [^>]*role="img" aria-label="[^"]+"/g)).to.have.length(4);
    expect(page.html.match(/<caption>/g)).to.have.length(4);
    expect(page.html).to.contain('<th scope="col">Count</th>').and.contain('<th scope="row">1 — Inte alls</th>');
  });

  it('when an anonymous form has 4 answers, then nothing but the count is shown; at 5 the results appear', async () => {
    const { form, questions } = await seedForm(t.database.db, { networkId, title: 'Liten grupp', questions: [{ kind: 'scale', text: 'Hemlig fråga' }, { kind: 'text', text: 'Kommentar' }] });
    const [scale, text] = questions.map((question) => question.id) as [number, number];
    await answerAll(form, [1, 2, 3, 4].map((step) => ({ [scale]: step, [text]: `Text ${step}` })));
    for (const member of [leader, rektor]) {
      const page = await member.get(`/evaluations/${form.id}/results`);
      expect(page.status).to.equal(200);
      expect(page.html).to.contain('4 answered').and.contain('Results appear when at least 5 have answered.');
      expect(page.html).not.to.contain('Hemlig fråga');
      expect(page.html).not.to.contain('Text 1');
      expect(page.html).not.to.match(chartTag);
      expect(page.html).not.to.contain('<table');
      expect(page.html).not.to.contain('?school=all');
    }
    const live = await leader.get(`/evaluations/${form.id}/live`);
    expect(live.html).to.contain('Results appear when at least 5').and.not.contain('Hemlig fråga');
    const slide = await leader.get(`/evaluations/${form.id}/slide`);
    expect(slide.html).not.to.contain('Text 1').and.not.match(chartTag);

    await answerAll(form, [{ [scale]: 5, [text]: 'Text 5' }]);
    const page = await rektor.get(`/evaluations/${form.id}/results`);
    expect(page.html).to.contain('Hemlig fråga').and.match(chartTag);
    expect(numbersOf(page.html)[0]!.chart).to.deep.equal([1, 1, 1, 1, 1]);
    expect(page.html).to.contain('Text 1').and.contain('Text 5');
    // The room's screen counts the written answers but does not put them up as they arrive.
    const shownLive = await leader.get(`/evaluations/${form.id}/live`);
    expect(shownLive.html).to.contain('Hemlig fråga').and.contain('5 written answers: read them on the results page.');
    expect(shownLive.html).not.to.contain('Text 5');
  });

  it('when a named form has 3 answers, then leaders see them counted but a school leader, to whom no answer was named, sees only the count', async () => {
    const { form, questions } = await seedForm(t.database.db, { networkId, anonymous: false, title: 'Namngiven', questions: [{ kind: 'scale', text: 'Namngiven fråga' }] });
    const leaderId = await userId('1');
    for (const [person, step] of [[annaId, 2], [boId, 3], [leaderId, 4]] as const) await seedAnswer(t.database.db, t.config.dataDir, form, person, { [questions[0]!.id]: step });
    const forLeader = await leader.get(`/evaluations/${form.id}/results`);
    expect(forLeader.html).to.contain('Namngiven fråga').and.match(chartTag);
    const forRektor = await rektor.get(`/evaluations/${form.id}/results`);
    expect(forRektor.status).to.equal(200);
    expect(forRektor.html).to.contain('3 answered').and.contain('Results appear when at least 5 have answered.');
    expect(forRektor.html).not.to.contain('Namngiven fråga');
  });

  it('when 4 wrote a free text and 5 wrote another, then the 4 texts are withheld with the reason and the 5 are shown', async () => {
    const { form, questions } = await seedForm(t.database.db, { networkId, questions: [{ kind: 'text', text: 'Få skrev' }, { kind: 'text', text: 'Många skrev' }] });
    const [few, many] = questions.map((question) => question.id) as [number, number];
    await answerAll(
      form,
      [0, 1, 2, 3, 4, 5].map((i) => ({ ...(i < 4 ? { [few]: `Sällsynt ${i}` } : {}), ...(i < 5 ? { [many]: `Vanlig ${i}` } : {}) })),
    );
    const page = await leader.get(`/evaluations/${form.id}/results`);
    expect(page.html).not.to.contain('Sällsynt');
    expect(page.html).to.contain('The written answers are withheld: fewer than 5 wrote one');
    for (const i of [0, 1, 2, 3, 4]) expect(page.html).to.contain(`Vanlig ${i}`);
  });

  it('when one school has 2 answers, then there is no by-school view at all; when every school has 5, each school is shown by name', async () => {
    const [norra, sodra] = await t.database.db
      .insert(schools)
      .values([
        { networkId, name: 'Norraskolan' },
        { networkId, name: 'Södraskolan' },
      ])
      .returning();
    const seedSchools = async (counts: [number, number]) => {
      const { form, questions } = await seedForm(t.database.db, { networkId, questions: [{ kind: 'yesno', text: 'Var det bra?' }] });
      await answerAll(form, new Array(counts[0]).fill({ [questions[0]!.id]: true }), norra!.id);
      await answerAll(form, new Array(counts[1]).fill({ [questions[0]!.id]: false }), sodra!.id);
      return form.id;
    };
    const small = await seedSchools([5, 2]);
    const whole = await leader.get(`/evaluations/${small}/results`);
    expect(numbersOf(whole.html)[0]!.table, 'the network as a whole passes the threshold').to.deep.equal([5, 2]);
    const bySchool = await leader.get(`/evaluations/${small}/results?school=all`);
    expect(bySchool.html).to.contain('Results by school are not shown');
    expect(bySchool.html).not.to.contain('Norraskolan').and.not.contain('Södraskolan');
    expect(numbersOf(bySchool.html)).to.have.length(0);

    const both = await seedSchools([5, 6]);
    const page = await rektor.get(`/evaluations/${both}/results?school=all`);
    expect(page.html).to.contain('<h2 id="school-0">Norraskolan</h2>').and.contain('<h2 id="school-1">Södraskolan</h2>');
    expect(numbersOf(page.html).map((question) => question.table)).to.deep.equal([
      [5, 0],
      [0, 6],
    ]);
  });

  it('when a question and an option carry markup, then the page and the chart show them as text', async () => {
    const { form, questions } = await seedForm(t.database.db, {
      networkId,
      anonymous: false,
      questions: [{ kind: 'single', text: '<script>alert("q")</script>', options: ['<img src=x onerror=alert(1)>', 'B & "C"'] }],
    });
    await seedAnswer(t.database.db, t.config.dataDir, form, annaId, { [questions[0]!.id]: 0 });
    const page = await leader.get(`/evaluations/${form.id}/results`);
    expect(page.status).to.equal(200);
    expect(page.html).not.to.contain('<script>alert').and.not.to.contain('<img src=x');
    expect(page.html).to.contain('&lt;script&gt;alert(&#34;q&#34;)&lt;/script&gt;');
    const chart = page.html.match(/<svg [^>]*class="chart"[\s\S]*?<\/svg>/)![0];
    expect(chart).to.contain('aria-label="&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;"');
    expect(chart).to.contain('&lt;img src=x onerror=alert(1)&gt;').and.contain('B &amp; &quot;C&quot;');
    const participants = Number(/1 of (\d+) answered/.exec(page.html)?.[1]);
    expect(participants, 'Anna and Bo at least').to.be.at.least(2);
    // A named form has no threshold: one answer is shown.
    expect(numbersOf(page.html)[0]!.chart).to.deep.equal([1, 0]);
  });

  it('when roles without the action or another network ask, then they are refused or find nothing', async () => {
    const { form } = await seedForm(t.database.db, { networkId, questions: [{ kind: 'scale', text: 'Fråga' }] });
    const draft = await seedForm(t.database.db, { networkId, published: false, questions: [{ kind: 'scale', text: 'Utkast' }] });
    expect((await anna.get(`/evaluations/${form.id}/results`)).status, 'a participant reads no results').to.equal(403);
    expect((await anna.get('/evaluations/compare')).status).to.equal(403);
    for (const path of ['screen', 'live', 'slide', 'stream']) expect((await rektor.get(`/evaluations/${form.id}/${path}`)).status, `school leader: ${path}`).to.equal(403);
    expect((await rektor.get(`/evaluations/${draft.form.id}/results`)).status, 'a draft is not there for a school leader').to.equal(404);
    expect((await leader.get(`/evaluations/${draft.form.id}/results`)).status).to.equal(200);

    const other = await launchAs('901', [role('Instructor')], { [claim('context')]: { id: 'other-course', label: 'OTHER', title: 'Another network' } });
    for (const path of ['results', 'screen', 'live', 'slide']) expect((await other.get(`/evaluations/${form.id}/${path}`)).status, `another network: ${path}`).to.equal(404);
    expect((await leader.get('/evaluations/99999999/results')).status).to.equal(404);
    for (const path of ['/evaluations/99999999999999999999/results', '/evaluations/0/screen', `/evaluations/${form.id}/results?school=<b>`]) {
      const page = await leader.get(path);
      expect(page.status, path).to.be.oneOf([200, 400, 404]);
      expect(page.html, path).not.to.match(/\n\s+at \S+ \(/).and.not.contain('<b>');
    }
  });

  it('when a participant has answered the self-assessment at the start and the end, then they and the leader see it side by side, and nobody else does', async () => {
    const statements = [
      { kind: 'scale' as const, key: 'self-climate', text: 'Vi har ett tillitsfullt klimat' },
      { kind: 'scale' as const, key: 'self-leading', text: 'Jag leder kollegialt lärande' },
    ];
    const start = await seedForm(t.database.db, { networkId, kind: 'selfAssessment', phase: 'start', anonymous: false, yearLabel: '2026/2027', title: 'Skattning start', questions: statements });
    const end = await seedForm(t.database.db, { networkId, kind: 'selfAssessment', phase: 'end', anonymous: false, yearLabel: '2026/2027', title: 'Skattning slut', questions: statements });
    const [s1, s2] = start.questions.map((question) => question.id) as [number, number];
    const [e1, e2] = end.questions.map((question) => question.id) as [number, number];
    await seedAnswer(t.database.db, t.config.dataDir, start.form, annaId, { [s1]: 2, [s2]: 3 });
    await seedAnswer(t.database.db, t.config.dataDir, end.form, annaId, { [e1]: 4, [e2]: 3 });
    await seedAnswer(t.database.db, t.config.dataDir, start.form, boId, { [s1]: 5, [s2]: 5 });

    const own = await anna.get('/evaluations/self-assessment');
    expect(own.status).to.equal(200);
    expect(own.html).to.contain('Person 31');
    expect(own.html).to.match(/Vi har ett tillitsfullt klimat<\/th><td>2<\/td><td>4<\/td><td>\+2<\/td>/);
    expect(own.html).to.match(/Jag leder kollegialt lärande<\/th><td>3<\/td><td>3<\/td><td>0<\/td>/);
    expect(own.html).to.match(chartTag);
    expect((await anna.get(`/evaluations/self-assessment/${annaId}`)).status).to.equal(200);

    expect((await bo.get(`/evaluations/self-assessment/${annaId}`)).status, 'another participant').to.equal(403);
    expect((await rektor.get(`/evaluations/self-assessment/${annaId}`)).status, 'a school leader').to.equal(403);
    expect((await rektor.get('/evaluations/self-assessment')).status).to.equal(403);
    const bosOwn = await bo.get('/evaluations/self-assessment');
    expect(bosOwn.html).to.match(/Vi har ett tillitsfullt klimat<\/th><td>5<\/td><td>not answered<\/td>/);
    expect(bosOwn.html).not.to.contain('Person 31');

    const list = await leader.get('/evaluations/self-assessment');
    expect(list.html).to.contain(`/evaluations/self-assessment/${annaId}"`).and.contain('Person 31');
    // Who has answered, never what: Anna both, Bo the start only.
    expect(list.html).to.match(/Person 31<\/a><\/th>\s*<td>answered<\/td>\s*<td>answered<\/td>/);
    expect(list.html).to.match(/Person 32<\/a><\/th>\s*<td>answered<\/td>\s*<td>not answered<\/td>/);
    const seen = await leader.get(`/evaluations/self-assessment/${annaId}`);
    expect(seen.html).to.match(/Vi har ett tillitsfullt klimat<\/th><td>2<\/td><td>4<\/td>/);
    expect((await leader.get(`/evaluations/self-assessment/${await userId('1')}`)).status, 'the leader is no participant').to.equal(404);
  });

  it('when day evaluations of three meetings are compared, then the means line up by question and a form under the threshold says so, never a number', async () => {
    const day = (title: string) =>
      seedForm(t.database.db, { networkId, kind: 'dayEvaluation', yearLabel: '2030/2031', templateKey: 'day', title, questions: [{ kind: 'scale', key: 'day-whole', text: 'Dagen som helhet' }] });
    const first = await day('Dag 1');
    const second = await day('Dag 2');
    const third = await day('Dag 3');
    await answerAll(first.form, [2, 3, 3, 4, 3].map((step) => ({ [first.questions[0]!.id]: step })));
    await answerAll(second.form, [5, 5, 5, 5].map((step) => ({ [second.questions[0]!.id]: step })));
    await answerAll(third.form, [4, 4, 5, 5, 4, 4].map((step) => ({ [third.questions[0]!.id]: step })));
    const annual = (yearLabel: string) =>
      seedForm(t.database.db, { networkId, kind: 'annual', yearLabel, templateKey: 'kalundborg', title: 'Netværksevaluering', questions: [{ kind: 'scale', key: 'k1', text: 'Udbytte af netværket' }] });
    const last = await annual('2029/2030');
    const now = await annual('2030/2031');
    await answerAll(last.form, [3, 3, 3, 3, 3].map((step) => ({ [last.questions[0]!.id]: step })));
    await answerAll(now.form, [4, 4, 4, 4, 5].map((step) => ({ [now.questions[0]!.id]: step })));

    const earlier = await seedForm(t.database.db, { networkId, kind: 'dayEvaluation', yearLabel: '2029/2030', templateKey: 'day', title: 'Dag förra året', questions: [{ kind: 'scale', key: 'day-whole', text: 'Dagen som helhet' }] });
    await answerAll(earlier.form, [2, 2, 2, 2, 2].map((step) => ({ [earlier.questions[0]!.id]: step })));
    const page = await rektor.get('/evaluations/compare');
    expect(page.status).to.equal(200);
    expect(page.html).to.contain('Day evaluations 2030/2031');
    expect(page.html).to.match(/Dag 1<\/th><td>3\.0<\/td><td>5<\/td>/);
    expect(page.html).to.match(/Dag 2<\/th><td>not enough answers<\/td><td><\/td>/);
    expect(page.html).to.match(/Dag 3<\/th><td>4\.3<\/td><td>6<\/td>/);
    expect(page.html).not.to.contain('5.0');
    // Across years, the day evaluations of a year pooled: (15 + 26) / 11 this year, without the form under the threshold.
    const years = page.html.split('Across the years')[1]!;
    expect(years).to.match(/2029\/2030<\/th><td>2\.0<\/td><td>5<\/td>/);
    expect(years).to.match(/2030\/2031<\/th><td>3\.7<\/td><td>11<\/td>/);
    expect(page.html).to.match(/2029\/2030<\/th><td>3\.0<\/td>/);
    expect(page.html).to.match(/2030\/2031<\/th><td>4\.2<\/td>/);
    const chart = page.html.match(/<svg [^>]*class="chart" role="img" aria-label="Dagen som helhet"[\s\S]*?<\/svg>/)![0];
    expect([...chart.matchAll(/<text class="chart-value"[^>]*>([^<]*)</g)].map((match) => match[1])).to.deep.equal(['3.0', 'no result', '4.3']);
  });

  it('when the slide is opened for a day evaluation of meeting 1, then it is titled for the meeting and carries the means and quotes the tally shows', async () => {
    const { form, questions } = await seedForm(t.database.db, { networkId, title: 'Dag', questions: [{ kind: 'scale', text: 'Helheten' }, { kind: 'text', text: 'Ord' }] });
    await answerAll(form, [1, 2, 3, 4, 5].map((step) => ({ [questions[0]!.id]: step, [questions[1]!.id]: `Citat ${step}` })));
    const slide = await leader.get(`/evaluations/${form.id}/slide`);
    expect(slide.status).to.equal(200);
    expect(slide.html).to.contain('Feedback: Dag').and.contain('5 answered');
    expect(slide.html).to.match(/Helheten<\/th><td>3\.0<\/td>/);
    expect(slide.html.match(/<blockquote>/g)).to.have.length(3);
  });

  it('when the slide belongs to the day evaluation of meeting 2, then it is titled for that meeting in the reader’s language', async () => {
    const [meeting] = await t.database.db
      .insert(meetings)
      .values({ networkId, number: 2, theme: 'Kollegialt lärande', startsAt: new Date('2030-02-01T08:00:00Z'), endsAt: new Date('2030-02-01T15:00:00Z') })
      .returning();
    const { form } = await seedForm(t.database.db, { networkId, kind: 'dayEvaluation', meetingId: meeting!.id, questions: [{ kind: 'scale', text: 'Helheten' }] });
    expect((await leader.get(`/evaluations/${form.id}/slide`)).html).to.contain('<h1>Feedback from the evaluation of meeting 2</h1>');
    const swedish = await launchMember(t, '1', [role('Instructor')], {}, 'sv');
    expect((await swedish.get(`/evaluations/${form.id}/slide`)).html).to.contain('<h1>Återkoppling utvärdering träff 2</h1>');
  });

  it('when an answer arrives, then the big screen’s stream says so with the count and nothing else', async () => {
    const { form } = await seedForm(t.database.db, { networkId, questions: [{ kind: 'scale', text: 'Fråga' }] });
    const response = await leader.fetch(`/evaluations/${form.id}/stream`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.contain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    await readUntil('retry:');
    // Something that is not an answer, and an answer whose event (wrongly) carried more than the count.
    await publishLive(t.database.db, evaluationTopic(form.id), 'other', { respondents: 9 });
    await publishLive(t.database.db, evaluationTopic(form.id), 'answered', { respondents: 3, userId: annaId });
    await readUntil('event: answered');
    await readUntil('\n\n');
    await reader.cancel();
    expect(text).not.to.contain('event: other');
    expect(text).to.match(/event: answered\ndata: \{"respondents":3\}\n/);
  });
});
