import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { conversationGroupMembers, conversationGroups, memberships, schools, users, type GroupKind } from './schema';

export type GroupRow = typeof conversationGroups.$inferSelect;

/** The set of groups a person is in at most one of: the year's conversation groups, or one assignment's presentation groups. */
export const slotOf = (kind: GroupKind, assignmentId: number | null): string => (kind === 'conversation' ? 'conversation' : `presentation:${assignmentId ?? 0}`);

export interface GroupPerson {
  userId: number;
  name: string | null;
  schoolId: number | null;
  school: string | null;
  municipality: string | null;
}

/** The roster groups are made from: the active participants of the network, with their schools. */
export async function listGroupRoster(db: Db, contextId: number): Promise<GroupPerson[]> {
  return db
    .select({ userId: memberships.userId, name: users.name, schoolId: memberships.schoolId, school: schools.name, municipality: schools.municipality })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(schools, eq(schools.id, memberships.schoolId))
    .where(and(eq(memberships.contextId, contextId), eq(memberships.status, 'active'), sql`'participant' = any(${memberships.roles})`))
    .orderBy(asc(users.name), asc(memberships.userId));
}

export async function listGroups(db: Db, networkId: number): Promise<GroupRow[]> {
  return db.select().from(conversationGroups).where(eq(conversationGroups.networkId, networkId)).orderBy(asc(conversationGroups.slot), asc(conversationGroups.id));
}

/** Members of some groups, with names and schools (also of members who have since left the course). */
export async function listGroupMembers(db: Db, contextId: number, groupIds: number[]): Promise<Array<GroupPerson & { groupId: number }>> {
  if (!groupIds.length) return [];
  return db
    .select({
      groupId: conversationGroupMembers.groupId,
      userId: conversationGroupMembers.userId,
      name: users.name,
      schoolId: memberships.schoolId,
      school: schools.name,
      municipality: schools.municipality,
    })
    .from(conversationGroupMembers)
    .innerJoin(users, eq(users.id, conversationGroupMembers.userId))
    .leftJoin(memberships, and(eq(memberships.userId, conversationGroupMembers.userId), eq(memberships.contextId, contextId)))
    .leftJoin(schools, eq(schools.id, memberships.schoolId))
    .where(inArray(conversationGroupMembers.groupId, groupIds))
    .orderBy(asc(users.name), asc(conversationGroupMembers.userId));
}

export async function findGroupInNetwork(db: Db, networkId: number, groupId: number): Promise<GroupRow | undefined> {
  const [row] = await db.select().from(conversationGroups).where(and(eq(conversationGroups.networkId, networkId), eq(conversationGroups.id, groupId)));
  return row;
}

/** The group a person is in within a slot, if any. */
export async function findGroupOfMember(db: Db, networkId: number, slot: string, userId: number): Promise<GroupRow | undefined> {
  const [row] = await db
    .select({ group: conversationGroups })
    .from(conversationGroupMembers)
    .innerJoin(conversationGroups, eq(conversationGroups.id, conversationGroupMembers.groupId))
    .where(and(eq(conversationGroupMembers.networkId, networkId), eq(conversationGroupMembers.slot, slot), eq(conversationGroupMembers.userId, userId)));
  return row?.group;
}

export interface NewGroup {
  networkId: number;
  name: string;
  kind: GroupKind;
  assignmentId: number | null;
  createdByUserId: number;
}

/** A group made by hand, empty. */
export async function insertGroup(db: Db, group: NewGroup, at: Date): Promise<GroupRow> {
  const [row] = await db
    .insert(conversationGroups)
    .values({ ...group, slot: slotOf(group.kind, group.assignmentId), changedByHandAt: at, createdAt: at })
    .returning();
  return row as GroupRow;
}

export async function renameGroup(db: Db, networkId: number, groupId: number, name: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(conversationGroups)
    .set({ name, changedByHandAt: at })
    .where(and(eq(conversationGroups.networkId, networkId), eq(conversationGroups.id, groupId)))
    .returning({ id: conversationGroups.id });
  return rows.length === 1;
}

export async function deleteGroup(db: Db, networkId: number, groupId: number): Promise<boolean> {
  const rows = await db
    .delete(conversationGroups)
    .where(and(eq(conversationGroups.networkId, networkId), eq(conversationGroups.id, groupId)))
    .returning({ id: conversationGroups.id });
  return rows.length === 1;
}

/**
 * Moves a person into a group of a slot (or out of the slot's groups when `toGroup` is null), in one transaction; the
 * groups they left and joined count as changed by hand.
 */
export async function moveMember(db: Db, target: { networkId: number; slot: string; userId: number; toGroupId: number | null }, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const left = await tx
      .delete(conversationGroupMembers)
      .where(and(eq(conversationGroupMembers.networkId, target.networkId), eq(conversationGroupMembers.slot, target.slot), eq(conversationGroupMembers.userId, target.userId)))
      .returning({ groupId: conversationGroupMembers.groupId });
    if (target.toGroupId !== null) {
      await tx.insert(conversationGroupMembers).values({ groupId: target.toGroupId, userId: target.userId, networkId: target.networkId, slot: target.slot });
    }
    const touched = [...left.map((row) => row.groupId), ...(target.toGroupId === null ? [] : [target.toGroupId])];
    if (touched.length) await tx.update(conversationGroups).set({ changedByHandAt: at }).where(inArray(conversationGroups.id, touched));
  });
}

/** Replaces every group of a slot by drawn ones, in one transaction. */
export async function replaceSlotGroups(
  db: Db,
  target: { networkId: number; kind: GroupKind; assignmentId: number | null; createdByUserId: number },
  groups: Array<{ name: string; userIds: number[] }>,
  at: Date,
): Promise<void> {
  const slot = slotOf(target.kind, target.assignmentId);
  await db.transaction(async (tx) => {
    await tx.delete(conversationGroups).where(and(eq(conversationGroups.networkId, target.networkId), eq(conversationGroups.slot, slot)));
    for (const group of groups) {
      const [row] = await tx
        .insert(conversationGroups)
        .values({ ...target, name: group.name, slot, drawnAt: at, createdAt: at })
        .returning({ id: conversationGroups.id });
      if (group.userIds.length) {
        await tx.insert(conversationGroupMembers).values(group.userIds.map((userId) => ({ groupId: row!.id, userId, networkId: target.networkId, slot })));
      }
    }
  });
}

/** The group of a slot each of these people is in (people in none are left out), with the group's name. */
export async function listGroupsOfMembers(db: Db, networkId: number, slot: string, userIds: number[]): Promise<Array<{ userId: number; groupId: number; name: string }>> {
  if (!userIds.length) return [];
  return db
    .select({ userId: conversationGroupMembers.userId, groupId: conversationGroups.id, name: conversationGroups.name })
    .from(conversationGroupMembers)
    .innerJoin(conversationGroups, eq(conversationGroups.id, conversationGroupMembers.groupId))
    .where(and(eq(conversationGroupMembers.networkId, networkId), eq(conversationGroupMembers.slot, slot), inArray(conversationGroupMembers.userId, userIds)));
}

/** How many groups of a slot have at least one member. */
export async function countGroupsOfSlot(db: Db, networkId: number, slot: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(distinct ${conversationGroupMembers.groupId})::int` })
    .from(conversationGroupMembers)
    .where(and(eq(conversationGroupMembers.networkId, networkId), eq(conversationGroupMembers.slot, slot)));
  return row?.count ?? 0;
}
