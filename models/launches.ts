import { and, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { contexts, launchSessions, memberships, networks, platforms, users } from './schema';

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

/** On a user upsert: a name or email the platform left out keeps what we knew. */
export const keepKnownUserFields = {
  name: sql`coalesce(excluded.name, ${users.name})`,
  givenName: sql`coalesce(excluded.given_name, ${users.givenName})`,
  familyName: sql`coalesce(excluded.family_name, ${users.familyName})`,
  email: sql`coalesce(excluded.email, ${users.email})`,
  updatedAt: sql`now()`,
};

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
      set: { ...keepKnownUserFields, locale: sql`coalesce(excluded.locale, ${users.locale})` },
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

type StoredNetworkRole = (typeof memberships.$inferInsert)['networkRole'];
const networkRoleIn = (roles: string[]) => (roles.find((role) => role !== 'admin') ?? null) as StoredNetworkRole;

export async function upsertLaunchMembership(db: Db, contextId: number, userId: number, roles: string[], ltiRoles: string[]): Promise<void> {
  const now = new Date();
  await db
    .insert(memberships)
    .values({ contextId, userId, roles, ltiRoles, networkRole: networkRoleIn(roles), status: 'active', lastLaunchAt: now })
    .onConflictDoUpdate({
      target: [memberships.contextId, memberships.userId],
      set: { roles, ltiRoles, networkRole: networkRoleIn(roles), status: 'active', lastLaunchAt: now, updatedAt: now },
    });
}

/**
 * A live session with its user, context and network, in one query: every page starts with it. Live means:
 * its secret has not expired, its launch's absolute end has not passed, its platform is still active, and
 * (in a course) the person is still an active member — a deactivated platform or a roster sync that ended
 * the membership ends the sessions too.
 */
export async function findLiveSession(
  db: Db,
  handle: string,
  now: Date,
): Promise<{ session: SessionRow; user: UserRow; context: ContextRow | null; network: NetworkRow | null; memberRoles: string[] | null } | undefined> {
  const [row] = await db
    .select({ session: launchSessions, user: users, context: contexts, network: networks, memberRoles: memberships.roles })
    .from(launchSessions)
    .innerJoin(users, eq(users.id, launchSessions.userId))
    .innerJoin(platforms, and(eq(platforms.id, launchSessions.platformId), eq(platforms.status, 'active')))
    .leftJoin(contexts, eq(contexts.id, launchSessions.contextId))
    .leftJoin(networks, eq(networks.contextId, contexts.id))
    .leftJoin(memberships, and(eq(memberships.contextId, launchSessions.contextId), eq(memberships.userId, launchSessions.userId)))
    .where(
      and(
        eq(launchSessions.handle, handle),
        gt(launchSessions.expiresAt, now),
        gt(launchSessions.endsAt, now),
        or(isNull(launchSessions.contextId), eq(memberships.status, 'active')),
      ),
    );
  return row;
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function purgeExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.delete(launchSessions).where(lt(launchSessions.expiresAt, now));
}

export interface LaunchRecord {
  platformId: number;
  deploymentRowId: number;
  user: UserClaims;
  context?: ContextClaims;
  /** The tool roles the launch's LTI roles map to: the session's snapshot. */
  roles: string[];
  ltiRoles: string[];
  /** The network role the LTI roles suggest, and the roles a member acts with under it (until a leader chooses). */
  networkRole: string | null;
  memberRoles: string[];
  /** Set when this launch creates the context's network if it has none (a leader's launch). */
  network?: { defaultName: string; language: string };
  session: {
    handle: string;
    secretHash: string;
    locale: string;
    messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
    documentTarget: string | null;
    launch: unknown;
    /** The absolute end of the session (and of every copy of it). */
    endsAt: Date;
  };
}

export interface RecordedContext {
  id: number;
  membershipsUrl: string | null;
  rosterSyncedAt: Date | null;
}

/**
 * On a membership upsert (launch or roster sync): the LTI roles give the network role only while no leader
 * has chosen one; a leader's choice stays, with 'admin' still following the platform.
 */
export const keepChosenNetworkRole = {
  networkRole: sql.raw(`case when memberships.network_role_set_at is null then excluded.network_role else memberships.network_role end`),
  roles: sql.raw(`case when memberships.network_role_set_at is null then excluded.roles
    else array_remove(array[memberships.network_role, case when 'admin' = any(excluded.roles) then 'admin' end], null) end`),
};

const textArray = (values: string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

/**
 * Everything one launch writes — user, context, membership, the network on a leader's first launch, and
 * the session — as one statement: atomic without a transaction, and one round trip on every launch.
 */
export async function insertLaunchRecord(db: Db, record: LaunchRecord): Promise<RecordedContext | undefined> {
  const { user, context, session } = record;
  const statement = sql`
    with u as (
      insert into users (platform_id, sub, name, given_name, family_name, email, locale)
      values (${record.platformId}, ${user.sub}, ${user.name ?? null}, ${user.givenName ?? null}, ${user.familyName ?? null}, ${user.email ?? null}, ${user.locale ?? null})
      on conflict (platform_id, sub) do update set
        name = coalesce(excluded.name, users.name),
        given_name = coalesce(excluded.given_name, users.given_name),
        family_name = coalesce(excluded.family_name, users.family_name),
        email = coalesce(excluded.email, users.email),
        locale = coalesce(excluded.locale, users.locale),
        updated_at = now()
      returning id
    ), c as (
      insert into contexts (deployment_id, context_id, label, title, line_items_url, memberships_url)
      select ${record.deploymentRowId}, ${context?.contextId ?? null}::text, ${context?.label ?? null}::text, ${context?.title ?? null}::text,
             ${context?.lineItemsUrl ?? null}::text, ${context?.membershipsUrl ?? null}::text
      where ${context !== undefined}
      on conflict (deployment_id, context_id) do update set
        label = coalesce(excluded.label, contexts.label),
        title = coalesce(excluded.title, contexts.title),
        line_items_url = coalesce(excluded.line_items_url, contexts.line_items_url),
        memberships_url = coalesce(excluded.memberships_url, contexts.memberships_url),
        updated_at = now()
      returning id, title, label, memberships_url, roster_synced_at
    ), m as (
      insert into memberships (context_id, user_id, roles, lti_roles, network_role, status, last_launch_at)
      select c.id, u.id, ${textArray(record.memberRoles)}, ${textArray(record.ltiRoles)}, ${record.networkRole}::text, 'active', now() from c, u
      on conflict (context_id, user_id) do update set
        network_role = ${keepChosenNetworkRole.networkRole}, roles = ${keepChosenNetworkRole.roles},
        lti_roles = excluded.lti_roles, status = 'active', last_launch_at = excluded.last_launch_at, updated_at = now()
    ), n as (
      insert into networks (context_id, name, language, created_by_user_id)
      select c.id, coalesce(c.title, c.label, ${record.network?.defaultName ?? ''}), ${record.network?.language ?? 'sv'}, u.id from c, u
      where ${record.network !== undefined}
      on conflict (context_id) do nothing
    ), s as (
      insert into launch_sessions (handle, secret_hash, user_id, platform_id, deployment_id, context_id, roles, locale, message_type, document_target, launch, expires_at, ends_at)
      select ${session.handle}, ${session.secretHash}, u.id, ${record.platformId}, ${record.deploymentRowId}, (select id from c),
             ${textArray(record.roles)}, ${session.locale}, ${session.messageType}, ${session.documentTarget}, ${JSON.stringify(session.launch)}::jsonb,
             ${session.endsAt.toISOString()}::timestamptz, ${session.endsAt.toISOString()}::timestamptz
      from u
    )
    select id, memberships_url, (extract(epoch from roster_synced_at) * 1000)::float8 as roster_synced_ms from c`;
  const result = (await db.execute(statement)) as unknown as {
    rows: Array<{ id: number; memberships_url: string | null; roster_synced_ms: number | null }>;
  };
  const [row] = result.rows;
  if (!row) return undefined;
  return {
    id: Number(row.id),
    membershipsUrl: row.memberships_url,
    rosterSyncedAt: row.roster_synced_ms === null ? null : new Date(Number(row.roster_synced_ms)),
  };
}

/**
 * A new session for the same launch (same user, course and roles), for another browser window. It keeps
 * the original's absolute end: copying never extends a launch. Only a live session can be copied.
 */
export async function copySession(
  db: Db,
  fromHandle: string,
  copy: { handle: string; secretHash: string; expiresAt: Date; phone?: boolean },
  now: Date,
): Promise<boolean> {
  // A phone's copy is marked in its launch record, so its owner can list it and sign it out.
  const launch = copy.phone ? sql`launch || jsonb_build_object('phoneOf', ${fromHandle}::text)` : sql`launch`;
  const result = (await db.execute(sql`
    insert into launch_sessions (handle, secret_hash, user_id, platform_id, deployment_id, context_id, roles, locale, message_type, document_target, launch, expires_at, ends_at)
    select ${copy.handle}, ${copy.secretHash}, user_id, platform_id, deployment_id, context_id, roles, locale, message_type, 'window', ${launch},
           least(${copy.expiresAt.toISOString()}::timestamptz, ends_at), ends_at
    from launch_sessions where handle = ${fromHandle} and ends_at > ${now.toISOString()}::timestamptz
    returning handle`)) as unknown as { rows: unknown[] };
  return result.rows.length === 1;
}

/**
 * Swaps a session's one-time secret for its lasting one, which lasts until the launch's absolute end;
 * only the first caller within the expiry gets it. Returns that end and whether it is a phone's copy, or undefined.
 */
export async function claimSession(db: Db, handle: string, oneTimeHash: string, lastingHash: string, now: Date): Promise<{ endsAt: Date; phone: boolean } | undefined> {
  const [row] = await db
    .update(launchSessions)
    .set({
      secretHash: lastingHash,
      expiresAt: sql`${launchSessions.endsAt}`,
      // A phone's copy records when it joined, for its owner's "your phone joined at …".
      launch: sql`case when ${launchSessions.launch} ? 'phoneOf' then ${launchSessions.launch} || jsonb_build_object('phoneJoinedAt', ${now.toISOString()}::text) else ${launchSessions.launch} end`,
    })
    .where(and(eq(launchSessions.handle, handle), eq(launchSessions.secretHash, oneTimeHash), gt(launchSessions.expiresAt, now)))
    .returning({ endsAt: launchSessions.endsAt, phone: sql<boolean>`${launchSessions.launch} ? 'phoneOf'` });
  return row;
}

/** A phone that joined with one of this person's personal codes and is still signed in. */
export interface PhoneSession {
  handle: string;
  joinedAt: Date;
}

/** This person's phones signed in through a personal code, in this course, newest first. */
export async function listPhoneSessions(db: Db, userId: number, contextId: number | null, now: Date): Promise<PhoneSession[]> {
  const rows = await db
    .select({ handle: launchSessions.handle, joinedAt: sql<string>`${launchSessions.launch}->>'phoneJoinedAt'` })
    .from(launchSessions)
    .where(
      and(
        eq(launchSessions.userId, userId),
        contextId === null ? isNull(launchSessions.contextId) : eq(launchSessions.contextId, contextId),
        sql`${launchSessions.launch} ? 'phoneJoinedAt'`,
        gt(launchSessions.expiresAt, now),
      ),
    );
  return rows.map((row) => ({ handle: row.handle, joinedAt: new Date(row.joinedAt) })).sort((a, b) => b.joinedAt.getTime() - a.joinedAt.getTime());
}

/** Ends one of this person's phone sessions; true when there was one to end. */
export async function endPhoneSession(db: Db, userId: number, handle: string): Promise<boolean> {
  const removed = await db
    .delete(launchSessions)
    .where(and(eq(launchSessions.handle, handle), eq(launchSessions.userId, userId), sql`${launchSessions.launch} ? 'phoneOf'`))
    .returning({ handle: launchSessions.handle });
  return removed.length === 1;
}

/** Which of these session handles are still alive in this course: a cookie's list of handles is only a hint. */
export async function liveHandlesInContext(db: Db, handles: readonly string[], contextId: number, now: Date): Promise<string[]> {
  if (handles.length === 0) return [];
  const rows = await db
    .select({ handle: launchSessions.handle })
    .from(launchSessions)
    .where(and(inArray(launchSessions.handle, [...handles]), eq(launchSessions.contextId, contextId), gt(launchSessions.expiresAt, now), gt(launchSessions.endsAt, now)));
  return rows.map((row) => row.handle);
}
