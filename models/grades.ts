import { and, asc, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { gradeOutbox, gradeSendStates, lineItems, users, type GradeSendState } from './schema';

export { gradeSendStates, type GradeSendState };
export type OutboxRow = typeof gradeOutbox.$inferSelect;
export type NewOutboxRow = typeof gradeOutbox.$inferInsert;
export type LineItemRow = typeof lineItems.$inferSelect;

// ---- Grade-send states: pending → sending → sent | pending (retry later) | failed -------------------

export type GradeSendEvent =
  /** A worker takes a due row, or takes back one whose worker died while sending. */
  | { type: 'claim' }
  | { type: 'delivered' }
  | { type: 'error'; retryable: boolean; attempts: number; maxAttempts: number }
  /** Someone asks to send a failed score again. */
  | { type: 'requeue' };

export class InvalidGradeTransition extends Error {
  constructor(
    readonly from: GradeSendState,
    readonly event: GradeSendEvent['type'],
  ) {
    super(`grade send: no transition from ${from} on ${event}`);
  }
}

/** The one rule for how a score's send state moves. */
export function nextGradeSendState(from: GradeSendState, event: GradeSendEvent): GradeSendState {
  switch (event.type) {
    case 'claim':
      // 'sending' again only once its lock ran out: the worker holding it crashed or hung.
      if (from === 'pending' || from === 'sending') return 'sending';
      break;
    case 'delivered':
      if (from === 'sending') return 'sent';
      break;
    case 'error':
      if (from === 'sending') return event.retryable && event.attempts < event.maxAttempts ? 'pending' : 'failed';
      break;
    case 'requeue':
      if (from === 'failed') return 'pending';
      break;
  }
  throw new InvalidGradeTransition(from, event.type);
}

export const gradeRetryPolicy = {
  maxAttempts: 12,
  baseDelayMs: 5_000,
  maxDelayMs: 60 * 60_000,
} as const;

/** 5 s · 2^(attempts−1), capped at an hour, then between half and all of that so workers spread out. */
export function retryDelayMs(attempts: number, random: () => number = Math.random, policy = gradeRetryPolicy): number {
  const exponent = Math.max(0, attempts - 1);
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
  return Math.round(capped / 2 + (capped / 2) * Math.min(1, Math.max(0, random())));
}

export type SendOutcome =
  | { ok: true; note?: string }
  | { ok: false; retryable: boolean; message: string; retryAfterMs?: number };

export interface AttemptResult {
  state: GradeSendState;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  lockedUntil: null;
}

/** What to store after one send attempt of a row in 'sending' (its `attempts` already counts this one). */
export function resultOfAttempt(
  row: Pick<OutboxRow, 'state' | 'attempts' | 'nextAttemptAt'>,
  outcome: SendOutcome,
  now: Date,
  options: { random?: () => number; maxAttempts?: number } = {},
): AttemptResult {
  if (outcome.ok) {
    const state = nextGradeSendState(row.state, { type: 'delivered' });
    return { state, nextAttemptAt: row.nextAttemptAt, lastError: outcome.note ?? null, sentAt: now, lockedUntil: null };
  }
  const maxAttempts = options.maxAttempts ?? gradeRetryPolicy.maxAttempts;
  const state = nextGradeSendState(row.state, { type: 'error', retryable: outcome.retryable, attempts: row.attempts, maxAttempts });
  const delay = Math.max(retryDelayMs(row.attempts, options.random), outcome.retryAfterMs ?? 0);
  return {
    state,
    nextAttemptAt: state === 'pending' ? new Date(now.getTime() + delay) : row.nextAttemptAt,
    lastError: outcome.message.slice(0, 1000),
    sentAt: null,
    lockedUntil: null,
  };
}

// ---- Queries ---------------------------------------------------------------------------------------

export async function insertOutboxRow(db: Db, values: NewOutboxRow): Promise<OutboxRow> {
  const [row] = await db.insert(gradeOutbox).values(values).returning();
  if (!row) throw new Error('grade outbox insert returned nothing');
  return row;
}

/**
 * Takes up to `limit` due rows in one statement: pending rows whose time has come, and rows left in
 * 'sending' past their lock (a worker crashed mid-send). SKIP LOCKED lets several workers share the table.
 */
export async function claimDueScores(db: Db, options: { now: Date; lockUntil: Date; limit: number }): Promise<OutboxRow[]> {
  const due = db
    .select({ id: gradeOutbox.id })
    .from(gradeOutbox)
    .where(
      or(
        and(eq(gradeOutbox.state, 'pending'), lte(gradeOutbox.nextAttemptAt, options.now)),
        and(eq(gradeOutbox.state, 'sending'), lt(gradeOutbox.lockedUntil, options.now)),
      ),
    )
    .orderBy(asc(gradeOutbox.nextAttemptAt), asc(gradeOutbox.id))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(gradeOutbox)
    .set({ state: nextGradeSendState('pending', { type: 'claim' }), attempts: sql`${gradeOutbox.attempts} + 1`, lockedUntil: options.lockUntil })
    .where(inArray(gradeOutbox.id, due))
    .returning();
  return rows.sort((a, b) => a.id - b.id);
}

/** Stores an attempt's result, unless another worker has claimed the row since (its attempts moved on). */
export async function recordAttempt(db: Db, claimed: Pick<OutboxRow, 'id' | 'attempts'>, result: AttemptResult): Promise<boolean> {
  const rows = await db
    .update(gradeOutbox)
    .set(result)
    .where(and(eq(gradeOutbox.id, claimed.id), eq(gradeOutbox.state, 'sending'), eq(gradeOutbox.attempts, claimed.attempts)))
    .returning({ id: gradeOutbox.id });
  return rows.length === 1;
}

/** Puts a failed score back in the queue with fresh attempts. */
export async function requeueFailed(db: Db, id: number, now: Date, contextId?: number): Promise<boolean> {
  const rows = await db
    .update(gradeOutbox)
    .set({ state: nextGradeSendState('failed', { type: 'requeue' }), attempts: 0, nextAttemptAt: now, lockedUntil: null })
    .where(and(eq(gradeOutbox.id, id), eq(gradeOutbox.state, 'failed'), contextId === undefined ? undefined : eq(gradeOutbox.contextId, contextId)))
    .returning({ id: gradeOutbox.id });
  return rows.length === 1;
}

export interface OutboxEntry {
  id: number;
  userId: number;
  userName: string | null;
  resourceId: string;
  label: string;
  scoreGiven: number | null;
  scoreMaximum: number;
  activityProgress: string;
  gradingProgress: string;
  comment: string | null;
  scoredAt: Date;
  state: GradeSendState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
}

/** Every score queued in a context, newest first, with its send state. */
export async function listOutboxEntries(db: Db, contextId: number): Promise<OutboxEntry[]> {
  return db
    .select({
      id: gradeOutbox.id,
      userId: gradeOutbox.userId,
      userName: users.name,
      resourceId: gradeOutbox.resourceId,
      label: gradeOutbox.label,
      scoreGiven: gradeOutbox.scoreGiven,
      scoreMaximum: gradeOutbox.scoreMaximum,
      activityProgress: gradeOutbox.activityProgress,
      gradingProgress: gradeOutbox.gradingProgress,
      comment: gradeOutbox.comment,
      scoredAt: gradeOutbox.scoredAt,
      state: gradeOutbox.state,
      attempts: gradeOutbox.attempts,
      nextAttemptAt: gradeOutbox.nextAttemptAt,
      lastError: gradeOutbox.lastError,
      sentAt: gradeOutbox.sentAt,
    })
    .from(gradeOutbox)
    .innerJoin(users, eq(users.id, gradeOutbox.userId))
    .where(eq(gradeOutbox.contextId, contextId))
    .orderBy(desc(gradeOutbox.createdAt), desc(gradeOutbox.id));
}

export async function findLineItemRow(db: Db, contextId: number, resourceId: string): Promise<LineItemRow | undefined> {
  const [row] = await db
    .select()
    .from(lineItems)
    .where(and(eq(lineItems.contextId, contextId), eq(lineItems.resourceId, resourceId)));
  return row;
}

/** Records a platform line item; when another worker recorded one for the resource first, that one wins. */
export async function saveLineItemRow(db: Db, values: typeof lineItems.$inferInsert): Promise<LineItemRow> {
  await db.insert(lineItems).values(values).onConflictDoNothing({ target: [lineItems.contextId, lineItems.resourceId] });
  const row = await findLineItemRow(db, values.contextId, values.resourceId);
  if (!row) throw new Error('line item not recorded');
  return row;
}
