import { and, asc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../lti-tool/db';
import {
  assignmentGrading,
  assignments,
  attendance,
  completionExemptions,
  conversationGroupMembers,
  galleryComments,
  galleryStations,
  galleryWalks,
  gradeOutbox,
  grades,
  meetings,
  memberships,
  networks,
  progressSettings,
  progressSnapshots,
  submissions,
  users,
  type CompletionRule,
} from './schema';

export type ProgressSettingsRow = typeof progressSettings.$inferSelect;
export type ExemptionRow = typeof completionExemptions.$inferSelect;
export type SnapshotRow = typeof progressSnapshots.$inferSelect;
export type NewOutboxRow = typeof gradeOutbox.$inferInsert;

/** Who is asked about: some users, or every participant of the network. */
export type UserScope = readonly number[] | 'all';

const inScope = (column: AnyPgColumn, userIds: UserScope): SQL | undefined => (userIds === 'all' ? undefined : inArray(column, [...userIds]));

/** The network's course and language (scores are queued per course, labelled in the network's language). */
export async function findNetworkCourse(db: Db, networkId: number): Promise<{ contextId: number; language: string } | undefined> {
  const [row] = await db.select({ contextId: networks.contextId, language: networks.language }).from(networks).where(eq(networks.id, networkId));
  return row;
}

/** The active participants of the network among `userIds` (all of them for 'all'), with their names and schools. */
export async function listParticipants(db: Db, networkId: number, userIds: UserScope): Promise<Array<{ userId: number; name: string | null; schoolId: number | null }>> {
  if (userIds !== 'all' && userIds.length === 0) return [];
  return db
    .select({ userId: memberships.userId, name: users.name, schoolId: memberships.schoolId })
    .from(memberships)
    .innerJoin(networks, eq(networks.contextId, memberships.contextId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(networks.id, networkId), eq(memberships.status, 'active'), sql`'participant' = any(${memberships.roles})`, inScope(memberships.userId, userIds)))
    .orderBy(users.name, memberships.userId);
}

export async function findProgressSettings(db: Db, networkId: number): Promise<ProgressSettingsRow | undefined> {
  const [row] = await db.select().from(progressSettings).where(eq(progressSettings.networkId, networkId));
  return row;
}

export type SettingsFields = Pick<ProgressSettingsRow, 'rule' | 'schoolLeadersSeeGrades' | 'organiser' | 'hours' | 'signerName' | 'signerTitle'>;

export async function saveProgressSettings(db: Db, networkId: number, fields: SettingsFields, byUserId: number): Promise<void> {
  const values = { ...fields, updatedByUserId: byUserId, updatedAt: new Date() };
  await db.insert(progressSettings).values({ networkId, ...values }).onConflictDoUpdate({ target: progressSettings.networkId, set: values });
}

export async function listNetworkAssignments(db: Db, networkId: number) {
  return db
    .select({ id: assignments.id, networkId: assignments.networkId, letter: assignments.letter, title: assignments.title, dueAt: assignments.dueAt, guidingQuestions: assignments.guidingQuestions })
    .from(assignments)
    .where(eq(assignments.networkId, networkId))
    .orderBy(asc(assignments.letter));
}

export async function listNetworkMeetings(db: Db, networkId: number) {
  return db
    .select({ id: meetings.id, number: meetings.number, theme: meetings.theme, startsAt: meetings.startsAt })
    .from(meetings)
    .where(eq(meetings.networkId, networkId))
    .orderBy(asc(meetings.startsAt), asc(meetings.number));
}

/** Released grades of the network's assignments, with the scale the assignment is graded on (null fields: defaults). */
export async function listReleasedResults(db: Db, networkId: number, userIds: UserScope) {
  return db
    .select({
      assignmentId: grades.assignmentId,
      userId: grades.userId,
      passed: grades.passed,
      points: grades.points,
      scale: assignmentGrading.scale,
      maxPoints: assignmentGrading.maxPoints,
      passPoints: assignmentGrading.passPoints,
    })
    .from(grades)
    .innerJoin(assignments, eq(assignments.id, grades.assignmentId))
    .leftJoin(assignmentGrading, eq(assignmentGrading.assignmentId, grades.assignmentId))
    .where(and(eq(assignments.networkId, networkId), eq(grades.state, 'released'), inScope(grades.userId, userIds)));
}

/** Which meetings of the network each user was checked in at. */
export async function listCheckIns(db: Db, networkId: number, userIds: UserScope): Promise<Array<{ meetingId: number; userId: number }>> {
  return db
    .select({ meetingId: attendance.meetingId, userId: attendance.userId })
    .from(attendance)
    .innerJoin(meetings, eq(meetings.id, attendance.meetingId))
    .where(and(eq(meetings.networkId, networkId), isNotNull(attendance.checkedInAt), inScope(attendance.userId, userIds)));
}

/** Gallery-walk comments each user gave in the network, hidden ones not counted. */
export async function countCommentsGiven(db: Db, networkId: number, userIds: UserScope): Promise<Map<number, number>> {
  const rows = await db
    .select({ userId: galleryComments.authorUserId, count: sql<number>`count(*)::int` })
    .from(galleryComments)
    .innerJoin(galleryWalks, eq(galleryWalks.id, galleryComments.walkId))
    .where(and(eq(galleryWalks.networkId, networkId), isNull(galleryComments.hiddenAt), inScope(galleryComments.authorUserId, userIds)))
    .groupBy(galleryComments.authorUserId);
  return new Map(rows.map((row) => [row.userId, row.count]));
}

export async function listExemptions(db: Db, networkId: number, userIds: UserScope): Promise<ExemptionRow[]> {
  return db
    .select()
    .from(completionExemptions)
    .where(and(eq(completionExemptions.networkId, networkId), inScope(completionExemptions.userId, userIds)))
    .orderBy(asc(completionExemptions.grantedAt));
}

/** Adds (or gives a new reason to) an exemption. */
export async function saveExemption(db: Db, values: Pick<ExemptionRow, 'networkId' | 'userId' | 'requirement' | 'reason' | 'grantedByUserId'>): Promise<void> {
  await db
    .insert(completionExemptions)
    .values({ ...values, grantedAt: new Date() })
    .onConflictDoUpdate({
      target: [completionExemptions.networkId, completionExemptions.userId, completionExemptions.requirement],
      set: { reason: values.reason, grantedByUserId: values.grantedByUserId, grantedAt: new Date() },
    });
}

export async function deleteExemption(db: Db, networkId: number, userId: number, exemptionId: number): Promise<boolean> {
  const rows = await db
    .delete(completionExemptions)
    .where(and(eq(completionExemptions.id, exemptionId), eq(completionExemptions.networkId, networkId), eq(completionExemptions.userId, userId)))
    .returning({ id: completionExemptions.id });
  return rows.length === 1;
}

export async function listSnapshots(db: Db, networkId: number, userIds: UserScope): Promise<SnapshotRow[]> {
  return db.select().from(progressSnapshots).where(and(eq(progressSnapshots.networkId, networkId), inScope(progressSnapshots.userId, userIds)));
}

/** Stores every participant's computed progress in one statement; `queuedShare` is set only where given. */
export async function upsertSnapshots(db: Db, rows: Array<Omit<SnapshotRow, 'computedAt'>>): Promise<void> {
  if (rows.length === 0) return;
  const now = new Date();
  await db
    .insert(progressSnapshots)
    .values(rows.map((row) => ({ ...row, computedAt: now })))
    .onConflictDoUpdate({
      target: [progressSnapshots.networkId, progressSnapshots.userId],
      set: {
        met: sql`excluded.met`,
        total: sql`excluded.total`,
        share: sql`excluded.share`,
        complete: sql`excluded.complete`,
        queuedShare: sql`excluded.queued_share`,
        computedAt: sql`excluded.computed_at`,
      },
    });
}

/** Queues several scores in one statement (the rows are validated by the caller). */
export async function insertOutboxRows(db: Db, rows: NewOutboxRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db.insert(gradeOutbox).values(rows).returning({ id: gradeOutbox.id });
  return inserted.length;
}

export type { CompletionRule };

export async function findAssignmentOfNetwork(db: Db, networkId: number, assignmentId: number) {
  const [row] = await db
    .select({ id: assignments.id, letter: assignments.letter, title: assignments.title })
    .from(assignments)
    .where(and(eq(assignments.id, assignmentId), eq(assignments.networkId, networkId)));
  return row;
}

/** When each user's latest score for one of our columns was given (the newest queued, whatever its state). */
export async function latestScoredAt(db: Db, contextId: number, resourceId: string, userIds: readonly number[]): Promise<Map<number, Date>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: gradeOutbox.userId, at: sql<Date>`max(${gradeOutbox.scoredAt})` })
    .from(gradeOutbox)
    .where(and(eq(gradeOutbox.contextId, contextId), eq(gradeOutbox.resourceId, resourceId), inArray(gradeOutbox.userId, [...userIds])))
    .groupBy(gradeOutbox.userId);
  return new Map(rows.map((row) => [row.userId, new Date(row.at)]));
}

