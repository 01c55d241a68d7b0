import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { documentRecipients, meetingDocuments, users } from './schema';

export type DocumentRow = typeof meetingDocuments.$inferSelect;
export type NewDocument = typeof meetingDocuments.$inferInsert;

export async function insertDocument(db: Db, document: NewDocument): Promise<DocumentRow> {
  const [row] = await db.insert(meetingDocuments).values(document).returning();
  return row!;
}

export async function listDocuments(db: Db, meetingId: number): Promise<DocumentRow[]> {
  return db.select().from(meetingDocuments).where(eq(meetingDocuments.meetingId, meetingId)).orderBy(asc(meetingDocuments.uploadedAt), asc(meetingDocuments.id));
}

/** The document, only if it belongs to the meeting (which the caller has checked belongs to the launch's network). */
export async function findDocumentOfMeeting(db: Db, meetingId: number, documentId: number): Promise<DocumentRow | undefined> {
  const [row] = await db.select().from(meetingDocuments).where(and(eq(meetingDocuments.id, documentId), eq(meetingDocuments.meetingId, meetingId)));
  return row;
}

/** Publishes once: a second publish (a double click) changes nothing and returns undefined. */
export async function markPublished(db: Db, documentId: number, at: Date): Promise<DocumentRow | undefined> {
  const [row] = await db
    .update(meetingDocuments)
    .set({ publishedAt: at })
    .where(and(eq(meetingDocuments.id, documentId), isNull(meetingDocuments.publishedAt)))
    .returning();
  return row;
}

export async function deleteDocument(db: Db, documentId: number): Promise<void> {
  await db.delete(meetingDocuments).where(eq(meetingDocuments.id, documentId));
}

/** Records that these people were informed of the document at `at`; someone already recorded keeps the first time. */
export async function recordRecipients(db: Db, documentId: number, userIds: number[], at: Date): Promise<void> {
  if (!userIds.length) return;
  await db
    .insert(documentRecipients)
    .values(userIds.map((userId) => ({ documentId, userId, informedAt: at })))
    .onConflictDoNothing();
}

export interface Recipient {
  documentId: number;
  name: string | null;
  email: string | null;
  informedAt: Date;
}

export async function listRecipients(db: Db, documentIds: number[]): Promise<Recipient[]> {
  if (!documentIds.length) return [];
  return db
    .select({ documentId: documentRecipients.documentId, name: users.name, email: users.email, informedAt: documentRecipients.informedAt })
    .from(documentRecipients)
    .innerJoin(users, eq(users.id, documentRecipients.userId))
    .where(inArray(documentRecipients.documentId, documentIds))
    .orderBy(asc(users.name));
}

/** The documents of several meetings in one query, oldest first. */
export async function listDocumentsOfMeetings(db: Db, meetingIds: number[]): Promise<DocumentRow[]> {
  if (!meetingIds.length) return [];
  return db.select().from(meetingDocuments).where(inArray(meetingDocuments.meetingId, meetingIds)).orderBy(asc(meetingDocuments.uploadedAt), asc(meetingDocuments.id));
}
