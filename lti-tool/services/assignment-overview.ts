import type { Readable } from 'node:stream';
import yazl from 'yazl';
import type { Db } from '../db';
import { assertAllowed, type Actor } from '../policies';
import type { FileStore } from '../files/file-store';
import { fileFormats } from '../files/file-formats';
import type { AssignmentRow } from '../../models/assignments';
import { listActiveMembersWithRole } from '../../models/members';
import { listSubmissionsWithCurrent, type SubmissionRow, type SubmissionSummary } from '../../models/submissions';
import { listOutboxEntries, type OutboxEntry } from '../../models/grades';
import { assignmentResourceId } from './progress/line-items';
import { slidesNeedingNotes } from '../presentations/advice';
import { assignmentOfLaunch } from './assignments';

/** Where one person stands on one assignment: submitted (on time or late), drafting, withdrawn, or nothing yet. */
export type OverviewState = 'final' | 'late' | 'draft' | 'withdrawn' | 'missing';

export function submissionStateOf(submission: Pick<SubmissionRow, 'state' | 'late'> | undefined): OverviewState {
  if (!submission) return 'missing';
  if (submission.state === 'final') return submission.late ? 'late' : 'final';
  return submission.state;
}

export interface OverviewLine {
  userId: number;
  name: string | null;
  state: OverviewState;
  summary?: SubmissionSummary;
  slides: number | null;
  /** Share of the slides that should carry notes (as the advice counts them) that do, 0–1; null when the text was not read. */
  notesCoverage: number | null;
  citations: number | null;
  /** The newest score sent (or on its way) to the gradebook for this assignment. */
  grade?: OutboxEntry;
}

export interface AssignmentOverview {
  assignment: AssignmentRow;
  lines: OverviewLine[];
  counts: Record<OverviewState, number>;
}

const stateOf = (summary: SubmissionSummary | undefined): OverviewState => submissionStateOf(summary?.submission);

/** Per assignment, for those who run the network: who submitted, late, still drafting or missing, and how the notes and sources look. */
export async function assignmentOverview(db: Db, actor: Actor, assignmentId: number): Promise<AssignmentOverview> {
  assertAllowed(actor, 'assignment.overview');
  const assignment = await assignmentOfLaunch(db, actor, assignmentId);
  const launch = actor;
  const [summaries, participants, scores] = await Promise.all([
    listSubmissionsWithCurrent(db, assignment.id),
    launch.context ? listActiveMembersWithRole(db, launch.context.id, 'participant') : Promise.resolve([]),
    launch.context ? listOutboxEntries(db, launch.context.id) : Promise.resolve([]),
  ]);
  const resourceId = assignmentResourceId(assignment.id);
  // Newest first: the first score per person is the current one.
  const grades = new Map<number, OutboxEntry>();
  for (const entry of scores) if (entry.resourceId === resourceId && !grades.has(entry.userId)) grades.set(entry.userId, entry);
  const byUser = new Map(summaries.map((summary) => [summary.submission.userId, summary]));
  const people = [...participants.map((member) => ({ userId: member.userId, name: member.name }))];
  // Someone who submitted and has since left the course is still shown.
  for (const summary of summaries) if (!participants.some((member) => member.userId === summary.submission.userId)) people.push({ userId: summary.submission.userId, name: summary.name });
  const lines = people.map((person): OverviewLine => {
    const summary = byUser.get(person.userId);
    const visible = summary?.current.content?.slides.filter((slide) => !slide.hidden);
    const needNotes = summary?.current.content ? slidesNeedingNotes(summary.current.content.slides) : undefined;
    return {
      ...person,
      state: stateOf(summary),
      summary,
      slides: visible ? visible.length : summary?.current.slideImages.length || null,
      notesCoverage: needNotes?.length ? needNotes.filter((slide) => slide.noteWords > 0).length / needNotes.length : null,
      citations: summary?.current.content ? summary.current.content.citations.length : null,
      grade: grades.get(person.userId),
    };
  });
  const counts: Record<OverviewState, number> = { final: 0, late: 0, draft: 0, withdrawn: 0, missing: 0 };
  for (const line of lines) counts[line.state] += 1;
  return { assignment, lines, counts };
}

/** The current files of every submission that is not withdrawn, streamed as one zip (nothing is packed in memory). */
export function submissionsZip(files: FileStore, overview: AssignmentOverview): Readable {
  const zip = new yazl.ZipFile();
  const used = new Set<string>();
  for (const line of overview.lines) {
    if (!line.summary || line.state === 'withdrawn') continue;
    const version = line.summary.current;
    const extension = fileFormats[version.format].extensions[0];
    const base = `${overview.assignment.letter} - ${(line.name ?? `user-${line.userId}`).replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')}${line.state === 'draft' ? ' (draft)' : ''}`;
    let name = `${base}.${extension}`;
    for (let n = 2; used.has(name); n += 1) name = `${base} (${n}).${extension}`;
    used.add(name);
    zip.addFile(files.pathOf(version.storedName), name, { compress: false });
  }
  zip.end();
  return zip.outputStream as Readable;
}
