import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { calendarFeeds, contexts, deployments, memberships, networks, platforms } from './schema';

/** Revokes the member's current feed (if any) and records a new one, in one transaction. */
export async function replaceCalendarFeed(db: Db, networkId: number, userId: number, tokenHash: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await revokeCalendarFeeds(tx, networkId, userId, now);
    await tx.insert(calendarFeeds).values({ networkId, userId, tokenHash });
  });
}

export async function revokeCalendarFeeds(db: Db, networkId: number, userId: number, now: Date): Promise<void> {
  await db
    .update(calendarFeeds)
    .set({ revokedAt: now })
    .where(and(eq(calendarFeeds.networkId, networkId), eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)));
}

/**
 * A feed that is still good: not revoked, its owner still an active member of the network's course with a
 * role the tool knows, and the course's platform still active. A feed ends with the membership.
 */
export async function findActiveCalendarFeed(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ feed: calendarFeeds })
    .from(calendarFeeds)
    .innerJoin(networks, eq(networks.id, calendarFeeds.networkId))
    .innerJoin(contexts, eq(contexts.id, networks.contextId))
    .innerJoin(deployments, eq(deployments.id, contexts.deploymentId))
    .innerJoin(platforms, and(eq(platforms.id, deployments.platformId), eq(platforms.status, 'active')))
    .innerJoin(
      memberships,
      and(eq(memberships.contextId, contexts.id), eq(memberships.userId, calendarFeeds.userId), eq(memberships.status, 'active'), sql`cardinality(${memberships.roles}) > 0`),
    )
    .where(and(eq(calendarFeeds.tokenHash, tokenHash), isNull(calendarFeeds.revokedAt)));
  return row?.feed;
}

export async function hasActiveCalendarFeed(db: Db, networkId: number, userId: number): Promise<boolean> {
  const rows = await db
    .select({ id: calendarFeeds.id })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.networkId, networkId), eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)));
  return rows.length > 0;
}
