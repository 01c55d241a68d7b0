// A network at the end of its year for the plan tests: two schools, three participants (two in one conversation
// group), a school leader of one school, staff, and another network with a group of its own.
import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { conversationGroups, schools, users } from '../../models/schema';
import { claim, launchAs, role, type NetworkMember } from '../support/network-member';
import type { ToolUnderTest } from '../support/tool';

export interface PlanNetwork {
  leader: NetworkMember;
  staff: NetworkMember;
  /** Anna and Cecilia of Norraskolan share the group Ängsgruppen; Bo of Södraskolan is in Bäckgruppen. */
  anna: NetworkMember;
  bo: NetworkMember;
  cecilia: NetworkMember;
  /** School leader of Norraskolan. */
  rektor: NetworkMember;
  ids: { anna: number; bo: number; cecilia: number; rektor: number; groupAnna: number; groupBo: number; otherNetworkGroup: number };
}

export const userIdOf = async (t: ToolUnderTest, sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;

const ok = (page: { status: number; html: string }) => expect(page.status, page.html.slice(0, 400)).to.equal(303);

export async function setUpPlanNetwork(t: ToolUnderTest, locale = 'en'): Promise<PlanNetwork> {
  const db = t.database.db;
  const leader = await launchAs(t, '1', [role('Instructor')], {}, locale);
  ok(await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' }));
  for (const name of ['Norraskolan', 'Södraskolan']) ok(await leader.post('/schools', { name, municipality: 'Kalmar' }));
  const schoolId = async (name: string) => (await db.select().from(schools).where(eq(schools.name, name)))[0]!.id;
  const anna = await launchAs(t, '31', [role('Learner')], { name: 'Anna Åström', email: 'anna@example.org' }, locale);
  const bo = await launchAs(t, '32', [role('Learner')], { name: 'Bo Ødegård', email: 'bo@example.org' }, locale);
  const cecilia = await launchAs(t, '33', [role('Learner')], { name: 'Cecilia Ärlig', email: 'cecilia@example.org' }, locale);
  ok(await anna.post('/my-school', { schoolId: String(await schoolId('Norraskolan')) }));
  ok(await cecilia.post('/my-school', { schoolId: String(await schoolId('Norraskolan')) }));
  ok(await bo.post('/my-school', { schoolId: String(await schoolId('Södraskolan')) }));
  // Moodle sends school leaders and staff as Learner / Instructor; the network's leader gives them their role.
  const rektor = await launchAs(t, '41', [role('Learner')], { name: 'Rektor Norra' }, locale);
  const rektorId = await userIdOf(t, '41');
  ok(await leader.post(`/roster/${rektorId}/role`, { role: 'mentor' }));
  ok(await leader.post(`/roster/${rektorId}/schools`, { schoolIds: [String(await schoolId('Norraskolan'))] }));
  const staff = await launchAs(t, '51', [role('Instructor')], {}, locale);
  ok(await leader.post(`/roster/${await userIdOf(t, '51')}/role`, { role: 'staff' }));
  const ids = { anna: await userIdOf(t, '31'), bo: await userIdOf(t, '32'), cecilia: await userIdOf(t, '33'), rektor: rektorId };
  const groupId = async (name: string) => (await db.select().from(conversationGroups).where(eq(conversationGroups.name, name)))[0]!.id;
  for (const name of ['Ängsgruppen', 'Bäckgruppen']) ok(await leader.post('/groups', { name, kind: 'conversation' }));
  const [groupAnna, groupBo] = [await groupId('Ängsgruppen'), await groupId('Bäckgruppen')];
  ok(await leader.post(`/groups/${groupAnna}/members`, { userId: String(ids.anna) }));
  ok(await leader.post(`/groups/${groupAnna}/members`, { userId: String(ids.cecilia) }));
  ok(await leader.post(`/groups/${groupBo}/members`, { userId: String(ids.bo) }));
  const other = await launchAs(t, '901', [role('Instructor')], { [claim('context')]: { id: 'other-course', label: 'OTHER', title: 'Another network' } }, locale);
  ok(await other.post('/groups', { name: 'Annan grupp', kind: 'conversation' }));
  const [otherGroup] = await db.select().from(conversationGroups).where(and(eq(conversationGroups.name, 'Annan grupp')));
  return { leader, staff, anna, bo, cecilia, rektor, ids: { ...ids, groupAnna, groupBo, otherNetworkGroup: otherGroup!.id } };
}

/** The version the plan form carries. */
export const versionOn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

export const planSections = (prefix: string) => ({
  goal: `${prefix}: läsförståelse i alla ämnen`,
  actions: `${prefix}: lärgrupper varannan vecka`,
  involved: `${prefix}: arbetslag 7–9 och rektor`,
  followUp: `${prefix}: uppföljning i maj med elevenkät`,
  support: `${prefix}: tid i kalendern för lärgrupperna`,
});