/** One participant's grades (every state; the service decides what the viewer may see). Private notes are never read here. */
export async function listGradesOf(db: Db, networkId: number, userId: number) {
  return db
    .select({
      assignmentId: grades.assignmentId,
      state: grades.state,
      passed: grades.passed,
      points: grades.points,
      criteria: grades.criteria,
      feedback: grades.feedback,
      gradedAt: grades.gradedAt,
      releasedAt: grades.releasedAt,
      scale: assignmentGrading.scale,
      maxPoints: assignmentGrading.maxPoints,
      passPoints: assignmentGrading.passPoints,
      criteriaSetUp: assignmentGrading.criteria,
    })
    .from(grades)
    .innerJoin(assignments, eq(assignments.id, grades.assignmentId))
    .leftJoin(assignmentGrading, eq(assignmentGrading.assignmentId, grades.assignmentId))
    .where(and(eq(assignments.networkId, networkId), eq(grades.userId, userId)));
}

/** The published walks that showed this person's presentation (or their group's), with the feedback it got (hidden not counted). */
export async function listFeedbackReceived(db: Db, networkId: number, userId: number): Promise<Array<{ walkId: number; stationId: number; title: string; comments: number }>> {
  return db
    .select({
      walkId: galleryWalks.id,
      stationId: galleryStations.id,
      title: galleryWalks.title,
      comments: sql<number>`(select count(*)::int from ${galleryComments} where ${galleryComments.stationId} = ${galleryStations.id} and ${galleryComments.hiddenAt} is null)`,
    })
    .from(galleryStations)
    .innerJoin(galleryWalks, eq(galleryWalks.id, galleryStations.walkId))
    .innerJoin(submissions, eq(submissions.id, galleryStations.submissionId))
    .where(
      and(
        eq(galleryWalks.networkId, networkId),
        isNotNull(galleryWalks.publishedAt),
        sql`(${submissions.userId} = ${userId} or exists (select 1 from ${conversationGroupMembers} where ${conversationGroupMembers.groupId} = ${galleryStations.groupId} and ${conversationGroupMembers.userId} = ${userId}))`,
      ),
    )
    .orderBy(asc(galleryWalks.id));
}
