import { expect } from 'chai';
import { eq, ne } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import { meetings, networks, schools, users } from '../../models/schema';
import { listParticipantsWithSchools, type FormRow, type QuestionRow } from '../../models/evaluations';
import { claim, launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { readCsvStrictly } from '../support/csv';
import { seedAnswer, seedForm } from '../support/evaluations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

async function pdfTextOf(response: Response): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
  const { text } = await parser.getText();
  await parser.destroy();
  return text.replace(/\s+/g, ' ');
}

const formula = '=HYPERLINK("http://evil.example","klicka")';

describe('Evaluation reports: the PDF and the CSV of a form, and the year for the steering group', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let staff: NetworkMember;
  let rektor: NetworkMember;
  let anna: NetworkMember;
  let networkId: number;
  let big: { form: FormRow; questions: QuestionRow[] };
  let small: { form: FormRow; questions: QuestionRow[] };
  let other: { form: FormRow; questions: QuestionRow[] };
  let norra: number;
  let asked: number;
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}, locale = 'en') => launchMember(t, sub, roles, extra, locale);
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;

  before(async function () {
    this.timeout(180_000);
    t = await startToolUnderTest({ jobs: false });
    const { db } = t.database;
    leader = await launchAs('1', [role('Instructor')], {}, 'sv');
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    staff = await launchAs('2', [role('Instructor')]);
    expect((await leader.post(`/roster/${await userId('2')}/role`, { role: 'staff' })).status).to.equal(303);
    expect((await leader.post('/schools', { name: 'Norraskolan', municipality: 'Kalmar' })).status).to.equal(303);
    norra = (await db.select().from(schools).where(eq(schools.name, 'Norraskolan')))[0]!.id;
    anna = await launchAs('31', [role('Learner')]);
    for (const sub of ['32', '33']) await launchAs(sub, [role('Learner')]);
    rektor = await launchAs('41', [role('Learner')]);
    expect((await leader.post(`/roster/${await userId('41')}/role`, { role: 'mentor' })).status).to.equal(303);
    expect((await leader.post(`/roster/${await userId('41')}/schools`, { schoolIds: [String(norra)] })).status).to.equal(303);
    await launchAs('901', [role('Instructor')], { [claim('context')]: { id: 'other-course', label: 'OTHER', title: 'Another network' } });
    const [network] = await db.select().from(networks).orderBy(networks.id).limit(1);
    networkId = network!.id;
    asked = (await listParticipantsWithSchools(db, network!.contextId)).length;
    const [otherNetwork] = await db.select().from(networks).where(ne(networks.id, networkId));

    big = await seedForm(db, {
      networkId,
      title: 'Utvärdering av dagen – träff 1',
      questions: [
        { kind: 'scale', text: 'Hur värdefull var dagen?', lowLabel: 'Inte alls', highLabel: 'Mycket' },
        { kind: 'single', text: 'Vilken del gav mest?', options: ['Föreläsning', 'Samtal i grupp', 'Gallery walk'] },
        { kind: 'yesno', text: 'Vill du fortsätta nästa år?' },
        { kind: 'text', text: 'Vad tar du med dig?' },
        { kind: 'text', text: 'Övrigt till ledningen' },
      ],
    });
    const [scale, single, yesno, text, rare] = big.questions.map((question) => question.id) as [number, number, number, number, number];
    const answers: Array<Record<number, number | boolean | string>> = [
      { [scale]: 5, [single]: 1, [yesno]: true, [text]: formula, [rare]: 'Skolan i Nørre är för liten' },
      { [scale]: 4, [single]: 1, [yesno]: true, [text]: 'Blåbär och æøå' },
      { [scale]: 4, [single]: 0, [yesno]: false, [text]: 'Samtalen' },
      { [scale]: 3, [single]: 2, [yesno]: true, [text]: 'Tid att tänka' },
      { [scale]: 5, [single]: 1, [yesno]: true, [text]: 'Kollegialt lärande' },
      { [scale]: 5, [single]: 1, [yesno]: true, [rare]: 'Bara jag skrev detta' },
    ];
    for (const [index, values] of answers.entries()) await seedAnswer(db, t.config.dataDir, big.form, 5000 + index, values, { schoolId: index < 5 ? norra : null });
    // A half-filled answer is never counted.
    await seedAnswer(db, t.config.dataDir, big.form, 5100, { [scale]: 1 }, { submitted: false });

    small = await seedForm(db, { networkId, title: 'Liten grupp', questions: [{ kind: 'scale', text: 'Trivs du?' }, { kind: 'text', text: 'Hemlig text?' }] });
    for (const userIdOf of [6000, 6001, 6002]) await seedAnswer(db, t.config.dataDir, small.form, userIdOf, { [small.questions[0]!.id]: 2, [small.questions[1]!.id]: 'Detta får inte synas' });

    other = await seedForm(db, { networkId: otherNetwork!.id, title: 'Another network’s form', questions: [{ kind: 'yesno', text: 'Secret?' }] });
  });

  after(async () => {
    await t.close();
  });

  it('when a participant, a school leader or staff of another network ask for a report, then they are refused or find nothing', async () => {
    for (const path of [`/evaluations/${big.form.id}/report.pdf`, `/evaluations/${big.form.id}/results.csv`, '/evaluations/report.pdf']) {
      expect((await anna.fetch(path)).status, `participant ${path}`).to.equal(403);
      expect((await rektor.fetch(path)).status, `school leader ${path}`).to.equal(403);
    }
    expect((await leader.fetch(`/evaluations/${other.form.id}/report.pdf`)).status).to.equal(404);
    expect((await leader.fetch(`/evaluations/${other.form.id}/results.csv`)).status).to.equal(404);
    expect((await leader.fetch('/evaluations/99999999999/results.csv')).status).to.equal(400);
  });

  it('when the leader downloads a form’s PDF, then it has the counts, labels and the texts as the tally shows them, in Swedish', async () => {
    const response = await leader.fetch(`/evaluations/${big.form.id}/report.pdf`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/pdf');
    expect(response.headers.get('content-disposition')).to.match(/^attachment/);
    const text = await pdfTextOf(response);
    expect(text).to.include('Utvärdering av dagen – träff 1');
    expect(text).to.include(`6 av ${asked} har svarat`);
    expect(text).to.include('Hur värdefull var dagen?');
    expect(text).to.include('5 — Mycket 3 50 %');
    expect(text).to.include('4 2 33 %');
    expect(text).to.include('Medelvärde 4,3');
    expect(text).to.include('Samtal i grupp 4 67 %');
    expect(text).to.include('Ja 5 83 %');
    expect(text).to.include('Blåbär och æøå');
    expect(text).to.include(formula);
    // Two wrote the last free text: withheld, with the reason.
    expect(text).to.not.include('Bara jag skrev detta');
    expect(text).to.not.include('Nørre är för liten');
    expect(text).to.include('Färre än 5 skrev ett svar på frågan');
    // Five from Norraskolan and one kept as "other schools": no results by school.
    expect(text).to.not.include('Per skola');
    expect(text).to.match(/Sida 1 av \d/);
  });

  it('when every school group reaches five answers, then the PDF adds the results by school, the small ones as “other schools”', async () => {
    const { db } = t.database;
    const seeded = await seedForm(db, { networkId, title: 'Rektorsstöd', questions: [{ kind: 'yesno', text: 'Stöd från rektor?' }] });
    for (let index = 0; index < 10; index++) {
      await seedAnswer(db, t.config.dataDir, seeded.form, 8000 + index, { [seeded.questions[0]!.id]: index < 5 }, { schoolId: index < 5 ? norra : null });
    }
    const text = await pdfTextOf(await leader.fetch(`/evaluations/${seeded.form.id}/report.pdf`));
    expect(text).to.include('Ja 5 50 %');
    expect(text).to.include('Per skola');
    expect(text).to.match(/Norraskolan \(5 svarade på frågan\).*Ja 5 100 %/);
    expect(text).to.match(/Övriga skolor \(5 svarade på frågan\).*Nej 5 100 %/);
  });

  it('when a form has fewer than five answers, then its PDF says only how many and why', async () => {
    const text = await pdfTextOf(await leader.fetch(`/evaluations/${small.form.id}/report.pdf`));
    expect(text).to.include('Bara 3 har svarat');
    expect(text).to.not.include('Trivs du?');
    expect(text).to.not.include('Detta får inte synas');
  });

  it('when staff download the CSV, then it holds the seeded counts, neutralised texts and no row per person', async () => {
    const response = await staff.fetch(`/evaluations/${big.form.id}/results.csv`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/csv/);
    expect(response.headers.get('content-disposition')).to.match(/^attachment/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const rows = readCsvStrictly(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).to.deep.equal(['No.', 'Question', 'Kind', 'Answer', 'Count', 'Percent', 'Value']);
    const count = (question: string, category: string) => rows.find((row) => row[1] === question && row[3] === category)?.[4];
    expect([1, 2, 3, 4, 5].map((step) => count('Hur värdefull var dagen?', step === 1 ? '1 — Inte alls' : step === 5 ? '5 — Mycket' : String(step)))).to.deep.equal(['0', '0', '1', '2', '3']);
    expect(['Föreläsning', 'Samtal i grupp', 'Gallery walk'].map((option) => count('Vilken del gav mest?', option))).to.deep.equal(['1', '4', '1']);
    expect([count('Vill du fortsätta nästa år?', 'Yes'), count('Vill du fortsätta nästa år?', 'No')]).to.deep.equal(['5', '1']);
    expect(rows.find((row) => row[3] === 'Mean')?.[6]).to.equal('4.33');
    expect(rows.find((row) => row[3] === 'Answered')?.[4]).to.equal('6');
    const texts = rows.filter((row) => row[1] === 'Vad tar du med dig?').map((row) => row[6]);
    expect(texts).to.have.length(5);
    expect(texts).to.include(`'${formula}`);
    expect(texts).to.not.include(formula);
    expect(rows.some((row) => row.includes('Bara jag skrev detta'))).to.equal(false);
    // Aggregates only: 1 header + 1 answered row + 5 scale + 1 mean + 3 options + 2 yes/no + 5 texts + 1 withheld.
    expect(rows).to.have.length(19);
  });

  it('when a form has fewer than five answers, then its CSV has the count and the reason only', async () => {
    const rows = readCsvStrictly(await (await staff.fetch(`/evaluations/${small.form.id}/results.csv`)).text());
    expect(rows).to.have.length(3);
    expect(rows[1]![4]).to.equal('3');
    expect(rows.flat().join(' ')).to.not.include('Detta får inte synas');
  });

  it('when the leader downloads the year’s PDF, then it has a cover, a summary of every form and the day evaluations compared', async () => {
    const { db } = t.database;
    const meetingRows = await db.select().from(meetings).where(eq(meetings.networkId, networkId));
    const first = meetingRows.find((meeting) => meeting.number === 1)!;
    const second = meetingRows.find((meeting) => meeting.number === 2)!;
    const day = async (meetingId: number, steps: number[]) => {
      const seeded = await seedForm(db, { networkId, kind: 'dayEvaluation', meetingId, title: `Dag ${meetingId}`, templateKey: 'day', questions: [{ kind: 'scale', text: 'Hur värdefull var dagen?', key: 'day-value' }] });
      for (const [index, step] of steps.entries()) await seedAnswer(db, t.config.dataDir, seeded.form, 7000 + meetingId * 10 + index, { [seeded.questions[0]!.id]: step });
    };
    await day(second.id, [5, 5, 5, 5, 4]);
    await day(first.id, [3, 3, 3, 3, 3]);
    const response = await leader.fetch('/evaluations/report.pdf');
    expect(response.status).to.equal(200);
    const text = await pdfTextOf(response);
    expect(text).to.include('Årets utvärderingar');
    expect(text).to.include('Sammanfattning');
    expect(text).to.include(`Liten grupp 3 av ${asked} har svarat`);
    expect(text).to.include('Utvärdering av dagen över träffarna');
    // Meeting 1 before meeting 2, whatever order they were made in.
    expect(text).to.match(/Träff 1 3,0 5 Träff 2 4,8 5/);
    expect(text).to.not.include('Another network’s form');
    expect(text).to.not.include('Detta får inte synas');
  });
});
