import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { memberships, networkRoleChanges, schoolLeaderSchools, schools, users } from './schema';

export type NetworkRoleValue = 'leader' | 'staff' | 'participant' | 'mentor';
export type SchoolRow = typeof schools.$inferSelect;

export interface MemberRole {
  networkRole: NetworkRoleValue | null;
  roles: string[];
}

/** A member's network role in a context, or undefined when they are no member there. */
export async function findMemberRole(db: Db, contextId: number, userId: number): Promise<MemberRole | undefined> {
  const [row] = await db
    .select({ networkRole: memberships.networkRole, roles: memberships.roles })
    .from(memberships)
    .where(and(eq(memberships.contextId, contextId), eq(memberships.userId, userId)));
  return row;
}

/**
 * A leader's choice of someone's network role, and its line in the change log, in one transaction. The
 * member keeps 'admin' if they had it; later launches and roster syncs no longer touch the network role.
 */
export async function setNetworkRole(
  db: Db,
  change: { contextId: number; userId: number; role: NetworkRoleValue; byUserId: number; at: Date },
): Promise<{ from: NetworkRoleValue | null } | undefined> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ networkRole: memberships.networkRole })
      .from(memberships)
      .where(and(eq(memberships.contextId, change.contextId), eq(memberships.userId, change.userId)))
      .for('update');
    if (!before) return undefined;
    await tx
      .update(memberships)
      .set({
        networkRole: change.role,
        roles: sql`array_remove(array[${change.role}::text, case when 'admin' = any(${memberships.roles}) then 'admin' end], null)`,
        networkRoleSetByUserId: change.byUserId,
        networkRoleSetAt: change.at,
        updatedAt: change.at,
      })
      .where(and(eq(memberships.contextId, change.contextId), eq(memberships.userId, change.userId)));
    await tx.insert(networkRoleChanges).values({
      contextId: change.contextId,
      userId: change.userId,
      changedByUserId: change.byUserId,
      fromRole: before.networkRole,
      toRole: change.role,
      changedAt: change.at,
    });
    return { from: before.networkRole };
  });
}

export interface RoleChange {
  userId: number;
  changedByUserId: number | null;
  changedByName: string | null;
  fromRole: string | null;
  toRole: string;
  changedAt: Date;
}

/** The change log of a context's network roles, newest first. */
export async function listRoleChanges(db: Db, contextId: number): Promise<RoleChange[]> {
  return db
    .select({
      userId: networkRoleChanges.userId,
      changedByUserId: networkRoleChanges.changedByUserId,
      changedByName: users.name,
      fromRole: networkRoleChanges.fromRole,
      toRole: networkRoleChanges.toRole,
      changedAt: networkRoleChanges.changedAt,
    })
    .from(networkRoleChanges)
    .leftJoin(users, eq(users.id, networkRoleChanges.changedByUserId))
    .where(eq(networkRoleChanges.contextId, contextId))
    .orderBy(desc(networkRoleChanges.changedAt), desc(networkRoleChanges.id));
}

export async function listSchools(db: Db, networkId: number): Promise<SchoolRow[]> {
  return db.select().from(schools).where(eq(schools.networkId, networkId)).orderBy(asc(schools.municipality), asc(schools.name));
}

export async function findSchool(db: Db, networkId: number, schoolId: number): Promise<SchoolRow | undefined> {
  const [row] = await db.select().from(schools).where(and(eq(schools.networkId, networkId), eq(schools.id, schoolId)));
  return row;
}

/** Adds schools; one already in the network (same name and municipality, any case) is skipped. Returns how many were added. */
export async function insertSchools(db: Db, networkId: number, rows: Array<{ name: string; municipality: string }>): Promise<number> {
  if (rows.length === 0) return 0;
  const added = await db
    .insert(schools)
    .values(rows.map((row) => ({ networkId, ...row })))
    .onConflictDoNothing()
    .returning({ id: schools.id });
  return added.length;
}

/** Renames a school; false when it is not in the network or the new name is another school's. */
export async function updateSchool(db: Db, networkId: number, schoolId: number, values: { name: string; municipality: string }): Promise<boolean> {
  const clash = await db
    .select({ id: schools.id })
    .from(schools)
    .where(
      and(
        eq(schools.networkId, networkId),
        sql`lower(${schools.name}) = lower(${values.name}) and lower(${schools.municipality}) = lower(${values.municipality})`,
        sql`${schools.id} <> ${schoolId}`,
      ),
    );
  if (clash.length > 0) return false;
  const updated = await db.update(schools).set(values).where(and(eq(schools.networkId, networkId), eq(schools.id, schoolId))).returning({ id: schools.id });
  return updated.length === 1;
}

