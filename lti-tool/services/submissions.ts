import type { ReadStream } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../db';
import { AppError, forbidden, notFound } from '../errors';
import { assertAllowed, authorize, type Actor } from '../policies';
import { inspectFile } from '../files/file-formats';
import { safeFileName } from '../files/file-names';
import type { FileStore, ReceivedUpload } from '../files/file-store';
import { parsePptx } from '../presentations/pptx-parser';
import { parseOdp } from '../presentations/odp-parser';
import { convertersAvailable } from '../presentations/slide-renderer';
import { adviceFor, type Advice } from '../presentations/advice';
import { findCitations } from '../presentations/citations';
import type { PresentationContent } from '../../models/schema';
import { findAssignmentInNetwork, type AssignmentRow } from '../../models/assignments';
import {
  addVersion,
  confirmConversation,
  findConversation,
  findSubmission,
  findSubmissionOfAssignment,
  findVersion,
  listConversations,
  listSubmissionsWithCurrent,
  listVersions,
  saveConversation,
  updateSubmission,
  type SubmissionRow,
  type SubmissionSummary,
  type VersionRow,
} from '../../models/submissions';
import { assignmentOfLaunch } from './assignments';

export interface SubmissionDeps {
  db: Db;
  files: FileStore;
}

/**
 * A participant uploads a new version. Its content decides what it is; a .pptx or .odp is read (slides, notes,
 * sources) before it is kept, so a file we cannot read never becomes the current version. Slide images
 * follow from the background renderer.
 */
export async function uploadVersion(deps: SubmissionDeps, actor: Actor, assignmentId: number, upload: ReceivedUpload, now = new Date()): Promise<VersionRow> {
  let kept: string | undefined;
  try {
    assertAllowed(actor, 'submission.create');
    const assignment = await assignmentOfLaunch(deps.db, actor, assignmentId, now);
    if (upload.size > assignment.maxBytes) throw new AppError(413, 'file_too_large', `${upload.size} > ${assignment.maxBytes}`);
    const inspected = await inspectFile(upload.tempPath, upload.originalName, assignment.acceptedFormats);
    if (inspected.format === 'ppt' && !(await convertersAvailable()).soffice) throw new AppError(415, 'legacy_ppt_unavailable', 'no LibreOffice');
    const content: PresentationContent | null =
      inspected.format === 'pptx' ? await parsePptx(upload.tempPath) : inspected.format === 'odp' ? await parseOdp(upload.tempPath) : null;
    kept = await deps.files.keep(upload);
    return await addVersion(
      deps.db,
      assignment.id,
      actor.user.id,
      {
        storedName: kept,
        originalName: safeFileName(upload.originalName, inspected.extension, 'presentation'),
        format: inspected.format as VersionRow['format'],
        mimeType: inspected.mime,
        size: upload.size,
        sha256: upload.sha256,
        uploadedAt: now,
        content,
      },
      now,
    );
  } catch (error) {
    if (kept) await deps.files.remove(kept);
    throw error;
  } finally {
    await deps.files.discard(upload.tempPath);
  }
}

async function ownSubmission(db: Db, actor: Actor, assignment: AssignmentRow): Promise<SubmissionRow> {
  const submission = await findSubmission(db, assignment.id, actor.user.id);
  if (!submission) throw new AppError(422, 'submission_missing', `assignment ${assignment.id}`);
  return submission;
}

export type FinalBlocker = 'notes_required';

/**
 * What stops this version from being submitted as final, or null. The page says it before the click and
 * submitFinal refuses with it, so both read this one rule.
 */
export function finalBlockerOf(assignment: Pick<AssignmentRow, 'notesRequired'>, current: Pick<VersionRow, 'content'> | undefined): FinalBlocker | null {
  if (assignment.notesRequired && current?.content && !current.content.slides.some((slide) => slide.notes.trim())) return 'notes_required';
  return null;
}

/** Final submission of the current version; after the due time it is accepted and marked late. */
export async function submitFinal(db: Db, actor: Actor, assignmentId: number, now = new Date()): Promise<void> {
  assertAllowed(actor, 'submission.create');
  const assignment = await assignmentOfLaunch(db, actor, assignmentId, now);
  const submission = await ownSubmission(db, actor, assignment);
  const [current] = await listVersions(db, submission.id);
  if (!current) throw new AppError(422, 'submission_missing', `submission ${submission.id}`);
  const blocker = finalBlockerOf(assignment, current);
  if (blocker) throw new AppError(422, blocker, `version ${current.id}`);
  await updateSubmission(db, submission.id, { state: 'final', finalAt: now, late: now > assignment.dueAt, updatedAt: now });
}

/** Withdrawal is possible until the due time; the versions are kept. */
export async function withdrawSubmission(db: Db, actor: Actor, assignmentId: number, now = new Date()): Promise<void> {
  assertAllowed(actor, 'submission.create');
  const assignment = await assignmentOfLaunch(db, actor, assignmentId, now);
  if (!mayWithdraw(assignment, now)) throw new AppError(422, 'withdraw_after_due', `assignment ${assignment.id}`);
  const submission = await ownSubmission(db, actor, assignment);
  await updateSubmission(db, submission.id, { state: 'withdrawn', finalAt: null, late: false, updatedAt: now });
}

export interface OwnSubmissionView {
  submission: SubmissionRow | undefined;
  versions: VersionRow[];
  current: VersionRow | undefined;
  advice: Advice[];
}

export async function ownSubmissionView(db: Db, actor: Actor, assignment: AssignmentRow): Promise<OwnSubmissionView> {
  const submission = await findSubmission(db, assignment.id, actor.user.id);
  const versions = submission ? await listVersions(db, submission.id) : [];
  const current = versions[0];
  return { submission, versions, current, advice: current?.content ? adviceFor(current.content) : [] };
}

