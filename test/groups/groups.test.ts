import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { conversationGroupMembers, conversationGroups, schools, users } from '../../models/schema';
import { LtiBrowser } from '../support/lti-browser';
import { claim, launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

describe('Conversation groups, as Moodle launches leaders and participants', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  const participants: NetworkMember[] = [];
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}) => launchMember(t, sub, roles, extra, 'en');
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  const schoolId = async (name: string) => (await t.database.db.select().from(schools).where(eq(schools.name, name)))[0]!.id;
  // Six participants from three schools in two municipalities: three from Strandskolan cannot be split over two groups.
  const schoolOfSub: Record<string, string> = { '31': 'Strandskolan', '32': 'Strandskolan', '33': 'Strandskolan', '34': 'Norraskolan', '35': 'Norraskolan', '36': 'Åsskolan' };

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs('1', [role('Instructor')]);
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    for (const [name, municipality] of [['Strandskolan', 'Kalmar'], ['Norraskolan', 'Kalmar'], ['Åsskolan', 'Nybro']] as const) {
      expect((await leader.post('/schools', { name, municipality })).status).to.equal(303);
    }
    for (const [sub, school] of Object.entries(schoolOfSub)) {
      const member = await launchAs(sub, [role('Learner')]);
      expect((await member.post('/my-school', { schoolId: String(await schoolId(school)) })).status).to.equal(303);
      participants.push(member);
    }
  });
  after(async () => {
    await t.close();
  });

  it('when the leader draws mixed groups, then the proposal names the group that breaks the rule and why, and nothing is saved until confirmed', async () => {
    const proposal = await leader.post('/groups/draw', { mode: 'mixed', by: 'count', count: '2', size: '', kind: 'conversation' });
    expect(proposal.status, proposal.html.slice(0, 500)).to.equal(200);
    expect(proposal.html).to.match(/Group [12] has 2 teachers from Strandskolan: the network has 3 participants from Strandskolan and 2 groups\./);
    expect(await t.database.db.select().from(conversationGroups)).to.have.length(0);
    const saved = await leader.post('/groups/draw/confirm', {
      mode: 'mixed', by: 'count', count: '2', size: '', kind: 'conversation', assignmentId: '',
      seed: hidden(proposal.html, 'seed'), stamp: hidden(proposal.html, 'stamp'),
    });
    expect(saved.status, saved.html.slice(0, 500)).to.equal(303);
    const groups = await t.database.db.select().from(conversationGroups);
    expect(groups.map((group) => group.name).sort()).to.deep.equal(['Conversation group 1', 'Conversation group 2']);
    const members = await t.database.db.select().from(conversationGroupMembers);
    // The course's two learners without a school (Erik and Aisha, from the platform's roster) are in the roster too.
    expect(members).to.have.length(8);
    const sizes = groups.map((group) => members.filter((m) => m.groupId === group.id).length);
    expect(sizes).to.deep.equal([4, 4]);
    const noSchool = await Promise.all(['3', '4'].map(userId));
    expect(new Set(members.filter((m) => noSchool.includes(m.userId)).map((m) => m.groupId)).size).to.equal(2);
    const norra = await Promise.all(['34', '35'].map(userId));
    expect(new Set(members.filter((m) => norra.includes(m.userId)).map((m) => m.groupId)).size).to.equal(2);
  });

  it('when a participant opens My group, then they see their own group with schools and municipalities, and not the other group', async () => {
    const members = await t.database.db.select({ groupId: conversationGroupMembers.groupId, name: users.name }).from(conversationGroupMembers).innerJoin(users, eq(users.id, conversationGroupMembers.userId));
    const ownGroup = members.find((m) => m.name === 'Person 31')!.groupId;
    const page = await participants[0]!.get('/groups/mine');
    expect(page.status).to.equal(200);
    for (const m of members) {
      if (m.groupId === ownGroup) expect(page.html).to.include(`>${m.name}<`);
      else expect(page.html).not.to.include(`>${m.name}<`);
    }
    expect(page.html).to.include('Strandskolan').and.include('Kalmar');
  });

  it('when a participant tries to manage groups or opens the leaders’ page, then they are refused', async () => {
    const participant = participants[1]!;
    expect((await participant.post('/groups', { name: 'Vår grupp', kind: 'conversation' })).status).to.equal(403);
    expect((await participant.post('/groups/draw', { mode: 'random', by: 'size', size: '2', kind: 'conversation' })).status).to.equal(403);
    expect((await participant.get('/groups')).status).to.equal(403);
  });

  it('when the leader renames a group with markup or a 10 000-character name, then markup is shown as text and the long name is refused beside the field', async () => {
    const [group] = await t.database.db.select().from(conversationGroups).orderBy(conversationGroups.id);
    const long = await leader.post(`/groups/${group!.id}/rename`, { name: 'x'.repeat(10_000) });
    expect(long.status).to.equal(422);
    expect(long.html).to.include('Give the group a name of 1 to 120 characters').and.include(`field-name-${group!.id}-error`);
    const markup = await leader.post(`/groups/${group!.id}/rename`, { name: '<script>alert(1)</script><b>Grupp</b>' });
    expect(markup.status).to.equal(303);
    const page = await leader.get('/groups');
    expect(page.html).not.to.include('<script>alert(1)').and.not.to.include('<b>Grupp</b>');
    expect(page.html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('when the leader moves a person by hand and then draws again, then the new draw is not saved until the hand-made change is confirmed to be replaced', async () => {
    const groups = await t.database.db.select().from(conversationGroups).orderBy(conversationGroups.id);
    const members = await t.database.db.select().from(conversationGroupMembers);
    const mover = members.find((m) => m.groupId === groups[0]!.id)!;
    expect((await leader.post(`/groups/${groups[0]!.id}/members/${mover.userId}/move`, { toGroupId: String(groups[1]!.id) })).status).to.equal(303);
    const draw = { mode: 'random', by: 'size', size: '3', count: '', kind: 'conversation', assignmentId: '' };
    const proposal = await leader.post('/groups/draw', draw);
    expect(proposal.html).to.include('were made or changed by hand');
    const refused = await leader.post('/groups/draw/confirm', { ...draw, seed: hidden(proposal.html, 'seed'), stamp: hidden(proposal.html, 'stamp') });
    expect(refused.status).to.equal(422);
    expect((await t.database.db.select().from(conversationGroups)).map((g) => g.id).sort()).to.deep.equal(groups.map((g) => g.id).sort());
    const accepted = await leader.post('/groups/draw/confirm', { ...draw, seed: hidden(proposal.html, 'seed'), stamp: hidden(proposal.html, 'stamp'), replaceHandMade: 'yes' });
    expect(accepted.status).to.equal(303);
    expect((await t.database.db.select().from(conversationGroups)).every((g) => g.drawnAt !== null && g.changedByHandAt === null)).to.equal(true);
  });

  it('when ids are forged (another network’s group, a person who is no participant), then the answer is 404', async () => {
    const other = await launchAs('901', [role('Instructor')], { [claim('context')]: { id: 'other-course', label: 'OTHER', title: 'Another network' } });
    expect((await other.post('/groups', { name: 'Annan grupp', kind: 'conversation' })).status).to.equal(303);
    const [foreign] = await t.database.db.select().from(conversationGroups).where(eq(conversationGroups.name, 'Annan grupp'));
    const [own] = await t.database.db.select().from(conversationGroups).where(eq(conversationGroups.kind, 'conversation')).orderBy(conversationGroups.id);
    expect((await leader.post(`/groups/${foreign!.id}/rename`, { name: 'Stulen' })).status).to.equal(404);
    expect((await leader.post(`/groups/${foreign!.id}/members`, { userId: String(await userId('31')) })).status).to.equal(404);
    expect((await leader.post(`/groups/${own!.id}/members`, { userId: String(await userId('1')) })).status, 'the leader is no participant').to.equal(404);
    expect((await leader.post(`/groups/${own!.id}/members/${await userId('31')}/move`, { toGroupId: String(foreign!.id) })).status).to.equal(404);
  });

  it('when the Deep Linking item "My group" is offered and launched, then a participant lands on My group and the leader on the groups page', async () => {
    const chooser = new LtiBrowser();
    const page = await chooser.launch(t.registration, t.platform, {
      messageType: 'LtiDeepLinkingRequest',
      claims: { sub: '1', [claim('roles')]: [role('Instructor')], [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } },
    });
    expect(page.body).to.contain('value="myGroup"').and.contain('My group');
    const custom = { [claim('custom')]: { natverk_item: 'myGroup' } };
    const landed = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: '31', [claim('roles')]: [role('Learner')], [claim('launch_presentation')]: { locale: 'en' }, ...custom } });
    expect(landed.url).to.match(/\/groups\/mine$/);
    // The launch's own name claim is the platform's, not the earlier one: the group is found by the person's id.
    const [own] = await t.database.db.select({ name: conversationGroups.name }).from(conversationGroupMembers).innerJoin(conversationGroups, eq(conversationGroups.id, conversationGroupMembers.groupId)).where(eq(conversationGroupMembers.userId, await userId('31')));
    expect(landed.body).to.include(`>${own!.name}<`).and.include('Strandskolan').and.not.include('You are not in a group yet');
    const leaderLanded = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: '1', [claim('roles')]: [role('Instructor')], [claim('launch_presentation')]: { locale: 'en' }, ...custom } });
    expect(leaderLanded.url).to.match(/\/groups(\/mine)?$/);
    expect(leaderLanded.body).to.include('Make groups');
  });
});