export async function deleteSchool(db: Db, networkId: number, schoolId: number): Promise<boolean> {
  const deleted = await db.delete(schools).where(and(eq(schools.networkId, networkId), eq(schools.id, schoolId))).returning({ id: schools.id });
  return deleted.length === 1;
}

/** Sets a member's school (or none); the school must be checked to be in the member's network first. */
export async function setMemberSchool(db: Db, contextId: number, userId: number, schoolId: number | null): Promise<boolean> {
  const updated = await db
    .update(memberships)
    .set({ schoolId, updatedAt: new Date() })
    .where(and(eq(memberships.contextId, contextId), eq(memberships.userId, userId)))
    .returning({ id: memberships.id });
  return updated.length === 1;
}

export async function findMemberSchoolId(db: Db, contextId: number, userId: number): Promise<number | null | undefined> {
  const [row] = await db
    .select({ schoolId: memberships.schoolId })
    .from(memberships)
    .where(and(eq(memberships.contextId, contextId), eq(memberships.userId, userId)));
  return row?.schoolId;
}

/** Replaces the schools a school leader answers for, within one network. */
export async function setLeaderSchools(db: Db, networkId: number, userId: number, schoolIds: number[]): Promise<void> {
  await db.transaction(async (tx) => {
    const inNetwork = tx.select({ id: schools.id }).from(schools).where(eq(schools.networkId, networkId));
    await tx.delete(schoolLeaderSchools).where(and(eq(schoolLeaderSchools.userId, userId), inArray(schoolLeaderSchools.schoolId, inNetwork)));
    if (schoolIds.length > 0) {
      await tx.insert(schoolLeaderSchools).values(schoolIds.map((schoolId) => ({ schoolId, userId }))).onConflictDoNothing();
    }
  });
}

/** school id per user for the school leaders of a network. */
export async function listLeaderSchools(db: Db, networkId: number): Promise<Array<{ userId: number; schoolId: number }>> {
  return db
    .select({ userId: schoolLeaderSchools.userId, schoolId: schoolLeaderSchools.schoolId })
    .from(schoolLeaderSchools)
    .innerJoin(schools, eq(schools.id, schoolLeaderSchools.schoolId))
    .where(eq(schools.networkId, networkId));
}

/**
 * The participants a school leader follows, in one query: active participants of the schools they answer
 * for in this network, and the active members named by the launch's role_scope_mentor (user subs).
 */
export async function findMentees(
  db: Db,
  target: { contextId: number; networkId: number; userId: number; platformId: number; scopeSubs: string[] },
): Promise<number[]> {
  const result = (await db.execute(sql`
    select m.user_id from memberships m
    join school_leader_schools sls on sls.school_id = m.school_id and sls.user_id = ${target.userId}
    join schools s on s.id = sls.school_id and s.network_id = ${target.networkId}
    where m.context_id = ${target.contextId} and m.status = 'active' and 'participant' = any(m.roles)
    union
    select m.user_id from memberships m
    join users u on u.id = m.user_id and u.platform_id = ${target.platformId}
    where m.context_id = ${target.contextId} and m.status = 'active'
      and u.sub in (select jsonb_array_elements_text(${JSON.stringify(target.scopeSubs)}::jsonb))`)) as unknown as { rows: Array<{ user_id: number }> };
  return result.rows.map((row) => Number(row.user_id));
}

/** The school leaders of a network at this moment: active members with the role who answer for at least one school. */
export async function listResponsibleSchoolLeaders(db: Db, contextId: number, networkId: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(schoolLeaderSchools, eq(schoolLeaderSchools.userId, memberships.userId))
    .innerJoin(schools, and(eq(schools.id, schoolLeaderSchools.schoolId), eq(schools.networkId, networkId)))
    .where(and(eq(memberships.contextId, contextId), eq(memberships.status, 'active'), sql`'mentor' = any(${memberships.roles})`));
  return rows.map((row) => row.userId);
}

/** Names and schools of some members of a course, in name order. */
export async function listMembersWithSchools(db: Db, contextId: number, userIds: number[]): Promise<Array<{ userId: number; name: string | null; school: string | null }>> {
  if (!userIds.length) return [];
  return db
    .select({ userId: memberships.userId, name: users.name, school: schools.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(schools, eq(schools.id, memberships.schoolId))
    .where(and(eq(memberships.contextId, contextId), inArray(memberships.userId, userIds)))
    .orderBy(asc(users.name));
}
