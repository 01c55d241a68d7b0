import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { networkPlanComments, networkPlans, users, type NetworkPlanSections } from './schema';

export type PlanRow = typeof networkPlans.$inferSelect;

/** Whose plan: one participant's own, or one conversation group's. */
export type PlanOwner = { userId: number } | { groupId: number };

const nameOf = (table: typeof users) => sql<string | null>`coalesce(nullif(trim(${table.name}), ''), nullif(trim(concat_ws(' ', ${table.givenName}, ${table.familyName})), ''))`;

export async function findPlanInNetwork(db: Db, networkId: number, planId: number): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(networkPlans).where(and(eq(networkPlans.networkId, networkId), eq(networkPlans.id, planId)));
  return row;
}

export async function findPlanOf(db: Db, networkId: number, owner: PlanOwner): Promise<PlanRow | undefined> {
  const whose = 'userId' in owner ? eq(networkPlans.userId, owner.userId) : eq(networkPlans.groupId, owner.groupId);
  const [row] = await db.select().from(networkPlans).where(and(eq(networkPlans.networkId, networkId), whose));
  return row;
}

/**
 * The first save of a plan. Two first saves at once (two members of a group) meet the unique index: the
 * second gets nothing back and is told the plan changed meanwhile, never a duplicate or an overwrite.
 */
export async function insertPlan(db: Db, networkId: number, owner: PlanOwner, sections: NetworkPlanSections, byUserId: number, at: Date): Promise<PlanRow | undefined> {
  const [row] = await db
    .insert(networkPlans)
    .values({ networkId, ...owner, sections, version: 1, updatedByUserId: byUserId, updatedAt: at, createdAt: at })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** Saves over the version the writer read, or nothing when someone saved in between (optimistic concurrency). */
export async function updatePlan(db: Db, planId: number, expectedVersion: number, sections: NetworkPlanSections, byUserId: number, at: Date): Promise<PlanRow | undefined> {
  const [row] = await db
    .update(networkPlans)
    .set({ sections, version: sql`${networkPlans.version} + 1`, updatedByUserId: byUserId, updatedAt: at })
    .where(and(eq(networkPlans.id, planId), eq(networkPlans.version, expectedVersion)))
    .returning();
  return row;
}

export interface PlanSummary {
  id: number;
  userId: number | null;
  groupId: number | null;
  updatedAt: Date;
  comments: number;
}

/** Every plan of the network with its comment count, for the lists. */
export async function listPlanSummaries(db: Db, networkId: number): Promise<PlanSummary[]> {
  return db
    .select({ id: networkPlans.id, userId: networkPlans.userId, groupId: networkPlans.groupId, updatedAt: networkPlans.updatedAt, comments: sql<number>`count(${networkPlanComments.id})::int` })
    .from(networkPlans)
    .leftJoin(networkPlanComments, eq(networkPlanComments.planId, networkPlans.id))
    .where(eq(networkPlans.networkId, networkId))
    .groupBy(networkPlans.id);
}

export async function listPlansOfNetwork(db: Db, networkId: number): Promise<PlanRow[]> {
  return db.select().from(networkPlans).where(eq(networkPlans.networkId, networkId)).orderBy(asc(networkPlans.id));
}

export interface PlanCommentRow {
  id: number;
  authorId: number | null;
  authorName: string | null;
  body: string;
  createdAt: Date;
}

export async function listPlanComments(db: Db, planId: number): Promise<PlanCommentRow[]> {
  return db
    .select({ id: networkPlanComments.id, authorId: networkPlanComments.authorId, authorName: nameOf(users), body: networkPlanComments.body, createdAt: networkPlanComments.createdAt })
    .from(networkPlanComments)
    .leftJoin(users, eq(users.id, networkPlanComments.authorId))
    .where(eq(networkPlanComments.planId, planId))
    .orderBy(asc(networkPlanComments.createdAt), asc(networkPlanComments.id));
}

export async function countPlanComments(db: Db, planId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(networkPlanComments).where(eq(networkPlanComments.planId, planId));
  return Number(row?.n ?? 0);
}

export async function insertPlanComment(db: Db, planId: number, authorId: number, body: string, at: Date): Promise<number> {
  const [row] = await db.insert(networkPlanComments).values({ planId, authorId, body, createdAt: at }).returning({ id: networkPlanComments.id });
  return row!.id;
}

/** A `planComment` notification for each of these people, once per comment (`plan-comment:<id>`); returns the new ids. */
export async function insertPlanCommentNotifications(db: Db, networkId: number, planId: number, commentId: number, userIds: number[]): Promise<number[]> {
  if (!userIds.length) return [];
  const result = (await db.execute(sql`
    insert into notifications (network_id, user_id, kind, plan_id, dedupe_key)
    select ${networkId}, u.id, 'planComment', ${planId}, ${`plan-comment:${commentId}`}
      from users u where u.id = any(${`{${userIds.join(',')}}`}::int[])
    on conflict (user_id, dedupe_key) do nothing
    returning id`)) as unknown as { rows: Array<{ id: string | number }> };
  return result.rows.map((row) => Number(row.id));
}

/** Names of some people (authors of plans), by id. */
export async function namesOf(db: Db, userIds: number[]): Promise<Map<number, string | null>> {
  if (!userIds.length) return new Map();
  const rows = await db.select({ id: users.id, name: nameOf(users) }).from(users).where(inArray(users.id, userIds));
  return new Map(rows.map((row) => [row.id, row.name]));
}
