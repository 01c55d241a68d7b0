import { expect } from 'chai';
import { and, asc, eq } from 'drizzle-orm';
import { mailOutbox, meetings, networkPlanComments, networkPlans, networks, notifications } from '../../models/schema';
import { todoFor } from '../../lti-tool/services/home-todo';
import { actorIn } from '../support/actors';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { planSections, setUpPlanNetwork, versionOn, type PlanNetwork } from './fixture';

describe('Network plans: each participant and conversation group writes one, their school leader reads and comments', () => {
  let t: ToolUnderTest;
  let n: PlanNetwork;
  const planOf = async (owner: { userId: number } | { groupId: number }) =>
    (await t.database.db.select().from(networkPlans).where('userId' in owner ? eq(networkPlans.userId, owner.userId) : eq(networkPlans.groupId, owner.groupId)))[0];

  before(async function () {
    this.timeout(180_000);
    t = await startToolUnderTest({ jobs: false });
    n = await setUpPlanNetwork(t);
  });
  after(async () => {
    await t.close();
  });

  it('when a participant writes their plan and edits it again, then it is made on the first save and the second save replaces it', async function () {
    this.timeout(30_000);
    const empty = await n.anna.get('/plans/mine');
    expect(empty.status).to.equal(200);
    expect(empty.html).to.include('Which development area').and.include('What support do you need from your school leader');
    expect(versionOn(empty.html)).to.equal('0');
    expect(await planOf({ userId: n.ids.anna }), 'nothing stored before the first save').to.equal(undefined);
    const first = await n.anna.post('/plans/mine', { ...planSections('Anna'), version: '0' });
    expect(first.status).to.equal(303);
    expect(first.location).to.include('/plans/mine?done=plan_saved');
    const page = await n.anna.get(first.location!.slice(first.location!.indexOf('/plans/')));
    expect(page.html).to.include('Anna: läsförståelse i alla ämnen').and.include('The plan is saved.');
    expect(versionOn(page.html)).to.equal('1');
    expect((await n.anna.post('/plans/mine', { ...planSections('Anna'), goal: 'Anna: skrivande i alla ämnen', version: '1' })).status).to.equal(303);
    const stored = await planOf({ userId: n.ids.anna });
    expect(stored!.version).to.equal(2);
    expect(stored!.sections.goal).to.equal('Anna: skrivande i alla ämnen');
    expect(stored!.sections.support).to.equal('Anna: tid i kalendern för lärgrupperna');
    const list = await n.anna.get('/plans');
    expect(list.html).to.include('Edit your plan').and.include(`/plans/${stored!.id}`);
  });

  it('when two members co-edit their group plan and one saves over a version the other replaced, then that save is refused with 409 and their text stays in the form', async function () {
    this.timeout(30_000);
    const path = `/plans/group/${n.ids.groupAnna}`;
    const annaForm = await n.anna.get(path);
    expect(annaForm.status).to.equal(200);
    expect(annaForm.html).to.include('Ängsgruppen').and.include('Cecilia Ärlig');
    expect((await n.anna.post(path, { ...planSections('Ängsgruppen'), version: '0' })).status).to.equal(303);
    const secondFirst = await n.cecilia.post(path, { ...planSections('Cecilia först'), version: '0' });
    expect(secondFirst.status, 'a second first save does not make a second plan nor overwrite the first').to.equal(409);
    expect(secondFirst.html).to.include('Cecilia först: läsförståelse i alla ämnen');
    const ceciliaVersion = versionOn((await n.cecilia.get(path)).html);
    expect(ceciliaVersion).to.equal('1');
    // Anna saves again; Cecilia, still on version 1, saves after her.
    expect((await n.anna.post(path, { ...planSections('Ängsgruppen'), actions: 'Annas nya insatser', version: '1' })).status).to.equal(303);
    const stale = await n.cecilia.post(path, { ...planSections('Ängsgruppen'), actions: 'Cecilias <egna> insatser', version: ceciliaVersion });
    expect(stale.status).to.equal(409);
    expect(stale.html).to.include('Someone else saved the plan while you were writing');
    expect(stale.html).to.include('Cecilias &lt;egna&gt; insatser');
    expect(versionOn(stale.html), 'the form now carries the newer version').to.equal('2');
    const stored = await planOf({ groupId: n.ids.groupAnna });
    expect(stored!.sections.actions, 'Anna’s save is not overwritten').to.equal('Annas nya insatser');
    // Saving again from that form is a choice made knowingly, and it goes through.
    expect((await n.cecilia.post(path, { ...planSections('Ängsgruppen'), actions: 'Cecilias <egna> insatser', version: '2' })).status).to.equal(303);
    expect((await planOf({ groupId: n.ids.groupAnna }))!.sections.actions).to.equal('Cecilias <egna> insatser');
  });

  it('when someone not in the group or from another network asks for a group plan, then they are refused', async () => {
    expect((await n.bo.get(`/plans/group/${n.ids.groupAnna}`)).status).to.equal(403);
    expect((await n.bo.post(`/plans/group/${n.ids.groupAnna}`, { ...planSections('Bo'), version: '0' })).status).to.equal(403);
    expect((await n.anna.get(`/plans/group/${n.ids.otherNetworkGroup}`)).status).to.equal(404);
    expect((await n.anna.post(`/plans/group/${n.ids.otherNetworkGroup}`, { ...planSections('Anna'), version: '0' })).status).to.equal(404);
    expect((await n.leader.post(`/plans/group/${n.ids.groupAnna}`, { ...planSections('Ledare'), version: '3' })).status, 'leaders read, they do not write').to.equal(403);
    expect((await planOf({ groupId: n.ids.groupAnna }))!.sections.goal).to.equal('Ängsgruppen: läsförståelse i alla ämnen');
  });

  it('when a participant asks for another participant’s plan, then they can neither read it nor comment on it nor write it', async () => {
    const annaPlan = (await planOf({ userId: n.ids.anna }))!;
    expect((await n.bo.get(`/plans/${annaPlan.id}`)).status).to.equal(403);
    expect((await n.bo.post(`/plans/${annaPlan.id}/comments`, { body: 'Hej' })).status).to.equal(403);
    // Bo's own form writes only Bo's plan: there is no field that names whose plan it is.
    expect((await n.bo.post('/plans/mine', { ...planSections('Bo'), version: '0' })).status).to.equal(303);
    expect((await planOf({ userId: n.ids.anna }))!.sections.goal).to.equal('Anna: skrivande i alla ämnen');
    const groupPlan = (await planOf({ groupId: n.ids.groupAnna }))!;
    expect((await n.bo.get(`/plans/${groupPlan.id}`)).status).to.equal(403);
    expect((await n.cecilia.get(`/plans/${groupPlan.id}`)).status, 'a member reads the group plan').to.equal(200);
  });

  it('when the school leader reads and comments on their teacher’s plan, then the authors are notified once (and mailed if they chose so), and another school’s plan is refused', async function () {
    this.timeout(30_000);
    expect((await n.anna.post('/mail', { mode: 'immediate', reminders: 'on' })).status).to.equal(303);
    const annaPlan = (await planOf({ userId: n.ids.anna }))!;
    const boPlan = (await planOf({ userId: n.ids.bo }))!;
    const page = await n.rektor.get(`/plans/${annaPlan.id}`);
    expect(page.status).to.equal(200);
    expect(page.html).to.include('Anna: skrivande i alla ämnen').and.include('Support needed from the school leader');
    expect((await n.rektor.get(`/plans/${boPlan.id}`)).status).to.equal(403);
    expect((await n.rektor.post(`/plans/${boPlan.id}/comments`, { body: 'Till fel skola' })).status).to.equal(403);
    const posted = await n.rektor.post(`/plans/${annaPlan.id}/comments`, { body: 'Bra mål, Anna! Vi tar tid för lärgrupperna i höst.' });
    expect(posted.status).to.equal(303);
    expect(posted.location).to.include(`/plans/${annaPlan.id}?done=plan_comment_saved#comment-`);
    expect((await n.anna.get(`/plans/${annaPlan.id}`)).html).to.include('Bra mål, Anna! Vi tar tid för lärgrupperna i höst.').and.include('Rektor Norra');
    const told = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, n.ids.anna), eq(notifications.kind, 'planComment')));
    expect(told).to.have.length(1);
    expect(told[0]!.planId).to.equal(annaPlan.id);
    expect(await t.database.db.select().from(notifications).where(and(eq(notifications.userId, n.ids.rektor), eq(notifications.kind, 'planComment'))), 'not the commenter').to.have.length(0);
    const mails = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.userId, n.ids.anna));
    expect(mails).to.have.length(1);
    expect(mails[0]!.subject).to.include('A new comment on your network plan');
    expect(mails[0]!.text, 'the mail says where, it does not carry the comment').not.to.include('Bra mål, Anna!');
    const list = await n.anna.get('/notifications');
    expect(list.html).to.include('New comment on a network plan you write').and.include(`/plans/${annaPlan.id}#comments`);
  });

  it('when someone comments on a group plan, then every member but the commenter is notified', async () => {
    const groupPlan = (await planOf({ groupId: n.ids.groupAnna }))!;
    expect((await n.staff.post(`/plans/${groupPlan.id}/comments`, { body: 'Fint samarbete.' })).status).to.equal(303);
    expect((await n.cecilia.post(`/plans/${groupPlan.id}/comments`, { body: 'Tack!' })).status).to.equal(303);
    const told = await t.database.db.select().from(notifications).where(and(eq(notifications.planId, groupPlan.id), eq(notifications.kind, 'planComment')));
    const byPerson = told.map((row) => row.userId).sort();
    expect(byPerson).to.deep.equal([n.ids.anna, n.ids.anna, n.ids.cecilia].sort(), 'staff’s comment to both, Cecilia’s to Anna only');
  });

  it('when a plan or comment is refused by validation, then the message is in the user’s language beside the field and what was typed is kept', async () => {
    const tooLong = 'å'.repeat(5001);
    const refused = await n.bo.post('/plans/mine', { ...planSections('Bo'), actions: tooLong, involved: 'Bos <b>kollegor</b>', version: '1' });
    expect(refused.status).to.equal(422);
    expect(refused.html).to.include('This text is too long');
    expect(refused.html).to.include('id="field-actions-error"');
    expect(refused.html).to.include(tooLong);
    expect(refused.html).to.include('Bos &lt;b&gt;kollegor&lt;/b&gt;');
    const nothing = await n.bo.post('/plans/mine', { goal: '   ', version: '1' });
    expect(nothing.status).to.equal(422);
    expect(nothing.html).to.include('Write something in at least one section');
    const boPlan = (await planOf({ userId: n.ids.bo }))!;
    expect(boPlan.sections.actions, 'nothing stored').to.equal('Bo: lärgrupper varannan vecka');
    const longComment = 'x'.repeat(2001);
    const comment = await n.bo.post(`/plans/${boPlan.id}/comments`, { body: longComment });
    expect(comment.status).to.equal(422);
    expect(comment.html).to.include(longComment).and.include('This text is too long');
    expect(await t.database.db.select().from(networkPlanComments).where(eq(networkPlanComments.planId, boPlan.id))).to.have.length(0);
  });

  it('when a Swedish participant’s save is refused, then the message is in Swedish', async () => {
    const { launchAs, role } = await import('../support/network-member');
    const sv = await launchAs(t, '31', [role('Learner')], { name: 'Anna Åström' }, 'sv');
    const refused = await sv.post('/plans/mine', { goal: 'x'.repeat(5001), version: '2' });
    expect(refused.status).to.equal(422);
    expect(refused.html).to.include('Texten är för lång').and.include('Vilket utvecklingsområde');
  });

  it('when a section holds a script tag, then the plan page shows it as text', async () => {
    const version = versionOn((await n.bo.get('/plans/mine')).html);
    expect((await n.bo.post('/plans/mine', { ...planSections('Bo'), goal: '<script>alert("plan")</script>', version })).status).to.equal(303);
    const boPlan = (await planOf({ userId: n.ids.bo }))!;
    const page = await n.leader.get(`/plans/${boPlan.id}`);
    expect(page.html).not.to.include('<script>alert("plan")</script>');
    expect(page.html).to.include('&lt;script&gt;alert(&#34;plan&#34;)&lt;/script&gt;');
  });

  it('when the lists are opened, then leaders and staff see every participant and group with its state, a school leader only their own teachers', async () => {
    const forLeader = await n.leader.get('/plans');
    expect(forLeader.status).to.equal(200);
    expect(forLeader.html).to.include('Anna Åström').and.include('Bo Ødegård').and.include('Cecilia Ärlig');
    expect(forLeader.html).to.include('Ängsgruppen').and.include('Bäckgruppen');
    expect(forLeader.html).to.include('Not started').and.include('Comments on the plans are not part of the compiled plan');
    const staffList = await n.staff.get('/plans');
    expect(staffList.html).to.include('Bo Ødegård');
    expect(staffList.html, 'compiling is the leaders’').not.to.include('/plans/network.pdf');
    const forRektor = await n.rektor.get('/plans');
    expect(forRektor.status).to.equal(200);
    expect(forRektor.html).to.include('Anna Åström').and.include('Cecilia Ärlig').and.include('Ängsgruppen');
    expect(forRektor.html).not.to.include('Bo Ødegård');
    expect(forRektor.html).not.to.include('Bäckgruppen');
    const forCecilia = await n.cecilia.get('/plans');
    expect(forCecilia.html).to.include('Write your network plan').and.include('Edit the group’s plan');
    expect(forCecilia.html).not.to.include('Bo Ødegård');
  });

  it('when the last meeting of the year is the next one, then a participant without a plan of their own sees "Write your network plan" on Start, and not before nor once written', async () => {
    // Only the plan network has a year; the other network has no meetings.
    const rows = await t.database.db.select().from(meetings).orderBy(asc(meetings.startsAt));
    const [network] = await t.database.db.select().from(networks).where(eq(networks.id, rows[0]!.networkId));
    const [beforeLast, last] = [rows[rows.length - 2]!, rows[rows.length - 1]!];
    const asParticipant = (userId: number) => actorIn({ roles: ['participant'], contextId: network!.contextId, networkId: network!.id, userId });
    const planItems = async (userId: number, now: Date) => (await todoFor(t.database.db, asParticipant(userId), now)).items.filter((item) => item.key === 'plans.todo');
    const nearTheEnd = new Date(beforeLast.endsAt.getTime() + 60_000);
    expect(await planItems(n.ids.cecilia, new Date(rows[0]!.startsAt.getTime() - 86_400_000)), 'not at the start of the year').to.have.length(0);
    const items = await planItems(n.ids.cecilia, nearTheEnd);
    expect(items).to.have.length(1);
    expect(items[0]!.href).to.equal('/plans/mine');
    expect(items[0]!.values.number).to.equal(last.number);
    expect(await planItems(n.ids.anna, nearTheEnd), 'Anna has written hers').to.have.length(0);
  });
});

