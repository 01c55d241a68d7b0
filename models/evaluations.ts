import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { evaluationAnswers, evaluationForms, evaluationQuestions, memberships, networks, users, type AnswerValue } from './schema';

export type FormRow = typeof evaluationForms.$inferSelect;
export type NewForm = typeof evaluationForms.$inferInsert;
export type QuestionRow = typeof evaluationQuestions.$inferSelect;
export type NewQuestion = typeof evaluationQuestions.$inferInsert;
export type AnswerRow = typeof evaluationAnswers.$inferSelect;

export async function findFormInNetwork(db: Db, networkId: number, formId: number): Promise<FormRow | undefined> {
  const [row] = await db.select().from(evaluationForms).where(and(eq(evaluationForms.id, formId), eq(evaluationForms.networkId, networkId)));
  return row;
}

export async function listFormsOfNetwork(db: Db, networkId: number): Promise<FormRow[]> {
  return db.select().from(evaluationForms).where(eq(evaluationForms.networkId, networkId)).orderBy(asc(evaluationForms.opensAt), asc(evaluationForms.id));
}

export async function listQuestions(db: Db, formId: number): Promise<QuestionRow[]> {
  return db.select().from(evaluationQuestions).where(eq(evaluationQuestions.formId, formId)).orderBy(asc(evaluationQuestions.position), asc(evaluationQuestions.id));
}

/** The questions of several forms at once (comparisons, reports), by form. */
export async function listQuestionsOfForms(db: Db, formIds: number[]): Promise<QuestionRow[]> {
  if (formIds.length === 0) return [];
  return db.select().from(evaluationQuestions).where(inArray(evaluationQuestions.formId, formIds)).orderBy(asc(evaluationQuestions.formId), asc(evaluationQuestions.position), asc(evaluationQuestions.id));
}

export async function findAnswer(db: Db, formId: number, key: string): Promise<AnswerRow | undefined> {
  const [row] = await db.select().from(evaluationAnswers).where(and(eq(evaluationAnswers.key, key), eq(evaluationAnswers.formId, formId)));
  return row;
}

/** What results are made of: the submitted answers of a form, with the school they were given from (if kept). */
export async function listSubmittedAnswers(db: Db, formId: number): Promise<Array<{ schoolId: number | null; userId: number | null; values: Record<string, AnswerValue> }>> {
  return db
    .select({ schoolId: evaluationAnswers.schoolId, userId: evaluationAnswers.userId, values: evaluationAnswers.values })
    .from(evaluationAnswers)
    .where(and(eq(evaluationAnswers.formId, formId), eq(evaluationAnswers.submitted, true)));
}

export async function countSubmittedAnswers(db: Db, formIds: number[]): Promise<Map<number, number>> {
  if (formIds.length === 0) return new Map();
  const rows = await db
    .select({ formId: evaluationAnswers.formId, count: sql<number>`count(*)::int` })
    .from(evaluationAnswers)
    .where(and(inArray(evaluationAnswers.formId, formIds), eq(evaluationAnswers.submitted, true)))
    .groupBy(evaluationAnswers.formId);
  return new Map(rows.map((row) => [row.formId, row.count]));
}

/** The answers with these keys (any forms), half-filled or submitted: a person's own answers, found in one query. */
export async function listAnswerStates(db: Db, keys: string[]): Promise<Map<string, { submitted: boolean }>> {
  if (keys.length === 0) return new Map();
  const rows = await db.select({ key: evaluationAnswers.key, submitted: evaluationAnswers.submitted }).from(evaluationAnswers).where(inArray(evaluationAnswers.key, keys));
  return new Map(rows.map((row) => [row.key, { submitted: row.submitted }]));
}

/** Which of these answer keys have a submitted answer to the form (who has answered: see services/evaluations/respondents.ts). */
export async function listSubmittedKeys(db: Db, formId: number, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ key: evaluationAnswers.key })
    .from(evaluationAnswers)
    .where(and(eq(evaluationAnswers.formId, formId), eq(evaluationAnswers.submitted, true), inArray(evaluationAnswers.key, keys)));
  return new Set(rows.map((row) => row.key));
}

/** The active participants of a course and their schools: who is asked to answer. */
export async function listParticipantsWithSchools(db: Db, contextId: number): Promise<Array<{ userId: number; name: string | null; email: string | null; schoolId: number | null }>> {
  return db
    .select({ userId: memberships.userId, name: users.name, email: users.email, schoolId: memberships.schoolId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.contextId, contextId), eq(memberships.status, 'active'), sql`'participant' = any(${memberships.roles})`))
    .orderBy(users.name);
}

export async function insertForm(db: Db, form: NewForm): Promise<FormRow> {
  const [row] = await db.insert(evaluationForms).values(form).returning();
  return row!;
}

export async function insertQuestions(db: Db, questions: NewQuestion[]): Promise<QuestionRow[]> {
  if (questions.length === 0) return [];
  return db.insert(evaluationQuestions).values(questions).returning();
}

// ---- A: forms

