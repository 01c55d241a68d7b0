import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { syncRoster } from '../../lti-tool/services/roster';
import { documentRecipients, meetings, memberships, networkRoleChanges, networks, schools, users } from '../../models/schema';
import { launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { pdf } from '../support/office-files';
import { DEFAULT_CONTEXT } from '../support/platform-claims';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('Network roles and schools', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}) => launchMember(t, sub, roles, extra, 'en');
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  const membershipOf = async (sub: string) => {
    const id = await userId(sub);
    return (await t.database.db.select().from(memberships).where(eq(memberships.userId, id)))[0]!;
  };
  const csv = (text: string) => ({ name: 'schools.csv', content: Buffer.from(text, 'utf8'), type: 'text/csv' });

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs('1', [role('Instructor')]);
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
  });

  after(async () => {
    await t.close();
  });

  it('when people launch, then their network role defaults from the LTI role and the participants page shows both', async () => {
    await launchAs('10', [role('Instructor')]);
    await launchAs('11', [role('Learner')]);
    await launchAs('12', ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant']);
    await launchAs('13', [role('Mentor')]);
    expect((await membershipOf('10')).networkRole).to.equal('leader');
    expect((await membershipOf('11')).networkRole).to.equal('participant');
    expect((await membershipOf('12')).networkRole).to.equal('staff');
    expect((await membershipOf('13')).networkRole).to.equal('mentor');
    const page = (await leader.get('/roster')).html;
    expect(page).to.include('Network role');
    expect(page).to.include('Instructor#TeachingAssistant');
    expect(page, 'no control over one\'s own role').not.to.include(`/roster/${await userId('1')}/role`);
    expect(page).to.include(`/roster/${await userId('11')}/role`);
  });

  it('when a leader makes an Instructor staff, then it is logged, applies on the next request, and survives the next launch and a roster sync', async () => {
    const colleague = await launchAs('20', [role('Instructor')]);
    expect((await colleague.get('/settings')).status).to.equal(200);
    const id = await userId('20');
    expect((await leader.post(`/roster/${id}/role`, { role: 'staff' })).status).to.equal(303);

    expect((await colleague.get('/settings')).status, 'staff do not edit settings, at once').to.equal(403);
    expect((await colleague.get('/roster')).status, 'staff see the roster').to.equal(200);
    expect((await colleague.get('/grades')).status, 'staff see grades').to.equal(200);
    const [change] = await t.database.db.select().from(networkRoleChanges).where(eq(networkRoleChanges.userId, id));
    expect(change).to.include({ fromRole: 'leader', toRole: 'staff', changedByUserId: await userId('1') });

    await launchAs('20', [role('Instructor')]);
    expect(await membershipOf('20')).to.include({ networkRole: 'staff' });
    expect((await membershipOf('20')).roles).to.deep.equal(['staff']);

    t.platform.members.set(DEFAULT_CONTEXT.id, [
      { user_id: '1', roles: ['Instructor'] },
      { user_id: '20', roles: ['Instructor'] },
      { user_id: '11', roles: ['Learner'] },
    ]);
    await syncRoster({ db: t.database.db, lti: t.tool.lti }, (await membershipOf('20')).contextId);
    expect((await membershipOf('20')).roles).to.deep.equal(['staff']);
    expect((await membershipOf('11')).roles, 'a sync still gives defaults where no leader chose').to.deep.equal(['participant']);
  });

  it('when a participant, staff or a leader on themselves tries to change a role, then it is refused and nothing changes', async () => {
    const participant = await launchAs('11', [role('Learner')]);
    const staff = await launchAs('12', ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant']);
    const target = await userId('13');
    expect((await participant.post(`/roster/${target}/role`, { role: 'leader' })).status).to.equal(403);
    expect((await staff.post(`/roster/${target}/role`, { role: 'leader' })).status).to.equal(403);
    expect((await leader.post(`/roster/${await userId('1')}/role`, { role: 'participant' })).status).to.equal(403);
    expect((await membershipOf('13')).networkRole).to.equal('mentor');
    expect((await membershipOf('1')).networkRole).to.equal('leader');
    const log = await t.database.db.select().from(networkRoleChanges).where(eq(networkRoleChanges.userId, target));
    expect(log).to.have.length(0);
  });

  const networkSchools = async () => (await t.database.db.select().from(schools)).map((school) => school.name).sort();

    it('when a good file comes twice, then schools are added once and duplicates counted', async () => {
      const file = 'name,municipality\nNorra skolan,Lund\nSödra skolan,Malmö\nnorra skolan,lund\n';
      const first = await leader.upload('/schools/import', {}, csv(file));
      expect(first.status).to.equal(303);
      expect(first.location).to.include('added=2&duplicates=1');
      const again = await leader.upload('/schools/import', {}, csv(file));
      expect(again.location).to.include('added=0&duplicates=3');
      expect(await networkSchools()).to.deep.equal(['Norra skolan', 'Södra skolan']);
    });

    it('when a file is Latin-1, lacks a column, or has formulas, long names or markup, then it is refused or inert and nothing saved is lost', async () => {
      const latin1 = await leader.upload('/schools/import', {}, { name: 's.csv', content: Buffer.from('name,municipality\nÖstra skolan,Malmö\n', 'latin1'), type: 'text/csv' });
      expect(latin1.status).to.equal(422);
      expect(latin1.html).to.include('not in UTF-8');
      const missing = await leader.upload('/schools/import', {}, csv('name\nVästra skolan\n'));
      expect(missing.status).to.equal(422);
      expect(missing.html).to.include('columns name and municipality');
      const odd = await leader.upload('/schools/import', {}, csv(`name;municipality\n=HYPERLINK("http://x");Lund\n${'x'.repeat(10_000)};Lund\n<script>alert(1)</script>;Lund\n`));
      expect(odd.location).to.include('added=1&duplicates=0&refused=2');
      expect(await networkSchools()).to.deep.equal(['=HYPERLINK("http://x")', 'Norra skolan', 'Södra skolan']);
      const long = await leader.post('/schools', { name: 'x'.repeat(10_000), municipality: 'Lund' });
      expect(long.status).to.equal(422);
      expect(long.html).to.include('at most 200 characters');
      const page = (await leader.get('/schools')).html;
      expect(page).not.to.include('<script>alert');
    });

  it('when a participant without a school opens home, then they are asked for it first; once answered, home is as before', async () => {
    const participant = await launchAs('11', [role('Learner')]);
    const home = await participant.get('/');
    expect(home.html).to.include('which school do you work at?');
    expect((await participant.get('/year')).status, 'other pages are not blocked').to.equal(200);
    const [norra] = await t.database.db.select().from(schools).where(eq(schools.name, 'Norra skolan'));
    expect((await participant.post('/my-school', { schoolId: String(norra!.id) })).status).to.equal(303);
    expect((await membershipOf('11')).schoolId).to.equal(norra!.id);
    expect((await participant.get('/')).html).not.to.include('which school do you work at?');
  });

  it('when a school leader is given a school, then their mentees are exactly that school\'s participants, not another school\'s', async () => {
    const [norra] = await t.database.db.select().from(schools).where(eq(schools.name, 'Norra skolan'));
    const [sodra] = await t.database.db.select().from(schools).where(eq(schools.name, 'Södra skolan'));
    const other = await launchAs('14', [role('Learner')]);
    await other.post('/my-school', { schoolId: String(sodra!.id) });
    expect((await leader.post(`/roster/${await userId('13')}/schools`, { schoolIds: [String(norra!.id)] })).status).to.equal(303);
    const schoolLeader = await launchAs('13', [role('Mentor')]);
    const { findMentees } = await import('../../models/people');
    const [network] = await t.database.db.select().from(networks);
    const mentees = await findMentees(t.database.db, {
      contextId: network!.contextId, networkId: network!.id, userId: await userId('13'),
      platformId: (await t.database.db.select().from(users).where(eq(users.sub, '13')))[0]!.platformId, scopeSubs: [],
    });
    expect(mentees).to.deep.equal([await userId('11')]);
    expect(schoolLeader.base).to.be.a('string');
  });

  it('when a school leader gets a school after minutes were published, then they are informed when they first open the meeting', async () => {
    const [meeting] = await t.database.db.select().from(meetings).orderBy(meetings.startsAt).limit(1);
    const latecomer = await launchAs('15', [role('Mentor')]);
    const uploaded = await leader.upload(`/meetings/${meeting!.id}/documents`, { kind: 'minutes', title: 'Minnes' }, { name: 'minnes.pdf', content: await pdf('Minnes'), type: 'application/pdf' });
    expect(uploaded.status).to.equal(303);
    const documentId = Number(/\/documents\/(\d+)" download>Minnes</.exec((await leader.get(`/meetings/${meeting!.id}`)).html)?.[1]);
    expect((await leader.post(`/meetings/${meeting!.id}/documents/${documentId}/publish`)).status).to.equal(303);
    const informed = async (sub: string) =>
      (await t.database.db.select().from(documentRecipients).where(and(eq(documentRecipients.documentId, documentId), eq(documentRecipients.userId, await userId(sub))))).length;
    expect(await informed('13'), 'responsible at publishing').to.equal(1);
    expect(await informed('15'), 'no school yet').to.equal(0);
    const [sodra] = await t.database.db.select().from(schools).where(eq(schools.name, 'Södra skolan'));
    await leader.post(`/roster/${await userId('15')}/schools`, { schoolIds: [String(sodra!.id)] });
    await latecomer.get(`/meetings/${meeting!.id}`);
    await latecomer.get(`/meetings/${meeting!.id}`);
    expect(await informed('15'), 'recorded on read, once').to.equal(1);
  });
});
