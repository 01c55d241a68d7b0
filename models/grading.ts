import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { assignmentGrading, gradeHistory, grades, submissions, users, type GradeAction } from './schema';

export type AssignmentGradingRow = typeof assignmentGrading.$inferSelect;
export type GradeRow = typeof grades.$inferSelect;
export type GradeHistoryRow = typeof gradeHistory.$inferSelect;

export async function findAssignmentGrading(db: Db, assignmentId: number): Promise<AssignmentGradingRow | undefined> {
  const [row] = await db.select().from(assignmentGrading).where(eq(assignmentGrading.assignmentId, assignmentId));
  return row;
}

export async function findGrade(db: Db, assignmentId: number, userId: number): Promise<GradeRow | undefined> {
  const [row] = await db.select().from(grades).where(and(eq(grades.assignmentId, assignmentId), eq(grades.userId, userId)));
  return row;
}

/** The grade row locked for the rest of the transaction (null when there is none yet). */
export async function lockGrade(tx: Db, assignmentId: number, userId: number): Promise<GradeRow | undefined> {
  const [row] = await tx
    .select()
    .from(grades)
    .where(and(eq(grades.assignmentId, assignmentId), eq(grades.userId, userId)))
    .for('update');
  return row;
}

export type GradeFields = Pick<GradeRow, 'state' | 'passed' | 'points' | 'criteria' | 'feedback' | 'privateNotes' | 'gradedByUserId' | 'gradedAt' | 'releasedAt' | 'releasedByUserId'>;

/**
 * Writes the grade (insert, or update of the row the caller locked, bumping its version) and one history row
 * with what it became. Concurrent first saves are one row: the unique key makes the second an update.
 */
export async function upsertGrade(tx: Db, assignmentId: number, userId: number, fields: GradeFields, action: GradeAction, byUserId: number): Promise<GradeRow> {
  const now = new Date();
  const [row] = await tx
    .insert(grades)
    .values({ assignmentId, userId, ...fields, updatedAt: now })
    .onConflictDoUpdate({
      target: [grades.assignmentId, grades.userId],
      set: { ...fields, version: sql`${grades.version} + 1`, updatedAt: now },
    })
    .returning();
  await tx.insert(gradeHistory).values({
    gradeId: row!.id,
    action,
    state: row!.state,
    passed: row!.passed,
    points: row!.points,
    criteria: row!.criteria,
    feedback: row!.feedback,
    privateNotes: row!.privateNotes,
    byUserId,
    at: now,
  });
  return row!;
}

export type AssignmentGradingValues = Pick<AssignmentGradingRow, 'scale' | 'maxPoints' | 'passPoints' | 'criteria' | 'doubleMarking'>;

/** The leader's set-up of one assignment's grading, created or replaced. */
export async function saveAssignmentGrading(db: Db, assignmentId: number, values: AssignmentGradingValues): Promise<void> {
  const now = new Date();
  await db
    .insert(assignmentGrading)
    .values({ assignmentId, ...values, updatedAt: now })
    .onConflictDoUpdate({ target: assignmentGrading.assignmentId, set: { ...values, updatedAt: now } });
}

/** Every grade of an assignment (the grading list joins them to the participants). */
export async function listGradesOfAssignment(db: Db, assignmentId: number): Promise<GradeRow[]> {
  return db.select().from(grades).where(eq(grades.assignmentId, assignmentId));
}

const nameOf = (table: typeof users) => sql<string | null>`coalesce(nullif(trim(${table.name}), ''), nullif(trim(concat_ws(' ', ${table.givenName}, ${table.familyName})), ''))`;

/** A grade's changes, newest first, with the name of who made each. */
export async function listGradeHistory(db: Db, gradeId: number): Promise<Array<GradeHistoryRow & { byName: string | null }>> {
  const rows = await db
    .select({ history: gradeHistory, byName: nameOf(users) })
    .from(gradeHistory)
    .leftJoin(users, eq(users.id, gradeHistory.byUserId))
    .where(eq(gradeHistory.gradeId, gradeId))
    .orderBy(desc(gradeHistory.at), desc(gradeHistory.id));
  return rows.map((row) => ({ ...row.history, byName: row.byName }));
}

