import { and, asc, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { evaluationAnswers, evaluationForms, evaluationQuestions, memberships, users, type AnswerValue } from './schema';

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
