import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import {
  assignmentGrading,
  assignments,
  attendance,
  conversationGroupMembers,
  conversationGroups,
  galleryComments,
  galleryWalks,
  meetings,
  memberships,
  progressSettings,
  progressSnapshots,
  schools,
  users,
  type GradeScale,
  type GradeSendState,
  type GradeState,
} from './schema';

/**
 * The gradebook's reads: each is one statement for the whole network (every participant at once), so the page
 * costs the same number of queries for 20 participants or 200, and none waits for another.
 */

export interface GradebookParticipant {
  userId: number;
  name: string | null;
  schoolId: number | null;
  schoolName: string | null;
}

/** The active participants of a course with their schools, by name (participants only: not staff, leaders or school leaders). */
export async function listGradebookParticipants(db: Db, contextId: number): Promise<GradebookParticipant[]> {
  return db
    .select({ userId: memberships.userId, name: users.name, schoolId: memberships.schoolId, schoolName: schools.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(schools, eq(schools.id, memberships.schoolId))
    .where(and(eq(memberships.contextId, contextId), eq(memberships.status, 'active'), sql`'participant' = any(${memberships.roles})`))
    .orderBy(asc(users.name), asc(memberships.userId));
}

/** The network's conversation groups (the filter's choices). */
export async function listConversationGroups(db: Db, networkId: number): Promise<Array<{ id: number; name: string }>> {
  return db
    .select({ id: conversationGroups.id, name: conversationGroups.name })
    .from(conversationGroups)
    .where(and(eq(conversationGroups.networkId, networkId), eq(conversationGroups.kind, 'conversation')))
    .orderBy(asc(conversationGroups.name));
}

/** Who is in one group of the network (nobody for a group of another network). */
export async function listGroupMemberIds(db: Db, networkId: number, groupId: number): Promise<number[]> {
  const rows = await db
    .select({ userId: conversationGroupMembers.userId })
    .from(conversationGroupMembers)
    .where(and(eq(conversationGroupMembers.groupId, groupId), eq(conversationGroupMembers.networkId, networkId)));
  return rows.map((row) => row.userId);
}

export interface GradebookSettings {
  schoolLeadersSeeGrades: boolean;
}

export async function findGradebookSettings(db: Db, networkId: number): Promise<GradebookSettings> {
  const [row] = await db.select({ schoolLeadersSeeGrades: progressSettings.schoolLeadersSeeGrades }).from(progressSettings).where(eq(progressSettings.networkId, networkId));
  return { schoolLeadersSeeGrades: row?.schoolLeadersSeeGrades ?? false };
}

export interface GradebookAssignment {
  id: number;
  letter: string;
  title: string;
  dueAt: Date;
  /** Null: not set up, the defaults apply (pass / complete again). */
  scale: GradeScale | null;
  maxPoints: number | null;
  passPoints: number | null;
}

/** The network's assignments in letter order, with how each is graded. */
export async function listGradebookAssignments(db: Db, networkId: number): Promise<GradebookAssignment[]> {
  return db
    .select({
      id: assignments.id,
      letter: assignments.letter,
      title: assignments.title,
      dueAt: assignments.dueAt,
      scale: assignmentGrading.scale,
      maxPoints: assignmentGrading.maxPoints,
      passPoints: assignmentGrading.passPoints,
    })
    .from(assignments)
    .leftJoin(assignmentGrading, eq(assignmentGrading.assignmentId, assignments.id))
    .where(eq(assignments.networkId, networkId))
    .orderBy(asc(assignments.letter));
}

export interface AssignmentCellRow {
  assignmentId: number;
  userId: number;
  submissionState: 'draft' | 'final' | 'withdrawn' | null;
  late: boolean;
  gradeState: GradeState | null;
  passed: boolean | null;
  points: number | null;
  sendState: GradeSendState | null;
  sendError: string | null;
}

/**
 * For every (assignment, person) of the network that has anything: the submission, the grade (never its notes),
 * and the latest send of the assignment's score to the platform (the newest outbox row of
 * `natverk-assignment-<id>`, the resource id services/grading gives the assignment's line item).
 * By network, not by person: the page picks its rows, and this way the query runs beside the participants' one.
 */
export async function listAssignmentCells(db: Db, contextId: number, networkId: number): Promise<AssignmentCellRow[]> {
  const result = (await db.execute(sql`
    with pairs as (
      select s.assignment_id, s.user_id from submissions s join assignments a on a.id = s.assignment_id and a.network_id = ${networkId}
      union
      select g.assignment_id, g.user_id from grades g join assignments a on a.id = g.assignment_id and a.network_id = ${networkId}
    ),
    sends as (
      select distinct on (o.user_id, o.resource_id) o.user_id, o.resource_id, o.state, o.last_error
      from grade_outbox o
      where o.context_id = ${contextId} and o.resource_id like 'natverk-assignment-%'
      order by o.user_id, o.resource_id, o.id desc
    )
    select p.assignment_id, p.user_id, s.state as submission_state, coalesce(s.late, false) as late,
      g.state as grade_state, g.passed, g.points, sends.state as send_state, sends.last_error as send_error
    from pairs p
    left join submissions s on s.assignment_id = p.assignment_id and s.user_id = p.user_id
    left join grades g on g.assignment_id = p.assignment_id and g.user_id = p.user_id
    left join sends on sends.user_id = p.user_id and sends.resource_id = 'natverk-assignment-' || p.assignment_id`)) as unknown as { rows: Array<Record<string, unknown>> };
  return result.rows.map((row) => ({
    assignmentId: Number(row.assignment_id),
    userId: Number(row.user_id),
    submissionState: (row.submission_state as AssignmentCellRow['submissionState']) ?? null,
    late: row.late === true,
    gradeState: (row.grade_state as GradeState | null) ?? null,
    passed: (row.passed as boolean | null) ?? null,
    points: row.points === null || row.points === undefined ? null : Number(row.points),
    sendState: (row.send_state as GradeSendState | null) ?? null,
    sendError: (row.send_error as string | null) ?? null,
  }));
}

export interface AttendanceCellRow {
  meetingId: number;
  userId: number;
  response: 'yes' | 'no' | null;
  checkedIn: boolean;
}

/** Every answer and check-in for the network's meetings. */
export async function listAttendanceCells(db: Db, networkId: number): Promise<AttendanceCellRow[]> {
  const rows = await db
    .select({ meetingId: attendance.meetingId, userId: attendance.userId, response: attendance.response, checkedIn: sql<boolean>`${attendance.checkedInAt} is not null` })
    .from(attendance)
    .innerJoin(meetings, eq(meetings.id, attendance.meetingId))
    .where(eq(meetings.networkId, networkId));
  return rows;
}

/** Gallery-walk feedback each participant gave in the network's walks (hidden comments do not count). */
export async function countGalleryFeedbackGiven(db: Db, networkId: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ userId: galleryComments.authorUserId, count: sql<number>`count(*)::int` })
    .from(galleryComments)
    .innerJoin(galleryWalks, eq(galleryWalks.id, galleryComments.walkId))
    .where(and(eq(galleryWalks.networkId, networkId), isNull(galleryComments.hiddenAt)))
    .groupBy(galleryComments.authorUserId);
  return new Map(rows.map((row) => [row.userId, Number(row.count)]));
}

export interface ProgressCellRow {
  userId: number;
  share: number;
  complete: boolean;
}

/** Each participant's progress as last computed (no row: not computed yet). */
export async function listProgressCells(db: Db, networkId: number): Promise<ProgressCellRow[]> {
  return db
    .select({ userId: progressSnapshots.userId, share: progressSnapshots.share, complete: progressSnapshots.complete })
    .from(progressSnapshots)
    .where(eq(progressSnapshots.networkId, networkId));
}