export async function updateForm(db: Db, formId: number, changes: Partial<NewForm>): Promise<FormRow | undefined> {
  const [row] = await db.update(evaluationForms).set({ ...changes, updatedAt: new Date() }).where(eq(evaluationForms.id, formId)).returning();
  return row;
}

export async function deleteForm(db: Db, formId: number): Promise<void> {
  await db.delete(evaluationForms).where(eq(evaluationForms.id, formId));
}

/** Every answer row of a form, half-filled ones too: once there is one, the questions' shape is locked. */
export async function countAllAnswers(db: Db, formId: number): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(evaluationAnswers).where(eq(evaluationAnswers.formId, formId));
  return row?.count ?? 0;
}

export async function findQuestion(db: Db, formId: number, questionId: number): Promise<QuestionRow | undefined> {
  const [row] = await db.select().from(evaluationQuestions).where(and(eq(evaluationQuestions.id, questionId), eq(evaluationQuestions.formId, formId)));
  return row;
}

export async function updateQuestion(db: Db, questionId: number, changes: Partial<NewQuestion>): Promise<void> {
  await db.update(evaluationQuestions).set(changes).where(eq(evaluationQuestions.id, questionId));
}

export async function deleteQuestion(db: Db, questionId: number): Promise<void> {
  await db.delete(evaluationQuestions).where(eq(evaluationQuestions.id, questionId));
}

/** The day evaluations already made for these meetings: making them again skips these. */
export async function listDayEvaluationMeetings(db: Db, networkId: number): Promise<Set<number>> {
  const rows = await db
    .select({ meetingId: evaluationForms.meetingId })
    .from(evaluationForms)
    .where(and(eq(evaluationForms.networkId, networkId), eq(evaluationForms.kind, 'dayEvaluation')));
  return new Set(rows.flatMap((row) => (row.meetingId === null ? [] : [row.meetingId])));
}

/** The forms that follow a meeting's time ('meeting' timing). */
export async function listFormsFollowingMeeting(db: Db, meetingId: number): Promise<FormRow[]> {
  return db.select().from(evaluationForms).where(and(eq(evaluationForms.meetingId, meetingId), eq(evaluationForms.timing, 'meeting')));
}

/**
 * Holds, until the transaction ends, the right to make a network's day evaluations: two leaders clicking "make"
 * at once would otherwise both see a meeting without one and make two (the table has no unique index on it).
 */
export async function lockDayEvaluationsOf(db: Db, networkId: number): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${0x6576616c}::int, ${networkId}::int)`);
}

// ---- C: results

/** The submitted answers of several forms at once (comparisons across meetings and years), by form. */
export async function listSubmittedAnswersOfForms(db: Db, formIds: number[]): Promise<Array<{ formId: number; schoolId: number | null; values: Record<string, AnswerValue> }>> {
  if (formIds.length === 0) return [];
  return db
    .select({ formId: evaluationAnswers.formId, schoolId: evaluationAnswers.schoolId, values: evaluationAnswers.values })
    .from(evaluationAnswers)
    .where(and(inArray(evaluationAnswers.formId, formIds), eq(evaluationAnswers.submitted, true)));
}

/**
 * One person's submitted answer to a named form: found by its key and, to be sure the key was made for them, by the
 * person stored with it. An anonymous answer has no person and is never found here.
 */
export async function findSubmittedNamedAnswer(db: Db, formId: number, key: string, userId: number): Promise<AnswerRow | undefined> {
  const [row] = await db
    .select()
    .from(evaluationAnswers)
    .where(and(eq(evaluationAnswers.key, key), eq(evaluationAnswers.formId, formId), eq(evaluationAnswers.userId, userId), eq(evaluationAnswers.submitted, true)));
  return row;
}

// ---- D: reports

/**
 * The submitted answers' keys of every published form of a network, with their form: who has answered is found by
 * re-deriving each person's key (services/evaluations/answered-forms.ts). One query for all the forms; a key says
 * nothing about its person without the key file in the data folder.
 */
export async function listSubmittedKeysOfNetwork(db: Db, networkId: number): Promise<Array<{ formId: number; key: string }>> {
  return db
    .select({ formId: evaluationAnswers.formId, key: evaluationAnswers.key })
    .from(evaluationAnswers)
    .innerJoin(evaluationForms, eq(evaluationForms.id, evaluationAnswers.formId))
    .where(and(eq(evaluationForms.networkId, networkId), eq(evaluationAnswers.submitted, true), isNotNull(evaluationForms.publishedAt)));
}

/** The published forms of a network, in the order the list shows them. */
export async function listPublishedForms(db: Db, networkId: number): Promise<FormRow[]> {
  return db
    .select()
    .from(evaluationForms)
    .where(and(eq(evaluationForms.networkId, networkId), isNotNull(evaluationForms.publishedAt)))
    .orderBy(asc(evaluationForms.opensAt), asc(evaluationForms.id));
}

/** The networks with a published form that closed in this window (the progress job recomputes them once). */
export async function listNetworksWithFormsClosedBetween(db: Db, from: Date, to: Date): Promise<number[]> {
  const rows = await db
    .selectDistinct({ networkId: evaluationForms.networkId })
    .from(evaluationForms)
    .where(and(isNotNull(evaluationForms.publishedAt), gt(evaluationForms.closesAt, from), lte(evaluationForms.closesAt, to)));
  return rows.map((row) => row.networkId);
}

// ---- B: answers

/**
 * Serialises the writes of one form's answers until the transaction ends: an anonymous form's rows are laid
 * down again in key order by each write (see rewriteAnonymousAnswers), which must not interleave.
 */
export async function lockFormAnswers(tx: Db, formId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${answerLockSpace}, ${formId})`);
}
const answerLockSpace = 1013;

