import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { contexts, launchSessions, lineItems } from './schema';

/**
 * The `custom` parameters of the resource-link launches still recorded in a course: each one is an item
 * a person opened from the course page, so the course has it. Sessions live for a launch's day at most.
 */
export async function listLaunchedCustoms(db: Db, contextId: number): Promise<Array<Record<string, unknown>>> {
  const rows = await db
    .selectDistinct({ custom: sql<Record<string, unknown> | null>`${launchSessions.launch} -> 'custom'` })
    .from(launchSessions)
    .where(and(eq(launchSessions.contextId, contextId), eq(launchSessions.messageType, 'LtiResourceLinkRequest')));
  return rows.map((row) => (row.custom && typeof row.custom === 'object' ? row.custom : {}));
}

/** The resource ids of the gradebook columns we have recorded for a course. */
export async function listKnownResourceIds(db: Db, contextId: number): Promise<string[]> {
  const rows = await db.select({ resourceId: lineItems.resourceId }).from(lineItems).where(eq(lineItems.contextId, contextId));
  return rows.map((row) => row.resourceId);
}

/**
 * Whether the course met the tool before this session: its row is older than the session, or another
 * session of it is still recorded. The launch that creates a context writes both in one statement, so
 * their `created_at` (the transaction's time) are equal on a first contact.
 */
export async function courseSeenBefore(db: Db, handle: string): Promise<boolean> {
  const [row] = await db
    .select({
      older: sql<boolean>`${contexts.createdAt} < ${launchSessions.createdAt}`,
      others: sql<number>`(select count(*) from ${launchSessions} other where other.context_id = ${contexts.id} and other.handle <> ${handle})::int`,
    })
    .from(launchSessions)
    .innerJoin(contexts, eq(contexts.id, launchSessions.contextId))
    .where(eq(launchSessions.handle, handle));
  if (!row) return true;
  return Boolean(row.older) || Number(row.others) > 0;
}
