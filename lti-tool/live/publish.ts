// Stand-in for Helper B's live bus publisher: same signatures. Dropped at merge.
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { liveEvents } from '../../models/schema';

export const walkTopic = (walkId: number) => `walk:${walkId}`;

export async function publishLive(tx: Db, topic: string, kind: string, payload: Record<string, unknown>): Promise<number> {
  const [row] = await tx.insert(liveEvents).values({ topic, kind, payload }).returning({ id: liveEvents.id });
  await tx.execute(sql`select pg_notify('natverk_live', ${JSON.stringify({ id: row!.id, topic })})`);
  return row!.id;
}
