// The year's work as the other parts would have left it, written straight into the tables so the gradebook
// can be read before grading, marking and progress pages exist: submissions, grades (through writeGrade, the
// one way a grade is written), sends in the outbox, attendance, gallery feedback and progress snapshots.
import { eq } from 'drizzle-orm';
import type { Db } from '../../lti-tool/db';
import { writeGrade } from '../../lti-tool/services/grading/grade-write';
import { insertOutboxRow } from '../../models/grades';
import type { GradeFields } from '../../models/grading';
import { attendance, galleryComments, galleryStations, galleryWalks, networks, progressSnapshots, submissions, submissionVersions, type GradeSendState, type GradeState } from '../../models/schema';

export async function networkOfContext(db: Db, contextId: number): Promise<number> {
  const [row] = await db.select({ id: networks.id }).from(networks).where(eq(networks.contextId, contextId));
  return row!.id;
}

export async function seedSubmission(db: Db, assignmentId: number, userId: number, state: 'draft' | 'final', late = false): Promise<number> {
  const [row] = await db
    .insert(submissions)
    .values({ assignmentId, userId, state, late, finalAt: state === 'final' ? new Date() : null })
    .onConflictDoUpdate({ target: [submissions.assignmentId, submissions.userId], set: { state, late } })
    .returning({ id: submissions.id });
  return row!.id;
}

export interface SeedGrade {
  networkId: number;
  contextId: number;
  assignmentId: number;
  userId: number;
  byUserId: number;
  state: GradeState;
  passed?: boolean | null;
  points?: number | null;
}

export async function seedGrade(db: Db, grade: SeedGrade): Promise<void> {
  const now = new Date();
  const fields: GradeFields = {
    state: grade.state,
    passed: grade.passed ?? null,
    points: grade.points ?? null,
    criteria: [],
    feedback: 'Bra arbete med nulägesbeskrivningen.',
    privateNotes: 'PRIVATE NOTE never shown in the gradebook',
    gradedByUserId: grade.state === 'inGrading' ? null : grade.byUserId,
    gradedAt: grade.state === 'inGrading' ? null : now,
    releasedAt: grade.state === 'released' ? now : null,
    releasedByUserId: grade.state === 'released' ? grade.byUserId : null,
  };
  await writeGrade(db, { networkId: grade.networkId, contextId: grade.contextId, assignmentId: grade.assignmentId, participantId: grade.userId, fields, action: grade.state === 'released' ? 'released' : 'saved', byUserId: grade.byUserId });
}

export async function seedSend(db: Db, send: { contextId: number; assignmentId: number; userId: number; state: GradeSendState; lastError?: string }): Promise<void> {
  await insertOutboxRow(db, {
    contextId: send.contextId,
    userId: send.userId,
    resourceId: `natverk-assignment-${send.assignmentId}`,
    label: 'Redovisning',
    scoreGiven: 1,
    scoreMaximum: 1,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    scoredAt: new Date(),
    state: send.state,
    attempts: send.state === 'pending' ? 0 : 1,
    lastError: send.lastError ?? null,
    sentAt: send.state === 'sent' ? new Date() : null,
  });
}

export async function seedAttendance(db: Db, meetingId: number, userId: number, how: 'checkedIn' | 'declined'): Promise<void> {
  await db.insert(attendance).values({ meetingId, userId, response: how === 'declined' ? 'no' : 'yes', checkedInAt: how === 'checkedIn' ? new Date() : null, checkedInBy: how === 'checkedIn' ? 'leader' : null });
}

/** A gallery walk with one station (the given final submission) and `count` comments by each author. */
export async function seedGalleryFeedback(db: Db, walk: { networkId: number; assignmentId: number; submissionId: number }, counts: Map<number, number>, hiddenFor: number[] = []): Promise<void> {
  const [walkRow] = await db.insert(galleryWalks).values({ networkId: walk.networkId, assignmentId: walk.assignmentId, title: 'Galleri' }).returning({ id: galleryWalks.id });
  const [station] = await db.insert(galleryStations).values({ walkId: walkRow!.id, number: 1, submissionId: walk.submissionId }).returning({ id: galleryStations.id });
  const [version] = await db
    .insert(submissionVersions)
    .values({ submissionId: walk.submissionId, number: 1, storedName: 'seed', originalName: 'a.pptx', format: 'pptx', mimeType: 'application/octet-stream', size: 1, sha256: 'seed' })
    .returning({ id: submissionVersions.id });
  const rows = [...counts].flatMap(([authorUserId, count]) =>
    Array.from({ length: count }, (_, index) => ({
      walkId: walkRow!.id,
      stationId: station!.id,
      versionId: version!.id,
      slide: 1,
      body: 'Tydlig nulägesbeskrivning',
      authorUserId,
      clientKey: `gradebook-${walkRow!.id}-${authorUserId}-${index}`,
      hiddenAt: hiddenFor.includes(authorUserId) ? new Date() : null,
    })),
  );
  if (rows.length) await db.insert(galleryComments).values(rows);
}

export async function seedProgress(db: Db, networkId: number, userId: number, share: number, complete: boolean): Promise<void> {
  // Grade writes already computed a snapshot from the real rule; this sets the one the test reads.
  const snapshot = { met: Math.round(share * 10), total: 10, share, complete };
  await db.insert(progressSnapshots).values({ networkId, userId, ...snapshot }).onConflictDoUpdate({ target: [progressSnapshots.networkId, progressSnapshots.userId], set: snapshot });
}
