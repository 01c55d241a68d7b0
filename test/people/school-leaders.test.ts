import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { assignments, leaderConversations, meetings, schools, submissions, users } from '../../models/schema';
import { launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { buildDeck } from '../support/presentations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('School leaders follow the teachers of their own schools, and nobody else', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let annaOfNorra: NetworkMember;
  let boOfSodra: NetworkMember;
  let rektor: NetworkMember;
  let assignmentA: number;
  const launchAs = (sub: string, roles: string[]) => launchMember(t, sub, roles, {}, 'en');
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  const schoolId = async (name: string) => (await t.database.db.select().from(schools).where(eq(schools.name, name)))[0]!.id;

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs('1', [role('Instructor')]);
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    for (const name of ['Norraskolan', 'Södraskolan']) expect((await leader.post('/schools', { name, municipality: 'Kalmar' })).status).to.equal(303);
    annaOfNorra = await launchAs('31', [role('Learner')]);
    boOfSodra = await launchAs('32', [role('Learner')]);
    expect((await annaOfNorra.post('/my-school', { schoolId: String(await schoolId('Norraskolan')) })).status).to.equal(303);
    expect((await boOfSodra.post('/my-school', { schoolId: String(await schoolId('Södraskolan')) })).status).to.equal(303);
    // A standard Moodle sends the school leader as a Learner; the network leader makes them a school leader.
    rektor = await launchAs('41', [role('Learner')]);
    expect((await leader.post(`/roster/${await userId('41')}/role`, { role: 'mentor' })).status).to.equal(303);
    expect((await leader.post(`/roster/${await userId('41')}/schools`, { schoolIds: [String(await schoolId('Norraskolan'))] })).status).to.equal(303);
    assignmentA = (await t.database.db.select().from(assignments).where(eq(assignments.letter, 'A')))[0]!.id;
    for (const [member, area] of [
      [annaOfNorra, 'Återkoppling i matematik'],
      [boOfSodra, 'Läsförståelse i svenska'],
    ] as const) {
      expect((await member.post(`/assignments/${assignmentA}/conversation`, { developmentArea: area })).status).to.equal(303);
    }
  });
  after(async () => {
    await t.close();
  });

  it('when the school leader opens assignment A, then they read and confirm their own teacher’s development area, and another school’s is neither shown nor confirmable', async () => {
    const page = await rektor.get(`/assignments/${assignmentA}`);
    expect(page.html).to.include('Återkoppling i matematik');
    expect(page.html).not.to.include('Läsförståelse i svenska');
    const rows = await t.database.db.select().from(leaderConversations);
    const own = rows.find((row) => row.developmentArea === 'Återkoppling i matematik')!;
    const other = rows.find((row) => row.developmentArea === 'Läsförståelse i svenska')!;
    expect((await rektor.post(`/assignments/${assignmentA}/conversations/${other.id}/confirm`)).status).to.equal(403);
    expect((await rektor.post(`/assignments/${assignmentA}/conversations/${own.id}/confirm`)).status).to.equal(303);
    const [confirmed] = await t.database.db.select().from(leaderConversations).where(eq(leaderConversations.id, own.id));
    expect(confirmed!.confirmedAt).to.be.instanceOf(Date);
    const [untouched] = await t.database.db.select().from(leaderConversations).where(eq(leaderConversations.id, other.id));
    expect(untouched!.confirmedAt).to.equal(null);
  });

  it('when the school leader opens “my teachers”, then only the participants of their schools are listed, with progress', async () => {
    const page = await rektor.get('/my-teachers');
    expect(page.status).to.equal(200);
    expect(page.html).to.include('Person 31').and.include('Norraskolan');
    expect(page.html).not.to.include('Person 32');
    expect(page.html).not.to.include('Läsförståelse i svenska');
    expect((await annaOfNorra.get('/my-teachers')).status, 'participants have no such page').to.equal(403);
  });

  it('when the school leader asks for a draft submission, then their own teacher’s is shown and another school’s is not there', async () => {
    const deck = (text: string) => buildDeck([{ title: 'Redovisning A', text: [text], notes: 'Anteckningar' }]);
    for (const [member, text] of [
      [annaOfNorra, 'Norra'],
      [boOfSodra, 'Södra'],
    ] as const) {
      expect((await member.upload(`/assignments/${assignmentA}/submission`, {}, { name: 'a.pptx', content: await deck(text) })).status).to.equal(303);
    }
    const rows = await t.database.db.select().from(submissions).where(eq(submissions.assignmentId, assignmentA));
    const annaId = await userId('31');
    const ownRow = rows.find((row) => row.userId === annaId)!;
    const otherRow = rows.find((row) => row.userId !== annaId)!;
    expect((await rektor.get(`/assignments/${assignmentA}/submissions/${ownRow.id}`)).status).to.equal(200);
    expect((await rektor.get(`/assignments/${assignmentA}/submissions/${otherRow.id}`)).status).to.equal(404);
  });

  it('when guests are registered, then the school leader sees the guests they registered, the leader sees all', async () => {
    const [first] = await t.database.db.select().from(meetings).orderBy(meetings.startsAt);
    expect((await rektor.post(`/meetings/${first!.id}/guests`, { name: 'Gäst från Norra', school: 'Norraskolan' })).status).to.equal(303);
    expect((await leader.post(`/meetings/${first!.id}/guests`, { name: 'Gäst från kommunen' })).status).to.equal(303);
    const forRektor = (await rektor.get(`/meetings/${first!.id}`)).html;
    expect(forRektor).to.include('Gäst från Norra');
    expect(forRektor).not.to.include('Gäst från kommunen');
    const forLeader = (await leader.get(`/meetings/${first!.id}`)).html;
    expect(forLeader).to.include('Gäst från Norra').and.include('Gäst från kommunen');
  });
});
