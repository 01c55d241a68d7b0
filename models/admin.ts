import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { adminSessions } from './schema';

export async function insertAdminSession(db: Db, secretHash: string, expiresAt: Date): Promise<void> {
  await db.insert(adminSessions).values({ secretHash, expiresAt });
}

export async function adminSessionIsLive(db: Db, secretHash: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ secretHash: adminSessions.secretHash })
    .from(adminSessions)
    .where(and(eq(adminSessions.secretHash, secretHash), gt(adminSessions.expiresAt, now)));
  return row !== undefined;
}

export async function deleteAdminSession(db: Db, secretHash: string): Promise<void> {
  await db.delete(adminSessions).where(eq(adminSessions.secretHash, secretHash));
}

export async function purgeAdminSessions(db: Db, now: Date): Promise<void> {
  await db.delete(adminSessions).where(lt(adminSessions.expiresAt, now));
}