/** The others' final submissions, for the gallery walk. */
export async function galleryOf(db: Db, assignment: AssignmentRow, viewerId: number): Promise<SubmissionSummary[]> {
  const summaries = await listSubmissionsWithCurrent(db, assignment.id);
  return summaries.filter((summary) => summary.submission.state === 'final' && summary.submission.userId !== viewerId);
}

export interface ViewableSubmission {
  assignment: AssignmentRow;
  submission: SubmissionRow;
  version: VersionRow;
  isAuthor: boolean;
  seesNotes: boolean;
  mayDownload: boolean;
}

/**
 * Who may look at a submission: its author and those who run the network always, with the notes and the
 * original file; other participants (the gallery walk) only final submissions, with notes only when the
 * assignment lets peers read them, and never the original file.
 */
export async function viewableSubmission(db: Db, actor: Actor, assignmentId: number, submissionId: number, versionId?: number): Promise<ViewableSubmission> {
  const assignment = await assignmentOfLaunch(db, actor, assignmentId);
  const submission = await findSubmissionOfAssignment(db, assignment.id, submissionId);
  if (!submission) throw notFound(`submission ${submissionId} of assignment ${assignment.id}`);
  const authorId = submission.userId;
  if (!authorize(actor, 'submission.view', { authorId, final: submission.state === 'final' })) throw notFound(`submission ${submissionId} for this launch`);
  // Earlier versions are the author's drafts: only those who may download the original see them.
  const mayDownload = authorize(actor, 'submission.download', { authorId });
  const version = versionId && mayDownload ? await findVersion(db, submission.id, versionId) : (await listVersions(db, submission.id))[0];
  if (!version) throw notFound(`version of submission ${submissionId}`);
  const seesNotes = authorize(actor, 'submission.readNotes', { authorId, peersSeeNotes: assignment.peersSeeNotes });
  return { assignment, submission, version: seesNotes ? version : withoutNotes(version), isAuthor: authorId === actor.user.id, seesNotes, mayDownload };
}

/**
 * The version as someone who may not read the notes sees it: no notes, and no sources that were found only
 * in the notes (a URL or citation there is as private as the note itself).
 */
function withoutNotes(version: VersionRow): VersionRow {
  if (!version.content) return version;
  const slides = version.content.slides.map((slide) => ({ ...slide, notes: '' }));
  return { ...version, content: { ...version.content, slides, citations: findCitations(slides) } };
}

/** The largest upload this assignment takes, before anything is written; 1 byte for an id outside the actor's network. */
export async function uploadLimitFor(db: Db, actor: Actor, assignmentId: number): Promise<number> {
  const assignment = actor.network ? await findAssignmentInNetwork(db, actor.network.id, assignmentId) : undefined;
  return assignment?.maxBytes ?? 1;
}

/** Withdrawal is possible until the due time. */
export const mayWithdraw = (assignment: Pick<AssignmentRow, 'dueAt'>, now: Date) => now <= assignment.dueAt;

export async function openOriginal(deps: SubmissionDeps, actor: Actor, assignmentId: number, submissionId: number, versionId?: number): Promise<{ version: VersionRow; content: ReadStream }> {
  const viewable = await viewableSubmission(deps.db, actor, assignmentId, submissionId, versionId);
  if (!viewable.mayDownload) throw forbidden('peers do not download originals');
  return { version: viewable.version, content: await deps.files.open(viewable.version.storedName) };
}

export async function openSlideImage(deps: SubmissionDeps, actor: Actor, assignmentId: number, submissionId: number, versionId: number, slide: number): Promise<ReadStream> {
  const { version } = await viewableSubmission(deps.db, actor, assignmentId, submissionId, versionId);
  const storedName = version.slideImages[slide - 1];
  if (!storedName) throw notFound(`slide ${slide} of version ${version.id}`);
  return deps.files.open(storedName);
}

export const conversationSchema = z.object({ developmentArea: z.string().trim().min(1).max(5_000) });

/** Part A: the participant records the development area agreed with the school leader. */
export async function recordConversation(db: Db, actor: Actor, assignmentId: number, input: z.infer<typeof conversationSchema>, now = new Date()): Promise<void> {
  assertAllowed(actor, 'conversation.record');
  const assignment = await assignmentOfLaunch(db, actor, assignmentId, now);
  if (!assignment.leaderConversation) throw notFound(`assignment ${assignment.id} has no conversation`);
  await saveConversation(db, assignment.id, actor.user.id, input.developmentArea, now);
}

export const ownConversation = (db: Db, actor: Actor, assignment: AssignmentRow) => findConversation(db, assignment.id, actor.user.id);

/**
 * The recorded conversations this person may read: all of them for those who follow every participant, a
 * school leader's own teachers only (none until the school relation names them), and nothing for others.
 */
export async function conversationsOf(db: Db, actor: Actor, assignment: AssignmentRow) {
  const all = await listConversations(db, assignment.id);
  return all.filter((conversation) => authorize(actor, 'conversation.read', { participantId: conversation.userId }));
}

/** A school leader confirms the development area of one of their own teachers. */
export async function confirmConversationAsSchoolLeader(db: Db, actor: Actor, assignmentId: number, conversationId: number, now = new Date()): Promise<void> {
  const assignment = await assignmentOfLaunch(db, actor, assignmentId, now);
  const conversation = (await listConversations(db, assignment.id)).find((candidate) => candidate.id === conversationId);
  if (!conversation) throw notFound(`conversation ${conversationId}`);
  assertAllowed(actor, 'conversation.confirm', { participantId: conversation.userId });
  if (!(await confirmConversation(db, conversationId, assignment.id, actor.user.id, now))) throw notFound(`conversation ${conversationId}`);
}
