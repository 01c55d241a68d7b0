import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { contexts, launchSessions, memberships, networks, users } from './schema';

export type UserRow = typeof users.$inferSelect;
export type ContextRow = typeof contexts.$inferSelect;
export type NetworkRow = typeof networks.$inferSelect;
export type SessionRow = typeof launchSessions.$inferSelect;

export interface UserClaims {
  sub: string;
  name?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  email?: string | null;
  locale?: string | null;
}

/** Creates or refreshes a user; a claim the platform left out keeps what we knew. */
export async function upsertUser(db: Db, platformId: number, claims: UserClaims): Promise<UserRow> {
  const values = {
    platformId,
    sub: claims.sub,
    name: claims.name ?? null,
    givenName: claims.givenName ?? null,
    familyName: claims.familyName ?? null,
    email: claims.email ?? null,
    locale: claims.locale ?? null,
  };
  const [row] = await db
    .insert(users)
    .values(values)
    .onConflictDoUpdate({
      target: [users.platformId, users.sub],
      set: {
        name: sql`coalesce(excluded.name, ${users.name})`,
        givenName: sql`coalesce(excluded.given_name, ${users.givenName})`,
        familyName: sql`coalesce(excluded.family_name, ${users.familyName})`,
        email: sql`coalesce(excluded.email, ${users.email})`,
        locale: sql`coalesce(excluded.locale, ${users.locale})`,
        updatedAt: new Date(),
      },
    })
    .returning();
  if (!row) throw new Error('user upsert returned nothing');
  return row;
}

export interface ContextClaims {
  contextId: string;
  label?: string | null;
  title?: string | null;
  lineItemsUrl?: string | null;
  membershipsUrl?: string | null;
}

export async function upsertContext(db: Db, deploymentId: number, claims: ContextClaims): Promise<ContextRow> {
  const [row] = await db
    .insert(contexts)
    .values({ deploymentId, ...claims })
    .onConflictDoUpdate({
      target: [contexts.deploymentId, contexts.contextId],
      set: {
        label: sql`coalesce(excluded.label, ${contexts.label})`,
        title: sql`coalesce(excluded.title, ${contexts.title})`,
        lineItemsUrl: sql`coalesce(excluded.line_items_url, ${contexts.lineItemsUrl})`,
        membershipsUrl: sql`coalesce(excluded.memberships_url, ${contexts.membershipsUrl})`,
        updatedAt: new Date(),
      },
    })
    .returning();
  if (!row) throw new Error('context upsert returned nothing');
  return row;
}

export async function findContextById(db: Db, id: number): Promise<ContextRow | undefined> {
  const [row] = await db.select().from(contexts).where(eq(contexts.id, id));
  return row;
}

export async function upsertLaunchMembership(db: Db, contextId: number, userId: number, roles: string[], ltiRoles: string[]): Promise<void> {
  const now = new Date();
  await db
    .insert(memberships)
    .values({ contextId, userId, roles, ltiRoles, status: 'active', lastLaunchAt: now })
    .onConflictDoUpdate({
      target: [memberships.contextId, memberships.userId],
      set: { roles, ltiRoles, status: 'active', lastLaunchAt: now, updatedAt: now },
    });
}

export async function findNetworkByContext(db: Db, contextId: number): Promise<NetworkRow | undefined> {
  const [row] = await db.select().from(networks).where(eq(networks.contextId, contextId));
  return row;
}

/** Creates the context's network unless one exists; returns the network either way. */
export async function ensureNetwork(db: Db, contextId: number, name: string, language: string, createdByUserId: number): Promise<NetworkRow> {
  await db.insert(networks).values({ contextId, name, language, createdByUserId }).onConflictDoNothing();
  const network = await findNetworkByContext(db, contextId);
  if (!network) throw new Error('network not created');
  return network;
}

export async function insertSession(db: Db, session: typeof launchSessions.$inferInsert): Promise<void> {
  await db.insert(launchSessions).values(session);
}

/** A live session with its user, context and network, in one query: every page starts with it. */
export async function findLiveSession(
  db: Db,
  handle: string,
  now: Date,
): Promise<{ session: SessionRow; user: UserRow; context: ContextRow | null; network: NetworkRow | null } | undefined> {
  const [row] = await db
    .select({ session: launchSessions, user: users, context: contexts, network: networks })
    .from(launchSessions)
    .innerJoin(users, eq(users.id, launchSessions.userId))
    .leftJoin(contexts, eq(contexts.id, launchSessions.contextId))
    .leftJoin(networks, eq(networks.contextId, contexts.id))
    .where(and(eq(launchSessions.handle, handle), gt(launchSessions.expiresAt, now)));
  return row;
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function purgeExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.delete(launchSessions).where(lt(launchSessions.expiresAt, now));
}
