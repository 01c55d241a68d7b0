// Stand-in for Helper B's publisher, to the contract's signature.
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { liveEvents } from '../../models/schema';

export const walkTopic = (walkId: number) => `walk:${walkId}`;

export async function publishLive(tx: Db, topic: string, kind: string, payload: Record<string, unknown>): Promise<number> {
  const [row] = await tx.insert(liveEvents).values({ topic, kind, payload }).returning({ id: liveEvents.id });
  await tx.execute(sql`select pg_notify('natverk_live', ${String(row!.id)})`);
  return row!.id;
}
