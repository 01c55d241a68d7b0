import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { calendarFeeds } from './schema';

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

export async function findActiveCalendarFeed(db: Db, tokenHash: string) {
  const [row] = await db.select().from(calendarFeeds).where(and(eq(calendarFeeds.tokenHash, tokenHash), isNull(calendarFeeds.revokedAt)));
  return row;
}

export async function hasActiveCalendarFeed(db: Db, networkId: number, userId: number): Promise<boolean> {
  const rows = await db
    .select({ id: calendarFeeds.id })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.networkId, networkId), eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)));
  return rows.length > 0;
}
