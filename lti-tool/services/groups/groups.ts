import { z } from 'zod';
import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import { authorize, contextOf, networkFor, type Actor } from '../../policies';
import { listAssignments } from '../../../models/assignments';
import {
  deleteGroup,
  findGroupInNetwork,
  findGroupOfMember,
  insertGroup,
  listGroupMembers,
  listGroupRoster,
  listGroups,
  moveMember,
  renameGroup,
  type GroupPerson,
  type GroupRow,
} from '../../../models/groups';
import { groupKinds } from '../../../models/schema';
import { optionalRecordId, recordId } from '../form-fields';

/** A group's name: plain text of one line; markup is kept as text and shown escaped. */
export const groupName = z
  .string()
  .trim()
  .min(1, 'name')
  .max(120, 'name')
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'name');

export const createGroupSchema = z.object({ name: groupName, kind: z.enum(groupKinds).default('conversation'), assignmentId: optionalRecordId });
export const renameGroupSchema = z.object({ name: groupName });
export const memberChoiceSchema = z.object({ userId: recordId });
export const moveSchema = z.object({ toGroupId: recordId });

export interface GroupView {
  id: number;
  name: string;
  kind: GroupRow['kind'];
  assignmentId: number | null;
  /** The assignment's letter for a presentation group of one assignment, so "My group" can say which. */
  letter: string | null;
  slot: string;
  drawn: boolean;
  changedByHand: boolean;
  members: GroupPerson[];
}

export interface SlotView {
  slot: string;
  kind: GroupRow['kind'];
  assignmentId: number | null;
  /** The assignment's letter for presentation groups. */
  letter: string | null;
  groups: GroupView[];
  /** Participants of the roster in no group of this slot (leaders only). */
  unplaced: GroupPerson[];
}

export interface GroupsPage {
  slots: SlotView[];
  canManage: boolean;
  rosterSize: number;
  assignments: Array<{ id: number; letter: string; title: string }>;
}

/** Groups with their members, each only if the actor may read it. */
async function readableGroups(db: Db, actor: Actor, networkId: number, assignments: ReadonlyArray<{ id: number; letter: string }>): Promise<GroupView[]> {
  const rows = await listGroups(db, networkId);
  const members = await listGroupMembers(db, contextOf(actor), rows.map((row) => row.id));
  return rows
    .map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      assignmentId: row.assignmentId,
      letter: assignments.find((assignment) => assignment.id === row.assignmentId)?.letter ?? null,
      slot: row.slot,
      drawn: row.drawnAt !== null,
      changedByHand: row.changedByHandAt !== null,
      members: members.filter((member) => member.groupId === row.id),
    }))
    .filter((group) => authorize(actor, 'group.read', { memberIds: group.members.map((member) => member.userId) }));
}

/**
 * The groups page: leaders and staff see every group and the participants in none; a school leader sees only the
 * groups their own teachers are in.
 */
export async function groupsPageFor(db: Db, actor: Actor): Promise<GroupsPage> {
  const networkId = networkFor(actor, 'group.list');
  const canManage = authorize(actor, 'group.manage');
  const assignments = await listAssignments(db, networkId);
  const [groups, roster] = await Promise.all([readableGroups(db, actor, networkId, assignments), listGroupRoster(db, contextOf(actor))]);
  const slots = new Map<string, SlotView>();
  if (canManage) slots.set('conversation', { slot: 'conversation', kind: 'conversation', assignmentId: null, letter: null, groups: [], unplaced: [] });
  for (const group of groups) {
    const slot = slots.get(group.slot) ?? { slot: group.slot, kind: group.kind, assignmentId: group.assignmentId, letter: group.letter, groups: [], unplaced: [] };
    slot.groups.push(group);
    slots.set(group.slot, slot);
  }
  if (canManage) {
    for (const slot of slots.values()) {
      const placed = new Set(slot.groups.flatMap((group) => group.members.map((member) => member.userId)));
      slot.unplaced = roster.filter((person) => !placed.has(person.userId));
    }
  }
  return { slots: [...slots.values()], canManage, rosterSize: roster.length, assignments: assignments.map(({ id, letter, title }) => ({ id, letter, title })) };
}

