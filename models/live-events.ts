import { and, asc, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { liveEvents } from './schema';

export type LiveEventRow = typeof liveEvents.$inferSelect;

/** The one channel every tool process listens on; a notification's payload is the new event's id. */
export const liveChannel = 'natverk_live';

/**
 * Taken before an event's id is drawn and held until its transaction ends, so ids become visible in the
 * order they were drawn: once a process has seen event N, every event below N is committed or rolled back,
 * and "everything after the last id I read" never skips a slower transaction's event.
 */
const liveEventOrderLock = 7_240_518;

/**
 * Appends an event in the caller's transaction and notifies every listening process; PostgreSQL sends the
 * notification only when the transaction commits, and never when it rolls back. Call it as the
 * transaction's last statement: the order lock is held until commit.
 */
export async function appendLiveEvent(db: Db, topic: string, kind: string, payload: Record<string, unknown>): Promise<number> {
  // Inside the caller's transaction this is a savepoint (the lock is still held to the outer commit); called
  // on the pool, it is a transaction of its own, so the lock, the row and the notification stay on one connection.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${liveEventOrderLock})`);
    const [row] = await tx.insert(liveEvents).values({ topic, kind, payload }).returning({ id: liveEvents.id });
    await tx.execute(sql`select pg_notify(${liveChannel}, ${String(row!.id)})`);
    return row!.id;
  });
}

/** Events after `afterId` on any topic, oldest first: what the bus has not read yet. */
export async function liveEventsAfter(db: Db, afterId: number, limit: number): Promise<LiveEventRow[]> {
  return db.select().from(liveEvents).where(gt(liveEvents.id, afterId)).orderBy(asc(liveEvents.id)).limit(limit);
}

/** Events after `afterId` on the given topics, oldest first: what a reconnecting page missed. */
export async function liveEventsOnTopicsAfter(db: Db, topics: readonly string[], afterId: number): Promise<LiveEventRow[]> {
  if (topics.length === 0) return [];
  return db
    .select()
    .from(liveEvents)
    .where(and(inArray(liveEvents.topic, [...topics]), gt(liveEvents.id, afterId)))
    .orderBy(asc(liveEvents.id));
}

/** The newest event's id, or 0: where a starting bus begins to read. */
export async function latestLiveEventId(db: Db): Promise<number> {
  const [row] = await db.select({ id: sql<string | number | null>`max(${liveEvents.id})` }).from(liveEvents);
  return Number(row?.id ?? 0);
}

/** Removes events older than `before`: a page away longer than that reloads instead of catching up. */
export async function purgeLiveEvents(db: Db, before: Date): Promise<void> {
  await db.delete(liveEvents).where(lt(liveEvents.createdAt, before));
}
