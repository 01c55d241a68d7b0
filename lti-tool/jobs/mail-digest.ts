import type { Logger } from 'pino';
import { startPolling, type PollingJob } from './polling';
import type { Db } from '../db';
import { queueDueDigests } from '../services/mail/digest';

/**
 * Queues each network's daily digest once its 07:00 has come in the network's time zone. Runs every few
 * minutes; the turn recorded per person (and the dedupe key per day) keeps it to one digest a day.
 */
export function startMailDigest(options: { db: Db; logger: Logger; pollMs?: number; now?: () => Date }): PollingJob {
  const now = options.now ?? (() => new Date());
  return startPolling({
    pollMs: options.pollMs ?? 5 * 60_000,
    logger: options.logger,
    failure: 'mail digest run failed',
    drain: async () => {
      const queued = await queueDueDigests(options.db, now());
      if (queued > 0) options.logger.info({ queued }, 'mail digests queued');
      return queued;
    },
  });
}
