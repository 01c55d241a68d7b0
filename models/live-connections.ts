import { and, eq, gt, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { liveConnections } from './schema';

/** A connection not touched for this long is counted gone (its process died without closing it). */
export const liveConnectionStaleMs = 40_000;
/** A connection gone for less than this, whose tab has not come back, counts as reconnecting. */
export const liveReconnectWindowMs = 60_000;

/**
 * Records a page's new stream; the same tab's earlier closed rows on the topic go, so a tab is one row
 * per stream it holds open now, plus at most its last closed one.
 */
export async function openLiveConnection(db: Db, row: { id: string; topic: string; clientId: string; userId: number | null; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .delete(liveConnections)
      .where(and(eq(liveConnections.topic, row.topic), eq(liveConnections.clientId, row.clientId), or(isNotNull(liveConnections.closedAt), lt(liveConnections.lastSeenAt, new Date(row.now.getTime() - liveConnectionStaleMs)))));
    await tx.insert(liveConnections).values({ id: row.id, topic: row.topic, clientId: row.clientId, userId: row.userId, connectedAt: row.now, lastSeenAt: row.now });
  });
}

/** One statement for every stream a process holds open: they are alive at `now`. */
export async function touchLiveConnections(db: Db, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.update(liveConnections).set({ lastSeenAt: now }).where(inArray(liveConnections.id, [...ids]));
}

export async function closeLiveConnection(db: Db, id: string, now: Date): Promise<void> {
  await db.update(liveConnections).set({ closedAt: now, lastSeenAt: now }).where(eq(liveConnections.id, id));
}

/**
 * Tabs on a topic with a stream open now (connected), and tabs whose stream ended within the reconnect
 * window and which have none open (reconnecting). Closing sets lastSeenAt, so both read one index range.
 */
export async function countLiveConnections(db: Db, topic: string, now: Date): Promise<{ connected: number; reconnecting: number }> {
  const staleBefore = new Date(now.getTime() - liveConnectionStaleMs).toISOString();
  const rows = await db
    .select({ live: sql<boolean>`bool_or(${liveConnections.closedAt} is null and ${liveConnections.lastSeenAt} > ${staleBefore}::timestamptz)` })
    .from(liveConnections)
    .where(and(eq(liveConnections.topic, topic), gt(liveConnections.lastSeenAt, new Date(now.getTime() - liveReconnectWindowMs))))
    .groupBy(liveConnections.clientId);
  const connected = rows.filter((row) => row.live).length;
  return { connected, reconnecting: rows.length - connected };
}

/** Removes rows of connections gone before `before`. */
export async function purgeLiveConnections(db: Db, before: Date): Promise<void> {
  await db.delete(liveConnections).where(lt(liveConnections.lastSeenAt, before));
}
