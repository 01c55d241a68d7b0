import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { assignmentGrading, assignments, attendance, certificates, grades, meetings, progressSettings, users, type CertificateContent } from './schema';

export type CertificateRow = typeof certificates.$inferSelect;
export type AssignmentGradingRow = typeof assignmentGrading.$inferSelect;

/** Inserts a certificate; undefined when the code is taken or the participant already holds a valid one. */
export async function insertCertificate(
  db: Db,
  row: { networkId: number; userId: number; code: string; language: string; content: CertificateContent; issuedByUserId: number; issuedAt: Date },
): Promise<CertificateRow | undefined> {
  // Either unique index may refuse it (the code, or the participant's one valid certificate): the caller tells which.
  const [inserted] = await db.insert(certificates).values(row).onConflictDoNothing().returning();
  return inserted;
}

/** The certificate with this (normalised, dashed) code, valid or revoked. */
export async function findCertificateByCode(db: Db, code: string): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(certificates).where(eq(certificates.code, code));
  return row;
}

export async function findCertificateInNetwork(db: Db, networkId: number, certificateId: number): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(certificates).where(and(eq(certificates.networkId, networkId), eq(certificates.id, certificateId)));
  return row;
}

/** A participant's one valid (not revoked) certificate in the network, if any. */
export async function findValidCertificate(db: Db, networkId: number, userId: number): Promise<CertificateRow | undefined> {
  const [row] = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.networkId, networkId), eq(certificates.userId, userId), isNull(certificates.revokedAt)));
  return row;
}

/** Every certificate of the network (or of one participant), newest first. */
export async function listCertificates(db: Db, networkId: number, userId?: number): Promise<CertificateRow[]> {
  return db
    .select()
    .from(certificates)
    .where(and(eq(certificates.networkId, networkId), userId === undefined ? undefined : eq(certificates.userId, userId)))
    .orderBy(desc(certificates.issuedAt), desc(certificates.id));
}

/** Revokes a valid certificate; false when it was already revoked (or is not in the network). */
export async function revokeCertificateRow(db: Db, networkId: number, certificateId: number, reason: string, byUserId: number, at: Date): Promise<boolean> {
  const rows = await db
    .update(certificates)
    .set({ revokedAt: at, revokedByUserId: byUserId, revokedReason: reason })
    .where(and(eq(certificates.networkId, networkId), eq(certificates.id, certificateId), isNull(certificates.revokedAt)))
    .returning({ id: certificates.id });
  return rows.length > 0;
}

export async function findUserName(db: Db, userId: number): Promise<string | null> {
  const [row] = await db.select({ name: users.name, given: users.givenName, family: users.familyName }).from(users).where(eq(users.id, userId));
  if (!row) return null;
  return row.name?.trim() || [row.given, row.family].filter(Boolean).join(' ').trim() || null;
}

/** What the certificates say about the organiser and signer; undefined when the leader has not filled it in. */
export async function findCertificateSettings(db: Db, networkId: number) {
  const [row] = await db
    .select({ rule: progressSettings.rule, organiser: progressSettings.organiser, hours: progressSettings.hours, signerName: progressSettings.signerName, signerTitle: progressSettings.signerTitle })
    .from(progressSettings)
    .where(eq(progressSettings.networkId, networkId));
  return row;
}

/** The meetings the participant was checked in at, in order. */
export async function listAttendedMeetings(db: Db, networkId: number, userId: number) {
  return db
    .select({ number: meetings.number, theme: meetings.theme, startsAt: meetings.startsAt })
    .from(attendance)
    .innerJoin(meetings, eq(meetings.id, attendance.meetingId))
    .where(and(eq(meetings.networkId, networkId), eq(attendance.userId, userId), isNotNull(attendance.checkedInAt)))
    .orderBy(asc(meetings.startsAt), asc(meetings.number));
}

/** The participant's released grades with their assignment and its grading set-up (null: the defaults). */
export async function listReleasedGrades(db: Db, networkId: number, userId: number) {
  return db
    .select({
      letter: assignments.letter,
      title: assignments.title,
      assignmentId: assignments.id,
      passed: grades.passed,
      points: grades.points,
      setUp: assignmentGrading,
    })
    .from(grades)
    .innerJoin(assignments, eq(assignments.id, grades.assignmentId))
    .leftJoin(assignmentGrading, eq(assignmentGrading.assignmentId, assignments.id))
    .where(and(eq(assignments.networkId, networkId), eq(grades.userId, userId), eq(grades.state, 'released')))
    .orderBy(asc(assignments.letter));
}

/** Names of people by id (for lists of certificates). */
export async function userNamesOf(db: Db, userIds: number[]): Promise<Map<number, string | null>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, userIds));
  return new Map(rows.map((row) => [row.id, row.name]));
}
