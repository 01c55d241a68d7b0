import type { ReadStream } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../db';
import { notFound } from '../errors';
import { assertAllowed, authorize, isSchoolLeader, type Actor } from '../policies';
import { listResponsibleSchoolLeaders } from '../../models/people';
import { inspectFile, type FileFormat } from '../files/file-formats';
import { safeFileName } from '../files/file-names';
import type { FileStore, ReceivedUpload } from '../files/file-store';
import { documentKinds } from '../../models/schema';
import {
  deleteDocument,
  findDocumentOfMeeting,
  insertDocument,
  listDocuments,
  listRecipients,
  markPublished,
  recordRecipients,
  type DocumentRow,
  type Recipient,
} from '../../models/documents';
import { meetingInScope } from './scope';

export interface DocumentDeps {
  db: Db;
  files: FileStore;
}

export const documentFormats: readonly FileFormat[] = ['pdf', 'pptx', 'docx', 'xlsx', 'odt', 'odp', 'png', 'jpg'];
export const documentMaxBytes = 25 * 1024 * 1024;

export const documentFormSchema = z.object({
  kind: z.enum(documentKinds),
  title: z.string().trim().max(200).optional().transform((value) => value || undefined),
  publish: z.literal('on').optional().transform((value) => value === 'on'),
});
export type DocumentForm = z.infer<typeof documentFormSchema>;

/** Drafts are for the people who run the network; everyone else sees what has been published. */
const mayRead = (actor: Actor, document: Pick<DocumentRow, 'publishedAt'>) => authorize(actor, 'document.read', { published: document.publishedAt !== null });
const seesDrafts = (actor: Actor) => authorize(actor, 'document.read', { published: false });

/** A leader attaches a document to a meeting; the file is kept only when its content is one we accept. */
export async function attachDocument(deps: DocumentDeps, launch: Actor, meetingId: number, form: DocumentForm, upload: ReceivedUpload, now = new Date()): Promise<DocumentRow> {
  let kept: string | undefined;
  try {
    assertAllowed(launch, 'document.manage');
    const meeting = await meetingInScope(deps.db, launch, meetingId);
    const inspected = await inspectFile(upload.tempPath, upload.originalName, documentFormats);
    kept = await deps.files.keep(upload);
    const document = await insertDocument(deps.db, {
      meetingId: meeting.id,
      kind: form.kind,
      title: form.title ?? titleFromFileName(upload.originalName),
      storedName: kept,
      originalName: safeFileName(upload.originalName, inspected.extension),
      mimeType: inspected.mime,
      size: upload.size,
      sha256: upload.sha256,
      uploadedByUserId: launch.user.id,
      uploadedAt: now,
    });
    if (form.publish) await publish(deps.db, launch, document.id, now);
    return document;
  } catch (error) {
    if (kept) await deps.files.remove(kept);
    throw error;
  } finally {
    await deps.files.discard(upload.tempPath);
  }
}

export async function publishDocument(db: Db, launch: Actor, meetingId: number, documentId: number, now = new Date()): Promise<void> {
  assertAllowed(launch, 'document.manage');
  const meeting = await meetingInScope(db, launch, meetingId);
  const document = await findDocumentOfMeeting(db, meeting.id, documentId);
  if (!document) throw notFound(`document ${documentId} is not in meeting ${meetingId}`);
  await publish(db, launch, document.id, now);
}

/**
 * Published minutes go to the school leaders responsible for the network's schools at publishing: each is
 * recorded as informed, with the time. One who joins (or gets a school) later is recorded when they first
 * open the meeting page (informWhenRead).
 */
async function publish(db: Db, launch: Actor, documentId: number, now: Date): Promise<void> {
  const published = await markPublished(db, documentId, now);
  if (published?.kind !== 'minutes' || !launch.context || !launch.network) return;
  await recordRecipients(db, documentId, await listResponsibleSchoolLeaders(db, launch.context.id, launch.network.id), now);
}

/** A school leader with schools who reads the meeting's published minutes is informed of them now, once. */
async function informWhenRead(db: Db, launch: Actor, documents: DocumentRow[], now: Date): Promise<void> {
  if (!isSchoolLeader(launch) || !launch.context || !launch.network) return;
  const minutes = documents.filter((document) => document.kind === 'minutes' && document.publishedAt !== null);
  if (minutes.length === 0) return;
  const responsible = await listResponsibleSchoolLeaders(db, launch.context.id, launch.network.id);
  if (!responsible.includes(launch.user.id)) return;
  for (const document of minutes) await recordRecipients(db, document.id, [launch.user.id], now);
}

export async function removeDocument(deps: DocumentDeps, launch: Actor, meetingId: number, documentId: number): Promise<void> {
  assertAllowed(launch, 'document.manage');
  const meeting = await meetingInScope(deps.db, launch, meetingId);
  const document = await findDocumentOfMeeting(deps.db, meeting.id, documentId);
  if (!document) throw notFound(`document ${documentId} is not in meeting ${meetingId}`);
  await deleteDocument(deps.db, document.id);
  await deps.files.remove(document.storedName);
}

export interface DocumentView extends DocumentRow {
  recipients: Recipient[];
}

/** The meeting's documents as this person may see them: drafts and who was informed only for those who run the network. */
export async function documentsOfMeeting(db: Db, launch: Actor, meetingId: number): Promise<DocumentView[]> {
  const meeting = await meetingInScope(db, launch, meetingId);
  const all = await listDocuments(db, meeting.id);
  await informWhenRead(db, launch, all, new Date());
  if (!seesDrafts(launch)) return all.filter((document) => mayRead(launch, document)).map((document) => ({ ...document, recipients: [] }));
  const recipients = await listRecipients(db, all.map((document) => document.id));
  return all.map((document) => ({ ...document, recipients: recipients.filter((recipient) => recipient.documentId === document.id) }));
}

/** A document for download, only to members of the meeting's network, and drafts only to those who may see them. */
export async function openDocument(deps: DocumentDeps, launch: Actor, meetingId: number, documentId: number): Promise<{ document: DocumentRow; content: ReadStream }> {
  const meeting = await meetingInScope(deps.db, launch, meetingId);
  const document = await findDocumentOfMeeting(deps.db, meeting.id, documentId);
  if (!document || !mayRead(launch, document)) throw notFound(`document ${documentId} for this launch`);
  return { document, content: await deps.files.open(document.storedName) };
}

function titleFromFileName(name: string): string {
  const base = name.replace(/\.[^.]*$/, '').replace(/[_]+/g, ' ').trim();
  return (base || name).slice(0, 200);
}