/** "My group": the participant's conversation group and presentation groups, with members, schools and municipalities. */
export async function myGroupsFor(db: Db, actor: Actor): Promise<GroupView[]> {
  const networkId = networkFor(actor, 'group.readOwn');
  const groups = await readableGroups(db, actor, networkId, await listAssignments(db, networkId));
  return groups.filter((group) => group.members.some((member) => member.userId === actor.user.id));
}

/** The group, only when it is in the actor's network: a group id from the client is never trusted. */
async function groupInScope(db: Db, networkId: number, groupId: number): Promise<GroupRow> {
  const group = await findGroupInNetwork(db, networkId, groupId);
  if (!group) throw notFound(`group ${groupId} is not in network ${networkId}`);
  return group;
}

/** An active participant of the network, or 404. */
async function participantInScope(db: Db, actor: Actor, userId: number): Promise<void> {
  const roster = await listGroupRoster(db, contextOf(actor));
  if (!roster.some((person) => person.userId === userId)) throw notFound(`user ${userId} is no participant of context ${contextOf(actor)}`);
}

export async function createGroup(db: Db, actor: Actor, input: z.infer<typeof createGroupSchema>, now = new Date()): Promise<GroupRow> {
  const networkId = networkFor(actor, 'group.manage');
  const assignmentId = input.kind === 'presentation' ? input.assignmentId : null;
  if (assignmentId !== null && !(await listAssignments(db, networkId)).some((assignment) => assignment.id === assignmentId)) {
    throw notFound(`assignment ${assignmentId} is not in network ${networkId}`);
  }
  return insertGroup(db, { networkId, name: input.name, kind: input.kind, assignmentId, createdByUserId: actor.user.id }, now);
}

export async function renameGroupOf(db: Db, actor: Actor, groupId: number, name: string, now = new Date()): Promise<void> {
  const networkId = networkFor(actor, 'group.manage');
  if (!(await renameGroup(db, networkId, groupId, name, now))) throw notFound(`group ${groupId} is not in network ${networkId}`);
}

export async function removeGroup(db: Db, actor: Actor, groupId: number): Promise<void> {
  const networkId = networkFor(actor, 'group.manage');
  if (!(await deleteGroup(db, networkId, groupId))) throw notFound(`group ${groupId} is not in network ${networkId}`);
}

/** Puts a participant into a group, taking them out of any other group of the same kind (and assignment). */
export async function placeMember(db: Db, actor: Actor, groupId: number, userId: number, now = new Date()): Promise<void> {
  const networkId = networkFor(actor, 'group.manage');
  const group = await groupInScope(db, networkId, groupId);
  await participantInScope(db, actor, userId);
  await moveMember(db, { networkId, slot: group.slot, userId, toGroupId: group.id }, now);
}

/** Moves a member of one group to another group of the same kind; both must be in the network. */
export async function moveMemberBetween(db: Db, actor: Actor, fromGroupId: number, userId: number, toGroupId: number, now = new Date()): Promise<void> {
  const networkId = networkFor(actor, 'group.manage');
  const [from, to] = await Promise.all([groupInScope(db, networkId, fromGroupId), groupInScope(db, networkId, toGroupId)]);
  if (from.slot !== to.slot) throw new AppError(422, 'groups_move_refused', `group ${from.id} and ${to.id} are of different kinds`);
  const current = await findGroupOfMember(db, networkId, from.slot, userId);
  if (current?.id !== from.id) throw notFound(`user ${userId} is not in group ${from.id}`);
  await moveMember(db, { networkId, slot: from.slot, userId, toGroupId: to.id }, now);
}

/** Takes a member out of a group. */
export async function removeMember(db: Db, actor: Actor, groupId: number, userId: number, now = new Date()): Promise<void> {
  const networkId = networkFor(actor, 'group.manage');
  const group = await groupInScope(db, networkId, groupId);
  const current = await findGroupOfMember(db, networkId, group.slot, userId);
  if (current?.id !== group.id) throw notFound(`user ${userId} is not in group ${group.id}`);
  await moveMember(db, { networkId, slot: group.slot, userId, toGroupId: null }, now);
}

