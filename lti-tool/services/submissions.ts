import type { ReadStream } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../db';
import { AppError, forbidden, notFound } from '../errors';
import { canSeeRoster, type ToolRole } from '../lti/roles';
import { inspectFile } from '../files/file-formats';
import { safeFileName } from '../files/file-names';
import type { FileStore, ReceivedUpload } from '../files/file-store';
import { parsePptx } from '../presentations/pptx-parser';
import { parseOdp } from '../presentations/odp-parser';
import { convertersAvailable } from '../presentations/slide-renderer';
import { adviceFor, type Advice } from '../presentations/advice';
import type { PresentationContent } from '../../models/schema';
import type { AssignmentRow } from '../../models/assignments';
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
import type { MemberLaunch } from './year';

export interface SubmissionDeps {
  db: Db;
  files: FileStore;
}

const runsNetwork = (roles: readonly ToolRole[]) => canSeeRoster(roles);

function requireParticipant(launch: MemberLaunch): void {
  if (!launch.roles.includes('participant')) throw forbidden('only participants submit');
}

/**
 * A participant uploads a new version. Its content decides what it is; a .pptx or .odp is read (slides, notes,
 * sources) before it is kept, so a file we cannot read never becomes the current version. Slide images
 * follow from the background renderer.
 */
export async function uploadVersion(deps: SubmissionDeps, launch: MemberLaunch, assignmentId: number, upload: ReceivedUpload, now = new Date()): Promise<VersionRow> {
  let kept: string | undefined;
  try {
    requireParticipant(launch);
    const assignment = await assignmentOfLaunch(deps.db, launch, assignmentId, now);
    if (upload.size > assignment.maxBytes) throw new AppError(413, 'file_too_large', `${upload.size} > ${assignment.maxBytes}`);
    const inspected = await inspectFile(upload.tempPath, upload.originalName, assignment.acceptedFormats);
    if (inspected.format === 'ppt' && !(await convertersAvailable()).soffice) throw new AppError(415, 'legacy_ppt_unavailable', 'no LibreOffice');
    const content: PresentationContent | null =
      inspected.format === 'pptx' ? await parsePptx(upload.tempPath) : inspected.format === 'odp' ? await parseOdp(upload.tempPath) : null;
    kept = await deps.files.keep(upload);
    return await addVersion(
      deps.db,
      assignment.id,
      launch.user.id,
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

async function ownSubmission(db: Db, launch: MemberLaunch, assignment: AssignmentRow): Promise<SubmissionRow> {
  const submission = await findSubmission(db, assignment.id, launch.user.id);
  if (!submission) throw new AppError(422, 'submission_missing', `assignment ${assignment.id}`);
  return submission;
}

/** Final submission of the current version; after the due time it is accepted and marked late. */
export async function submitFinal(db: Db, launch: MemberLaunch, assignmentId: number, now = new Date()): Promise<void> {
  requireParticipant(launch);
  const assignment = await assignmentOfLaunch(db, launch, assignmentId, now);
  const submission = await ownSubmission(db, launch, assignment);
  const [current] = await listVersions(db, submission.id);
  if (!current) throw new AppError(422, 'submission_missing', `submission ${submission.id}`);
  if (assignment.notesRequired && current.content && !current.content.slides.some((slide) => slide.notes.trim())) {
    throw new AppError(422, 'notes_required', `version ${current.id}`);
  }
  await updateSubmission(db, submission.id, { state: 'final', finalAt: now, late: now > assignment.dueAt, updatedAt: now });
}

/** Withdrawal is possible until the due time; the versions are kept. */
export async function withdrawSubmission(db: Db, launch: MemberLaunch, assignmentId: number, now = new Date()): Promise<void> {
  requireParticipant(launch);
  const assignment = await assignmentOfLaunch(db, launch, assignmentId, now);
  if (now > assignment.dueAt) throw new AppError(422, 'withdraw_after_due', `assignment ${assignment.id}`);
  const submission = await ownSubmission(db, launch, assignment);
  await updateSubmission(db, submission.id, { state: 'withdrawn', finalAt: null, late: false, updatedAt: now });
}

export interface OwnSubmissionView {
  submission: SubmissionRow | undefined;
  versions: VersionRow[];
  current: VersionRow | undefined;
  advice: Advice[];
}

export async function ownSubmissionView(db: Db, launch: MemberLaunch, assignment: AssignmentRow): Promise<OwnSubmissionView> {
  const submission = await findSubmission(db, assignment.id, launch.user.id);
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
export async function viewableSubmission(db: Db, launch: MemberLaunch, assignmentId: number, submissionId: number, versionId?: number): Promise<ViewableSubmission> {
  const assignment = await assignmentOfLaunch(db, launch, assignmentId);
  const submission = await findSubmissionOfAssignment(db, assignment.id, submissionId);
  if (!submission) throw notFound(`submission ${submissionId} of assignment ${assignment.id}`);
  const isAuthor = submission.userId === launch.user.id;
  const staff = runsNetwork(launch.roles);
  const peer = !isAuthor && !staff && launch.roles.includes('participant');
  if (!isAuthor && !staff && !(peer && submission.state === 'final')) throw notFound(`submission ${submissionId} for this launch`);
  const version = versionId && (isAuthor || staff) ? await findVersion(db, submission.id, versionId) : (await listVersions(db, submission.id))[0];
  if (!version) throw notFound(`version of submission ${submissionId}`);
  return { assignment, submission, version, isAuthor, seesNotes: isAuthor || staff || assignment.peersSeeNotes, mayDownload: isAuthor || staff };
}

export async function openOriginal(deps: SubmissionDeps, launch: MemberLaunch, assignmentId: number, submissionId: number, versionId?: number): Promise<{ version: VersionRow; content: ReadStream }> {
  const viewable = await viewableSubmission(deps.db, launch, assignmentId, submissionId, versionId);
  if (!viewable.mayDownload) throw forbidden('peers do not download originals');
  return { version: viewable.version, content: await deps.files.open(viewable.version.storedName) };
}

export async function openSlideImage(deps: SubmissionDeps, launch: MemberLaunch, assignmentId: number, submissionId: number, versionId: number, slide: number): Promise<ReadStream> {
  const { version } = await viewableSubmission(deps.db, launch, assignmentId, submissionId, versionId);
  const storedName = version.slideImages[slide - 1];
  if (!storedName) throw notFound(`slide ${slide} of version ${version.id}`);
  return deps.files.open(storedName);
}

export const conversationSchema = z.object({ developmentArea: z.string().trim().min(1).max(5_000) });

/** Part A: the participant records the development area agreed with the school leader. */
export async function recordConversation(db: Db, launch: MemberLaunch, assignmentId: number, input: z.infer<typeof conversationSchema>, now = new Date()): Promise<void> {
  requireParticipant(launch);
  const assignment = await assignmentOfLaunch(db, launch, assignmentId, now);
  if (!assignment.leaderConversation) throw notFound(`assignment ${assignment.id} has no conversation`);
  await saveConversation(db, assignment.id, launch.user.id, input.developmentArea, now);
}

export const ownConversation = (db: Db, launch: MemberLaunch, assignment: AssignmentRow) => findConversation(db, assignment.id, launch.user.id);

/** School leaders (and those who run the network) read the recorded conversations; school leaders confirm them. */
export async function conversationsOf(db: Db, launch: MemberLaunch, assignment: AssignmentRow) {
  if (!launch.roles.includes('mentor') && !runsNetwork(launch.roles)) throw forbidden('school leaders and staff read conversations');
  return listConversations(db, assignment.id);
}

export async function confirmConversationAsSchoolLeader(db: Db, launch: MemberLaunch, assignmentId: number, conversationId: number, now = new Date()): Promise<void> {
  if (!launch.roles.includes('mentor')) throw forbidden('only school leaders confirm');
  const assignment = await assignmentOfLaunch(db, launch, assignmentId, now);
  if (!(await confirmConversation(db, conversationId, assignment.id, launch.user.id, now))) throw notFound(`conversation ${conversationId}`);
}
