import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { memberships, users } from './schema';

/** Active members per tool role in one context. */
export async function countActiveMembersByRole(db: Db, contextId: number): Promise<Record<string, number>> {
  const rows = await db
    .select({ role: sql<string>`unnest(${memberships.roles})`, count: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.contextId, contextId), eq(memberships.status, 'active')))
    .groupBy(sql`1`);
  return Object.fromEntries(rows.map((row) => [row.role, row.count]));
}

/** The people who lead the network (leaders, then university staff), shown to participants as contacts. */
export async function listLeaders(db: Db, contextId: number): Promise<Array<{ name: string | null; email: string | null; role: 'leader' | 'staff' }>> {
  return db
    .select({ name: users.name, email: users.email, role: sql<'leader' | 'staff'>`case when 'leader' = any(${memberships.roles}) then 'leader' else 'staff' end` })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.contextId, contextId), eq(memberships.status, 'active'), sql`${memberships.roles} && array['leader', 'staff']`))
    .orderBy(sql`3`, users.name);
}

/** A member's active roles in a context, or undefined when the user is not an active member there. */
export async function findActiveMemberRoles(db: Db, contextId: number, userId: number): Promise<string[] | undefined> {
  const [row] = await db
    .select({ roles: memberships.roles })
    .from(memberships)
    .where(and(eq(memberships.contextId, contextId), eq(memberships.userId, userId), eq(memberships.status, 'active')));
  return row?.roles;
}

/** Active members of a course holding a tool role (e.g. the participants, or the school leaders), by name. */
export async function listActiveMembersWithRole(db: Db, contextId: number, role: string): Promise<Array<{ userId: number; name: string | null; email: string | null }>> {
  return db
    .select({ userId: memberships.userId, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.contextId, contextId), eq(memberships.status, 'active'), sql`${role} = any(${memberships.roles})`))
    .orderBy(users.name);
}
