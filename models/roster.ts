import { and, asc, eq, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { keepChosenNetworkRole, keepKnownUserFields } from './launches';
import { contexts, deployments, memberships, platforms, users } from './schema';
import type { ContextRow } from './launches';

/** A context with the registration its service calls act as. */
export interface ServiceContext {
  context: ContextRow;
  platformId: number;
  issuer: string;
  clientId: string;
}

export async function findServiceContext(db: Db, contextRowId: number): Promise<ServiceContext | undefined> {
  const [row] = await db
    .select({ context: contexts, platformId: platforms.id, issuer: platforms.issuer, clientId: platforms.clientId })
    .from(contexts)
    .innerJoin(deployments, eq(deployments.id, contexts.deploymentId))
    .innerJoin(platforms, eq(platforms.id, deployments.platformId))
    .where(eq(contexts.id, contextRowId));
  return row;
}

/** One person in an NRPS answer, already checked and with tool roles mapped. */
export interface RosterEntry {
  sub: string;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  ltiRoles: string[];
  /** The roles the member acts with under the network role the LTI roles suggest. */
  roles: string[];
  networkRole: 'leader' | 'staff' | 'participant' | 'mentor' | null;
  active: boolean;
}

export interface RosterCounts {
  /** Active members in the platform's list. */
  members: number;
  /** Active members we did not have as active before (new, or back in the course). */
  added: number;
  /** Members no longer listed, or listed as inactive, who were active here. */
  deactivated: number;
}

/**
 * Writes a complete NRPS list for one context: users (a name or email the platform left out keeps what we
 * knew), memberships, inactive for everyone not listed as active, and the sync time. Run it in a transaction.
 */
export async function applyRoster(tx: Db, target: { contextId: number; platformId: number }, entries: RosterEntry[], now: Date, listedAt: Date = now): Promise<RosterCounts> {
  // One row per user: a platform listing someone twice must not make the upsert touch a row twice.
  const bySub = new Map(entries.map((entry) => [entry.sub, entry]));
  // Rows are locked in one order (users by sub, then the context, then memberships), as a launch does.
  const people = [...bySub.values()].sort((a, b) => (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0));
  const userIds = await upsertRosterUsers(tx, target.platformId, people);
  await tx.update(contexts).set({ rosterSyncedAt: now, updatedAt: now }).where(eq(contexts.id, target.contextId));
  const activeBefore = new Set(
    (
      await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.contextId, target.contextId), eq(memberships.status, 'active')))
    ).map((row) => row.userId),
  );
  if (people.length > 0) {
    await tx
      .insert(memberships)
      .values(
        people.map((entry) => ({
          contextId: target.contextId,
          userId: userIds.get(entry.sub) as number,
          roles: entry.roles,
          ltiRoles: entry.ltiRoles,
          networkRole: entry.networkRole,
          status: entry.active ? ('active' as const) : ('inactive' as const),
          rosterSeenAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: [memberships.contextId, memberships.userId],
        // A leader's choice of network role survives the sync (see keepChosenNetworkRole).
        set: {
          ...keepChosenNetworkRole,
          ltiRoles: sql`excluded.lti_roles`,
          status: sql`excluded.status`,
          rosterSeenAt: now,
          updatedAt: now,
        },
      });
  }
  const activeNow = people.filter((entry) => entry.active).map((entry) => userIds.get(entry.sub) as number);
  const gone = await tx
    .update(memberships)
    .set({ status: 'inactive', updatedAt: now })
    .where(
      and(
        eq(memberships.contextId, target.contextId),
        eq(memberships.status, 'active'),
        activeNow.length > 0 ? notInArray(memberships.userId, activeNow) : undefined,
        // Someone who launched while the list was being read is a member the list did not know of yet.
        or(isNull(memberships.lastLaunchAt), lt(memberships.lastLaunchAt, listedAt)),
      ),
    )
    .returning({ userId: memberships.userId });
  const deactivatedListed = people.filter((entry) => !entry.active && activeBefore.has(userIds.get(entry.sub) as number)).length;
  return {
    members: activeNow.length,
    added: activeNow.filter((userId) => !activeBefore.has(userId)).length,
    deactivated: gone.length + deactivatedListed,
  };
}

async function upsertRosterUsers(tx: Db, platformId: number, people: RosterEntry[]): Promise<Map<string, number>> {
  if (people.length === 0) return new Map();
  const rows = await tx
    .insert(users)
    .values(
      people.map((entry) => ({
        platformId,
        sub: entry.sub,
        name: entry.name,
        givenName: entry.givenName,
        familyName: entry.familyName,
        email: entry.email,
      })),
    )
    .onConflictDoUpdate({
      target: [users.platformId, users.sub],
      set: keepKnownUserFields,
    })
    .returning({ id: users.id, sub: users.sub });
  return new Map(rows.map((row) => [row.sub, row.id]));
}

export interface RosterMember {
  userId: number;
  sub: string;
  name: string | null;
  email: string | null;
  roles: string[];
  /** The LTI roles as the platform sent them, beside the network role the tool keeps. */
  ltiRoles: string[];
  networkRole: string | null;
  schoolId: number | null;
  status: 'active' | 'inactive';
  lastLaunchAt: Date | null;
  rosterSeenAt: Date | null;
}

/** Everyone known in a context, active members first, then by name. */
export async function listRoster(db: Db, contextRowId: number): Promise<RosterMember[]> {
  return db
    .select({
      userId: users.id,
      sub: users.sub,
      name: users.name,
      email: users.email,
      roles: memberships.roles,
      ltiRoles: memberships.ltiRoles,
      networkRole: memberships.networkRole,
      schoolId: memberships.schoolId,
      status: memberships.status,
      lastLaunchAt: memberships.lastLaunchAt,
      rosterSeenAt: memberships.rosterSeenAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.contextId, contextRowId))
    .orderBy(asc(memberships.status), sql`${users.name} asc nulls last`, asc(users.id));
}
