import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { assignments, conversationGroups, schools, users } from '../../models/schema';
import { launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('Conversation groups, as a school leader sees them', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let rektor: NetworkMember;
  let newRektor: NetworkMember;
  const launchAs = (sub: string, roles: string[]) => launchMember(t, sub, roles, {}, 'en');
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  const schoolId = async (name: string) => (await t.database.db.select().from(schools).where(eq(schools.name, name)))[0]!.id;
  const groupId = async (name: string) => (await t.database.db.select().from(conversationGroups).where(eq(conversationGroups.name, name)))[0]!.id;
  // Person 31 and 32 teach at Norraskolan (the school leader's school), 33–35 at Södraskolan.
  const schoolOfSub: Record<string, string> = { '31': 'Norraskolan', '32': 'Norraskolan', '33': 'Södraskolan', '34': 'Södraskolan', '35': 'Södraskolan' };
  const groupsOf: Record<string, { kind: 'conversation' | 'presentation'; members: string[] }> = {
    Ekgruppen: { kind: 'conversation', members: ['31', '33'] },
    Björkgruppen: { kind: 'conversation', members: ['32'] },
    Lindgruppen: { kind: 'conversation', members: ['34', '35'] },
    'Redovisning A, Södra': { kind: 'presentation', members: ['34'] },
    'Redovisning A, blandad': { kind: 'presentation', members: ['31', '35'] },
  };

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs('1', [role('Instructor')]);
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    for (const name of ['Norraskolan', 'Södraskolan']) expect((await leader.post('/schools', { name, municipality: 'Kalmar' })).status).to.equal(303);
    for (const [sub, school] of Object.entries(schoolOfSub)) {
      const member = await launchAs(sub, [role('Learner')]);
      expect((await member.post('/my-school', { schoolId: String(await schoolId(school)) })).status).to.equal(303);
    }
    // A standard Moodle sends the school leader as a Learner; the network leader makes them a school leader of Norraskolan.
    rektor = await launchAs('41', [role('Learner')]);
    expect((await leader.post(`/roster/${await userId('41')}/role`, { role: 'mentor' })).status).to.equal(303);
    expect((await leader.post(`/roster/${await userId('41')}/schools`, { schoolIds: [String(await schoolId('Norraskolan'))] })).status).to.equal(303);
    // A school leader whose schools are not set yet follows no one.
    newRektor = await launchAs('42', [role('Learner')]);
    expect((await leader.post(`/roster/${await userId('42')}/role`, { role: 'mentor' })).status).to.equal(303);
    const [assignmentA] = await t.database.db.select().from(assignments).where(eq(assignments.letter, 'A'));
    for (const [name, group] of Object.entries(groupsOf)) {
      const made = await leader.post('/groups', { name, kind: group.kind, assignmentId: group.kind === 'presentation' ? String(assignmentA!.id) : '' });
      expect(made.status, made.html.slice(0, 300)).to.equal(303);
      for (const sub of group.members) expect((await leader.post(`/groups/${await groupId(name)}/members`, { userId: String(await userId(sub)) })).status).to.equal(303);
    }
  });
  after(async () => {
    await t.close();
  });

  it('when the school leader opens the groups page, then they see the groups their own teachers are in, with those groups’ members, and no other group or its members', async () => {
    const page = await rektor.get('/groups');
    expect(page.status, page.html.slice(0, 300)).to.equal(200);
    for (const name of ['Ekgruppen', 'Björkgruppen', 'Redovisning A, blandad']) expect(page.html).to.include(`>${name} <`);
    for (const name of ['Lindgruppen', 'Redovisning A, Södra']) expect(page.html).not.to.include(name);
    // Their own teachers, and the members who share a group with them; Person 34 shares none.
    for (const sub of ['31', '32', '33', '35']) expect(page.html).to.include(`>Person ${sub}<`);
    expect(page.html).not.to.include('Person 34');
    expect(page.html).to.include('Presentation groups for assignment A');
  });

  it('when the school leader looks at the page, then nothing on it lets them change groups, and changing them by hand or by draw is refused', async () => {
    const page = await rektor.get('/groups');
    expect(page.html).not.to.include('/rename"').and.not.to.include('/members"').and.not.to.include('/draw"').and.not.to.include('Make groups');
    expect(page.html).not.to.match(/participants? (is|are) in no group/);
    expect((await rektor.post('/groups', { name: 'Rektorns grupp', kind: 'conversation' })).status).to.equal(403);
    expect((await rektor.post(`/groups/${await groupId('Ekgruppen')}/rename`, { name: 'Ny' })).status).to.equal(403);
    expect((await rektor.post(`/groups/${await groupId('Ekgruppen')}/members`, { userId: String(await userId('34')) })).status).to.equal(403);
    expect((await rektor.post(`/groups/${await groupId('Lindgruppen')}/delete`)).status).to.equal(403);
    expect((await rektor.post('/groups/draw', { mode: 'random', by: 'size', size: '2', kind: 'conversation' })).status).to.equal(403);
  });

  it('when the school leader opens “My group”, then they are sent to the groups page they follow', async () => {
    const mine = await rektor.get('/groups/mine');
    expect(mine.status).to.equal(303);
    expect(mine.location).to.match(/\/groups$/);
  });

  it('when a school leader has no schools yet, then the groups page shows no group and no member', async () => {
    const page = await newRektor.get('/groups');
    expect(page.status).to.equal(200);
    expect(page.html).to.include('There are no groups yet.');
    for (const sub of Object.keys(schoolOfSub)) expect(page.html).not.to.include(`Person ${sub}`);
  });

  it('when the leader moves the school leader’s last teacher out of a group, then that group leaves the school leader’s page', async () => {
    expect((await leader.post(`/groups/${await groupId('Björkgruppen')}/members/${await userId('32')}/move`, { toGroupId: String(await groupId('Lindgruppen')) })).status).to.equal(303);
    const page = await rektor.get('/groups');
    expect(page.html).not.to.include('Björkgruppen');
    expect(page.html).to.include('>Lindgruppen <').and.include('>Person 34<');
  });
});