/** A first answer; undefined when one with this key was written meanwhile (another device of the same person). */
export async function insertAnswer(db: Db, row: typeof evaluationAnswers.$inferInsert): Promise<AnswerRow | undefined> {
  const [inserted] = await db.insert(evaluationAnswers).values(row).onConflictDoNothing({ target: evaluationAnswers.key }).returning();
  return inserted;
}

/** Changes an answer only when it is still at the version its page showed; undefined otherwise. */
export async function updateAnswerAtVersion(
  db: Db,
  key: string,
  version: number,
  change: Pick<AnswerRow, 'values' | 'submitted' | 'schoolId' | 'submittedAt' | 'userId'>,
): Promise<AnswerRow | undefined> {
  const [updated] = await db
    .update(evaluationAnswers)
    .set({ ...change, version: sql`${evaluationAnswers.version} + 1` })
    .where(and(eq(evaluationAnswers.key, key), eq(evaluationAnswers.version, version)))
    .returning();
  return updated;
}

/**
 * Writes all of an anonymous form's answers again, in the order of their keys (HMACs: a random order), in this
 * transaction: afterwards neither their place in the table nor their transaction ids (xmin) tell in which order,
 * or in whose request, they were written. Runs under lockFormAnswers.
 */
export async function rewriteAnonymousAnswers(tx: Db, formId: number): Promise<void> {
  // One statement: the rows never leave the server, and a row deleted by this very statement frees its key.
  await tx.execute(sql`
    with gone as (delete from evaluation_answers where form_id = ${formId} returning *)
    insert into evaluation_answers select * from gone order by key`);
}

/**
 * A member's school in this course and how many active participants it has: a school below the threshold is not
 * stored on anonymous answers. One statement, as it is asked on every answer sent.
 */
export async function findSchoolWithSize(db: Db, contextId: number, userId: number): Promise<{ schoolId: number | null; participants: number }> {
  const result = await db.execute(sql`
    select m.school_id as "schoolId",
           (select count(*)::int from memberships o
             where o.context_id = m.context_id and o.school_id = m.school_id and o.status = 'active' and 'participant' = any(o.roles)) as participants
      from memberships m
     where m.context_id = ${contextId} and m.user_id = ${userId}`);
  const [row] = (result as unknown as { rows: Array<{ schoolId: number | null; participants: number }> }).rows;
  return { schoolId: row?.schoolId ?? null, participants: Number(row?.participants ?? 0) };
}

/** Published forms of these networks that are open at `now` and close within `until`: the day-before reminder. */
export async function listFormsClosingBetween(db: Db, now: Date, until: Date): Promise<Array<FormRow & { contextId: number }>> {
  const rows = await db
    .select({ form: evaluationForms, contextId: networks.contextId })
    .from(evaluationForms)
    .innerJoin(networks, eq(networks.id, evaluationForms.networkId))
    .where(
      and(
        isNotNull(evaluationForms.publishedAt),
        or(isNull(evaluationForms.opensAt), lte(evaluationForms.opensAt, now)),
        gt(evaluationForms.closesAt, now),
        lte(evaluationForms.closesAt, until),
      ),
    );
  return rows.map((row) => ({ ...row.form, contextId: row.contextId }));
}

/** The course a published form belongs to, for the public QR page; undefined for a draft or an unknown id. */
export async function findPublishedFormContext(db: Db, formId: number): Promise<number | undefined> {
  const [row] = await db
    .select({ contextId: networks.contextId })
    .from(evaluationForms)
    .innerJoin(networks, eq(networks.id, evaluationForms.networkId))
    .where(and(eq(evaluationForms.id, formId), isNotNull(evaluationForms.publishedAt)));
  return row?.contextId;
}

/** A network's published forms not closed at `now` (open or not yet opened): candidates for a participant's Start. */
export async function listPublishedFormsNotClosed(db: Db, networkId: number, now: Date): Promise<FormRow[]> {
  return db
    .select()
    .from(evaluationForms)
    .where(and(eq(evaluationForms.networkId, networkId), isNotNull(evaluationForms.publishedAt), or(isNull(evaluationForms.closesAt), gt(evaluationForms.closesAt, now))))
    .orderBy(asc(evaluationForms.closesAt), asc(evaluationForms.id));
}
