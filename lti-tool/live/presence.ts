// Stand-in for Helper B's presence count: same signature. Dropped at merge.
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { liveConnections } from '../../models/schema';

const freshMs = 45_000;

export async function countConnections(db: Db, topic: string, now: Date): Promise<{ connected: number; reconnecting: number }> {
  const [row] = await db
    .select({
      connected: sql<number>`count(*) filter (where ${liveConnections.closedAt} is null and ${liveConnections.lastSeenAt} >= ${new Date(now.getTime() - freshMs)})`.mapWith(Number),
      reconnecting: sql<number>`count(*) filter (where ${liveConnections.closedAt} is not null or ${liveConnections.lastSeenAt} < ${new Date(now.getTime() - freshMs)})`.mapWith(Number),
    })
    .from(liveConnections)
    .where(and(eq(liveConnections.topic, topic), gte(liveConnections.lastSeenAt, new Date(now.getTime() - 5 * freshMs))));
  return { connected: row?.connected ?? 0, reconnecting: row?.reconnecting ?? 0 };
}
