import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { commentBank } from './schema';

export type CommentBankRow = typeof commentBank.$inferSelect;

/** The network's phrases, the most used first. */
export async function listCommentBank(db: Db, networkId: number): Promise<CommentBankRow[]> {
  return db.select().from(commentBank).where(eq(commentBank.networkId, networkId)).orderBy(desc(commentBank.usedCount), commentBank.text);
}

/** Adds a phrase; the same phrase again (in any case) is the one already there. */
export async function addCommentBankPhrase(db: Db, networkId: number, text: string, byUserId: number): Promise<void> {
  await db.insert(commentBank).values({ networkId, text, createdByUserId: byUserId }).onConflictDoNothing();
}

/** Removes a phrase of this network; false when there was none with that id here. */
export async function removeCommentBankPhrase(db: Db, networkId: number, id: number): Promise<boolean> {
  const removed = await db.delete(commentBank).where(and(eq(commentBank.networkId, networkId), eq(commentBank.id, id))).returning({ id: commentBank.id });
  return removed.length > 0;
}

export async function bumpCommentBankUse(db: Db, networkId: number, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(commentBank)
    .set({ usedCount: sql`${commentBank.usedCount} + 1` })
    .where(and(eq(commentBank.networkId, networkId), inArray(commentBank.id, ids)));
}