/** The display name of one person (who graded, who released). */
export async function findUserName(db: Db, userId: number): Promise<string | null> {
  const [row] = await db.select({ name: nameOf(users) }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}

/** What a participant did around their presentation: gallery feedback given and received per walk of the assignment, answers to feedback, group posts. */
export interface ParticipantActivityRows {
  walks: Array<{ walkId: number; title: string; given: number; received: number; answered: number }>;
  groupForums: Array<{ forumId: number; groupName: string; posts: number }>;
}

export async function participantActivity(db: Db, networkId: number, assignmentId: number, userId: number): Promise<ParticipantActivityRows> {
  const walks = await db.execute(sql`
    select w.id as "walkId", w.title,
           (select count(*)::int from gallery_comments c where c.walk_id = w.id and c.author_user_id = ${userId} and c.hidden_at is null) as given,
           (select count(*)::int from gallery_comments c join gallery_stations st on st.id = c.station_id join submissions s on s.id = st.submission_id
             where c.walk_id = w.id and s.user_id = ${userId} and c.hidden_at is null) as received,
           (select count(*)::int from gallery_comments c join gallery_stations st on st.id = c.station_id join submissions s on s.id = st.submission_id
             where c.walk_id = w.id and s.user_id = ${userId} and c.hidden_at is null and c.response is not null) as answered
      from gallery_walks w
     where w.network_id = ${networkId} and w.assignment_id = ${assignmentId}
     order by w.id`);
  const forumsRows = await db.execute(sql`
    select f.id as "forumId", g.name as "groupName",
           (select count(*)::int from forum_posts p join forum_threads th on th.id = p.thread_id
             where th.forum_id = f.id and p.author_id = ${userId} and p.deleted_at is null and p.private_to_user_id is null) as posts
      from conversation_group_members m
      join conversation_groups g on g.id = m.group_id
      join forums f on f.group_id = g.id
     where m.user_id = ${userId} and m.network_id = ${networkId}
     order by g.name`);
  return {
    walks: (walks as unknown as { rows: ParticipantActivityRows['walks'] }).rows,
    groupForums: (forumsRows as unknown as { rows: ParticipantActivityRows['groupForums'] }).rows,
  };
}

/** Whether the person handed in (or started) something for the assignment: someone who left the course stays gradable. */
export async function hasSubmission(db: Db, assignmentId: number, userId: number): Promise<boolean> {
  const [row] = await db.select({ id: submissions.id }).from(submissions).where(and(eq(submissions.assignmentId, assignmentId), eq(submissions.userId, userId)));
  return Boolean(row);
}

/**
 * The participant's notification that a grade was released: once per grade and release (the key holds the
 * release time, so hiding and releasing again tells them again). Returns the new notification's id, or null.
 */
export async function insertGradeReleasedNotification(db: Db, networkId: number, gradeId: number): Promise<number | null> {
  const result = (await db.execute(sql`
    insert into notifications (network_id, user_id, kind, assignment_id, dedupe_key)
    select ${networkId}, g.user_id, 'gradeReleased', g.assignment_id,
           'grade:' || g.id || ':released:' || to_char(g.released_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS')
      from grades g
     where g.id = ${gradeId} and g.state = 'released' and g.released_at is not null
    on conflict (user_id, dedupe_key) do nothing
    returning id`)) as unknown as { rows: Array<{ id: string | number }> };
  const row = result.rows[0];
  return row ? Number(row.id) : null;
}

/** Who has a finished grade (graded or released) on these assignments: their submissions no longer wait for grading. */
export async function listFinishedGrades(db: Db, assignmentIds: number[]): Promise<Array<{ assignmentId: number; userId: number }>> {
  if (!assignmentIds.length) return [];
  return db
    .select({ assignmentId: grades.assignmentId, userId: grades.userId })
    .from(grades)
    .where(and(inArray(grades.assignmentId, assignmentIds), inArray(grades.state, ['graded', 'released'])));
}
