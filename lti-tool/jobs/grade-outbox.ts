import type { Logger } from 'pino';
import { startPolling } from './polling';
import type { Db } from '../db';
import type { LtiRuntime } from '../lti/provider';
import type { ServiceClient } from '../lti/service-client';
import { claimDueScores, recordAttempt, resultOfAttempt, type OutboxRow, type SendOutcome } from '../../models/grades';
import { outcomeOfError, sendQueuedScore } from '../services/grades';

export interface GradeOutboxOptions {
  db: Db;
  lti: LtiRuntime;
  logger: Logger;
  pollMs?: number;
  now?: () => Date;
  batchSize?: number;
  /** How long a claimed row is ours; after that another worker takes it back. Must exceed a send's timeouts. */
  lockMs?: number;
  maxAttempts?: number;
  services?: ServiceClient;
  random?: () => number;
}

export interface GradeOutbox {
  /** Stops polling and waits for the batch in progress. */
  stop(): Promise<void>;
  /** Sends every due score now (in batches); resolves to how many rows were attempted. */
  runOnce(): Promise<number>;
}

/**
 * Sends queued scores to the platforms. All state is in grade_outbox, so a restart loses nothing: rows a
 * dead worker left in 'sending' are claimed again once their lock runs out.
 */
export function startGradeOutbox(options: GradeOutboxOptions): GradeOutbox {
  const { db, logger } = options;
  const pollMs = options.pollMs ?? 5_000;
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 20;
  const lockMs = options.lockMs ?? 2 * 60_000;
  const deps = { db, lti: options.lti, services: options.services };

  const sendOne = async (row: OutboxRow): Promise<void> => {
    let outcome: SendOutcome;
    try {
      await sendQueuedScore(deps, row);
      outcome = { ok: true };
    } catch (error) {
      outcome = outcomeOfError(error, row.attempts);
    }
    const result = resultOfAttempt(row, outcome, now(), { random: options.random, maxAttempts: options.maxAttempts });
    const stored = await recordAttempt(db, row, result);
    const fields = { outboxId: row.id, contextId: row.contextId, attempts: row.attempts, state: result.state };
    if (!stored) logger.warn(fields, 'grade send result not stored: the row was claimed again meanwhile');
    else if (result.state === 'sent') logger.info(fields, 'grade sent');
    else if (result.state === 'failed') logger.error({ ...fields, error: result.lastError }, 'grade send failed for good');
    else logger.warn({ ...fields, error: result.lastError, nextAttemptAt: result.nextAttemptAt }, 'grade send failed, will retry');
  };

  const drain = async (stopping: () => boolean): Promise<number> => {
    let total = 0;
    for (;;) {
      const at = now();
      const rows = await claimDueScores(db, { now: at, lockUntil: new Date(at.getTime() + lockMs), limit: batchSize });
      // One at a time, in queue order: two scores for one user and line item must arrive in order.
      for (const row of rows) await sendOne(row);
      total += rows.length;
      if (rows.length < batchSize || stopping()) return total;
    }
  };

  return startPolling({ pollMs, logger, failure: 'grade outbox run failed', drain });
}
