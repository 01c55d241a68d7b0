import { expect } from 'chai';
import { PDFParse } from 'pdf-parse';
import { eq } from 'drizzle-orm';
import { networks, schools, users } from '../../models/schema';
import { launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { readCsvStrictly } from '../support/csv';
import { seedAnswer, seedForm } from '../support/evaluations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

/** The cell texts of one participant's row (the name cell first). */
function rowOf(html: string, name: string): string[] {
  const rows = html.split('<tr>').filter((row) => row.includes(`>${name}</a>`));
  expect(rows, `one row for ${name}`).to.have.length(1);
  return [...rows[0]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}
const headersOf = (html: string) => [...html.matchAll(/<th scope="col" class="gradebook-(\w+)"[^>]*>([\s\S]*?)<\/th>/g)].map((match) => `${match[1]}: ${match[2]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()}`);
/** A row's cells under the evaluation headers (the row has cells before the column headers: name, school). */
function evaluationCells(html: string, name: string): string[] {
  const headers = headersOf(html);
  const row = rowOf(html, name);
  const first = headers.findIndex((header) => header.startsWith('evaluation:')) + row.length - headers.length;
  return row.slice(first, first + headers.filter((header) => header.startsWith('evaluation:')).length);
}

describe('The gradebook’s evaluation columns: who has answered each published form, never what', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let rektor: NetworkMember;
  const ids: Record<string, number> = {};
  const secret = 'SECRET-ANSWER-never-in-the-gradebook';
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}) => launchMember(t, sub, roles, extra, 'en');
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;

  before(async function () {
    this.timeout(180_000);
    t = await startToolUnderTest({ jobs: false });
    const { db } = t.database;
    leader = await launchAs('1', [role('Instructor')]);
    for (const name of ['Norraskolan', 'Södraskolan']) expect((await leader.post('/schools', { name, municipality: 'Kalmar' })).status).to.equal(303);
    const schoolId = async (name: string) => (await db.select().from(schools).where(eq(schools.name, name)))[0]!.id;
    const norra = await schoolId('Norraskolan');
    for (const [sub, name, school] of [['31', 'Anna Answered', norra], ['32', 'Bo Silent', norra], ['33', 'Cilla Sodra', await schoolId('Södraskolan')]] as const) {
      const member = await launchAs(sub, [role('Learner')], { name });
      expect((await member.post('/my-school', { schoolId: String(school) })).status).to.equal(303);
      ids[name] = await userId(sub);
    }
    rektor = await launchAs('41', [role('Learner')]);
    expect((await leader.post(`/roster/${await userId('41')}/role`, { role: 'mentor' })).status).to.equal(303);
    expect((await leader.post(`/roster/${await userId('41')}/schools`, { schoolIds: [String(norra)] })).status).to.equal(303);
    const [network] = await db.select().from(networks);
    const networkId = network!.id;
    const hour = 3_600_000;
    const open = await seedForm(db, { networkId, title: 'Utvärdering av dagen, träff 1 i Kalmar', questions: [{ kind: 'text', text: 'Vad tar du med dig?' }] });
    await seedAnswer(db, t.config.dataDir, open.form, ids['Anna Answered']!, { [open.questions[0]!.id]: secret });
    // Bo began and stopped: a half-filled answer is not an answer.
    await seedAnswer(db, t.config.dataDir, open.form, ids['Bo Silent']!, { [open.questions[0]!.id]: 'halfway' }, { submitted: false });
    const closed = await seedForm(db, { networkId, title: 'Skattning', opensAt: new Date(Date.now() - 48 * hour), closesAt: new Date(Date.now() - hour), questions: [{ kind: 'scale', text: 'Hur går det?' }] });
    await seedAnswer(db, t.config.dataDir, closed.form, ids['Cilla Sodra']!, { [closed.questions[0]!.id]: 4 });
    await seedForm(db, { networkId, title: 'Årlig evaluering', opensAt: new Date(Date.now() + 48 * hour), questions: [{ kind: 'yesno', text: 'Ja?' }] });
    await seedForm(db, { networkId, title: 'Draft form', published: false, questions: [{ kind: 'yesno', text: 'Ja?' }] });
  });

  after(async () => {
    await t.close();
  });

  it('when staff open the gradebook, then each published form has a column saying answered, not answered, closed or not yet open', async () => {
    const page = await leader.get('/gradebook');
    expect(page.status).to.equal(200);
    const evaluations = headersOf(page.html).filter((header) => header.startsWith('evaluation:'));
    // In the forms' order (as the list of evaluations: by opening, a form open from publication last).
    expect(evaluations).to.deep.equal(['evaluation: Evaluation Skattning', 'evaluation: Evaluation Årlig evaluering', 'evaluation: Evaluation Utvärdering av dagen, träff…']);
    expect(page.html).to.not.include('Draft form');
    const cells = (name: string) => evaluationCells(page.html, name);
    expect(cells('Anna Answered')).to.deep.equal(['Closed, not answered', 'Not yet open', 'Answered']);
    expect(cells('Bo Silent')).to.deep.equal(['Closed, not answered', 'Not yet open', 'Not answered']);
    expect(cells('Cilla Sodra')).to.deep.equal(['Answered', 'Not yet open', 'Not answered']);
    expect(page.html).to.match(/<td>1 of \d+ answered<\/td><td>0 of \d+ answered<\/td><td>1 of \d+ answered<\/td>/);
    expect(page.html).to.not.include(secret);
  });

  it('when the school leader opens the gradebook, then they see their own teachers without any evaluation column (who answered is not theirs to watch)', async () => {
    const page = await rektor.get('/gradebook');
    expect(page.status).to.equal(200);
    expect(page.html).to.include('Anna Answered');
    expect(evaluationCells(page.html, 'Anna Answered')).to.deep.equal([]);
    expect(page.html).to.not.include('Utvärdering av dagen');
    expect(page.html).to.not.include('Cilla Sodra');
  });

  it('when the gradebook is exported, then the CSV has the evaluation columns and never an answer', async () => {
    const response = await leader.fetch('/gradebook.csv');
    expect(response.status).to.equal(200);
    const body = await response.text();
    expect(body).to.not.include(secret);
    const rows = readCsvStrictly(body);
    const header = rows[0]!;
    const at = header.indexOf('Evaluation: Utvärdering av dagen, träff 1 i Kalmar');
    expect(at).to.be.greaterThan(1);
    expect(rows.find((row) => row[0] === 'Anna Answered')![at]).to.equal('Answered');
    expect(rows.find((row) => row[0] === 'Bo Silent')![at]).to.equal('Not answered');
  });

  it('when the steering group’s progress report is made, then it has a line per evaluation with how many answered', async () => {
    const response = await leader.fetch('/gradebook/report.pdf');
    expect(response.status).to.equal(200);
    const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(text).to.match(/Evaluation: Skattning 1 of \d+ answered/);
    expect(text).to.not.include(secret);
  });
});
