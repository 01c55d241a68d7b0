import type { Db } from '../../db';
import { assertAllowed, authorize, contextOf, networkOf, type Actor } from '../../policies';
import { findGroupOfMember, listGroupMembers, listGroupRoster, listGroups, slotOf } from '../../../models/groups';
import { findPlanOf, listPlanSummaries, type PlanSummary } from '../../../models/network-plans';
import { writesOwnPlan } from './plans';

/** A plan's state in a list: not started, or written (when last changed, how many comments). */
export interface PlanState {
  planId: number;
  updatedAt: Date;
  comments: number;
}

export interface ParticipantLine {
  userId: number;
  name: string | null;
  school: string | null;
  plan: PlanState | null;
}

export interface GroupLine {
  groupId: number;
  name: string;
  members: string[];
  plan: PlanState | null;
}

/** What `/plans` shows: a participant their own plan and their group's; the others every plan they may read. */
export type PlanList =
  | { view: 'mine'; own: PlanState | null; group: { groupId: number; name: string; plan: PlanState | null } | null }
  | { view: 'all'; participants: ParticipantLine[]; groups: GroupLine[]; written: number; canCompile: boolean };

const stateOf = (summary: PlanSummary | undefined): PlanState | null => (summary ? { planId: summary.id, updatedAt: summary.updatedAt, comments: summary.comments } : null);

const bySchoolThenName = (a: ParticipantLine, b: ParticipantLine) => (a.school ?? '\uffff').localeCompare(b.school ?? '\uffff') || (a.name ?? '').localeCompare(b.name ?? '') || a.userId - b.userId;

async function mine(db: Db, actor: Actor): Promise<PlanList> {
  const networkId = networkOf(actor);
  const [ownPlan, group] = await Promise.all([findPlanOf(db, networkId, { userId: actor.user.id }), findGroupOfMember(db, networkId, slotOf('conversation', null), actor.user.id)]);
  const summaries = await listPlanSummaries(db, networkId);
  const own = ownPlan ? stateOf(summaries.find((s) => s.id === ownPlan.id)) : null;
  const groupPlan = group ? summaries.find((s) => s.groupId === group.id) : undefined;
  return { view: 'mine', own, group: group ? { groupId: group.id, name: group.name, plan: stateOf(groupPlan) } : null };
}

/**
 * Every participant and conversation group whose plan the actor may read, with the plan's state: leaders and
 * staff see all; a school leader sees their own teachers and the groups with one of them (the rule decides, line by line).
 */
export async function planList(db: Db, actor: Actor): Promise<PlanList> {
  if (writesOwnPlan(actor)) return mine(db, actor);
  assertAllowed(actor, 'plan.list');
  const networkId = networkOf(actor);
  const [roster, groups, summaries] = await Promise.all([listGroupRoster(db, contextOf(actor)), listGroups(db, networkId), listPlanSummaries(db, networkId)]);
  const conversation = groups.filter((group) => group.kind === 'conversation');
  const members = await listGroupMembers(db, contextOf(actor), conversation.map((group) => group.id));
  const participants = roster
    .filter((person) => authorize(actor, 'plan.read', { authorIds: [person.userId] }))
    .map((person) => ({ userId: person.userId, name: person.name, school: person.school, plan: stateOf(summaries.find((s) => s.userId === person.userId)) }))
    .sort(bySchoolThenName);
  const groupLines = conversation
    .map((group) => ({ group, people: members.filter((member) => member.groupId === group.id) }))
    .filter(({ people }) => authorize(actor, 'plan.read', { authorIds: people.map((person) => person.userId) }))
    .map(({ group, people }) => ({ groupId: group.id, name: group.name, members: people.map((person) => person.name ?? ''), plan: stateOf(summaries.find((s) => s.groupId === group.id)) }));
  const written = participants.filter((line) => line.plan).length + groupLines.filter((line) => line.plan).length;
  return { view: 'all', participants, groups: groupLines, written, canCompile: authorize(actor, 'plan.compile') };
}
