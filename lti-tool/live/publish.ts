// Stand-in for Helper B's live bus (issue 10): the same signature and effect (an event row and a NOTIFY in the
// caller's transaction), so the feedback pages can tell open pages. The lead drops this file at merge.
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { liveEvents } from '../../models/schema';

export const walkTopic = (walkId: number) => `walk:${walkId}`;

export async function publishLive(tx: Db, topic: string, kind: string, payload: Record<string, unknown>): Promise<number> {
  const [row] = await tx.insert(liveEvents).values({ topic, kind, payload }).returning({ id: liveEvents.id });
  await tx.execute(sql`select pg_notify('natverk_live', ${String(row!.id)})`);
  return row!.id;
}
