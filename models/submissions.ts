import { and, asc, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { leaderConversations, submissions, submissionVersions, users, type PresentationContent } from './schema';

export type SubmissionRow = typeof submissions.$inferSelect;
export type VersionRow = typeof submissionVersions.$inferSelect;
export type NewVersion = Omit<typeof submissionVersions.$inferInsert, 'submissionId' | 'number'>;
export type ConversationRow = typeof leaderConversations.$inferSelect;

export async function findSubmission(db: Db, assignmentId: number, userId: number): Promise<SubmissionRow | undefined> {
  const [row] = await db.select().from(submissions).where(and(eq(submissions.assignmentId, assignmentId), eq(submissions.userId, userId)));
  return row;
}

/** One person's submissions to the given assignments. */
export async function listOwnSubmissions(db: Db, userId: number, assignmentIds: number[]): Promise<SubmissionRow[]> {
  if (!assignmentIds.length) return [];
  return db.select().from(submissions).where(and(eq(submissions.userId, userId), inArray(submissions.assignmentId, assignmentIds)));
}

export async function findSubmissionOfAssignment(db: Db, assignmentId: number, submissionId: number): Promise<SubmissionRow | undefined> {
  const [row] = await db.select().from(submissions).where(and(eq(submissions.id, submissionId), eq(submissions.assignmentId, assignmentId)));
  return row;
}

/**
 * Adds a version to the participant's submission (made on the first upload) and makes it current: the
 * submission goes back to draft until it is submitted as final again. The submission row is locked so that
 * two uploads at once get numbers one after the other.
 */
export async function addVersion(db: Db, assignmentId: number, userId: number, version: NewVersion, at: Date): Promise<VersionRow> {
  return db.transaction(async (tx) => {
    await tx.insert(submissions).values({ assignmentId, userId, updatedAt: at }).onConflictDoNothing();
    const [submission] = await tx
      .select()
      .from(submissions)
      .where(and(eq(submissions.assignmentId, assignmentId), eq(submissions.userId, userId)))
      .for('update');
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${submissionVersions.number}), 0)::int + 1` })
      .from(submissionVersions)
      .where(eq(submissionVersions.submissionId, submission!.id))) as [{ next: number }];
    const [row] = await tx.insert(submissionVersions).values({ ...version, submissionId: submission!.id, number: next }).returning();
    await tx.update(submissions).set({ state: 'draft', finalAt: null, late: false, updatedAt: at }).where(eq(submissions.id, submission!.id));
    return row!;
  });
}

export async function listVersions(db: Db, submissionId: number): Promise<VersionRow[]> {
  return db.select().from(submissionVersions).where(eq(submissionVersions.submissionId, submissionId)).orderBy(desc(submissionVersions.number));
}

export async function findVersion(db: Db, submissionId: number, versionId: number): Promise<VersionRow | undefined> {
  const [row] = await db.select().from(submissionVersions).where(and(eq(submissionVersions.id, versionId), eq(submissionVersions.submissionId, submissionId)));
  return row;
}

export async function updateSubmission(db: Db, submissionId: number, changes: Partial<Pick<SubmissionRow, 'state' | 'finalAt' | 'late' | 'updatedAt'>>): Promise<void> {
  await db.update(submissions).set(changes).where(eq(submissions.id, submissionId));
}

export interface SubmissionSummary {
  submission: SubmissionRow;
  name: string | null;
  email: string | null;
  current: VersionRow;
  versionCount: number;
}

/** Every submission of an assignment with its current (newest) version and its author. */
export async function listSubmissionsWithCurrent(db: Db, assignmentId: number): Promise<SubmissionSummary[]> {
  const rows = await db
    .select({ submission: submissions, name: users.name, email: users.email, version: submissionVersions })
    .from(submissions)
    .innerJoin(users, eq(users.id, submissions.userId))
    .innerJoin(submissionVersions, eq(submissionVersions.submissionId, submissions.id))
    .where(eq(submissions.assignmentId, assignmentId))
    .orderBy(asc(users.name), asc(submissions.id), desc(submissionVersions.number));
  const summaries = new Map<number, SubmissionSummary>();
  for (const row of rows) {
    const summary = summaries.get(row.submission.id);
    if (summary) summary.versionCount += 1;
    else summaries.set(row.submission.id, { submission: row.submission, name: row.name, email: row.email, current: row.version, versionCount: 1 });
  }
  return [...summaries.values()];
}

/** Versions waiting for slide images, and ones whose renderer died holding them; SKIP LOCKED lets several workers share. */
export async function claimRenderJobs(db: Db, options: { now: Date; lockUntil: Date; limit: number }): Promise<VersionRow[]> {
  const due = db
    .select({ id: submissionVersions.id })
    .from(submissionVersions)
    .where(
      or(
        and(eq(submissionVersions.renderState, 'pending'), lte(submissionVersions.renderNextAt, options.now)),
        and(eq(submissionVersions.renderState, 'rendering'), lt(submissionVersions.renderLockedUntil, options.now)),
      ),
    )
    .orderBy(asc(submissionVersions.renderNextAt), asc(submissionVersions.id))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return db
    .update(submissionVersions)
    .set({ renderState: 'rendering', renderAttempts: sql`${submissionVersions.renderAttempts} + 1`, renderLockedUntil: options.lockUntil })
    .where(inArray(submissionVersions.id, due))
    .returning();
}

export type RenderOutcome =
  | { state: 'done'; slideImages: string[]; content?: PresentationContent }
  | { state: 'pending'; nextAt: Date; error: string }
  | { state: 'failed' | 'unavailable'; error: string };

/** Stores a render's outcome, unless the job was claimed again meanwhile (its attempts moved on). */
export async function recordRender(db: Db, claimed: Pick<VersionRow, 'id' | 'renderAttempts'>, outcome: RenderOutcome): Promise<boolean> {
  const changes =
    outcome.state === 'done'
      ? { renderState: outcome.state, slideImages: outcome.slideImages, renderError: null, renderLockedUntil: null, ...(outcome.content ? { content: outcome.content } : {}) }
      : outcome.state === 'pending'
        ? { renderState: outcome.state, renderNextAt: outcome.nextAt, renderError: outcome.error, renderLockedUntil: null }
        : { renderState: outcome.state, renderError: outcome.error, renderLockedUntil: null };
  const rows = await db
    .update(submissionVersions)
    .set(changes)
    .where(and(eq(submissionVersions.id, claimed.id), eq(submissionVersions.renderState, 'rendering'), eq(submissionVersions.renderAttempts, claimed.renderAttempts)))
    .returning({ id: submissionVersions.id });
  return rows.length === 1;
}

export async function saveConversation(db: Db, assignmentId: number, userId: number, developmentArea: string, at: Date): Promise<void> {
  await db
    .insert(leaderConversations)
    .values({ assignmentId, userId, developmentArea, recordedAt: at })
    .onConflictDoUpdate({
      target: [leaderConversations.assignmentId, leaderConversations.userId],
      // A changed text needs the school leader's confirmation again.
      set: { developmentArea, recordedAt: at, confirmedAt: null, confirmedByUserId: null },
    });
}

export async function findConversation(db: Db, assignmentId: number, userId: number): Promise<ConversationRow | undefined> {
  const [row] = await db.select().from(leaderConversations).where(and(eq(leaderConversations.assignmentId, assignmentId), eq(leaderConversations.userId, userId)));
  return row;
}

export async function listConversations(db: Db, assignmentId: number): Promise<Array<ConversationRow & { name: string | null }>> {
  const rows = await db
    .select({ conversation: leaderConversations, name: users.name })
    .from(leaderConversations)
    .innerJoin(users, eq(users.id, leaderConversations.userId))
    .where(eq(leaderConversations.assignmentId, assignmentId))
    .orderBy(asc(users.name));
  return rows.map((row) => ({ ...row.conversation, name: row.name }));
}

export async function confirmConversation(db: Db, conversationId: number, assignmentId: number, confirmedByUserId: number, at: Date): Promise<boolean> {
  const rows = await db
    .update(leaderConversations)
    .set({ confirmedAt: at, confirmedByUserId })
    .where(and(eq(leaderConversations.id, conversationId), eq(leaderConversations.assignmentId, assignmentId)))
    .returning({ id: leaderConversations.id });
  return rows.length === 1;
}

/** The state of every submission to the given assignments, in one query (for counting, not showing). */
export async function listSubmissionStates(db: Db, assignmentIds: number[]): Promise<Array<Pick<SubmissionRow, 'assignmentId' | 'userId' | 'state' | 'late'>>> {
  if (!assignmentIds.length) return [];
  return db
    .select({ assignmentId: submissions.assignmentId, userId: submissions.userId, state: submissions.state, late: submissions.late })
    .from(submissions)
    .where(inArray(submissions.assignmentId, assignmentIds));
}

/** One person's recorded conversations for the given assignments. */
export async function listOwnConversations(db: Db, userId: number, assignmentIds: number[]): Promise<ConversationRow[]> {
  if (!assignmentIds.length) return [];
  return db.select().from(leaderConversations).where(and(eq(leaderConversations.userId, userId), inArray(leaderConversations.assignmentId, assignmentIds)));
}
