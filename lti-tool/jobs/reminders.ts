import type { Logger } from 'pino';
import { startPolling, type PollingJob } from './polling';
import type { Db } from '../db';
import { sendDueReminders } from '../services/mail/reminders';

/**
 * Reminders before meetings, assignment deadlines and evaluations closing, every quarter of an hour. Notifications always; mail
 * only when `mailEnabled`. Each reminder is made once per person (the notification's dedupe key).
 */
export function startReminders(options: { db: Db; logger: Logger; mailEnabled: boolean; dataDir?: string; pollMs?: number; now?: () => Date }): PollingJob {
  const now = options.now ?? (() => new Date());
  return startPolling({
    pollMs: options.pollMs ?? 15 * 60_000,
    logger: options.logger,
    failure: 'reminders run failed',
    drain: async () => {
      const made = await sendDueReminders(options.db, { now: now(), mailEnabled: options.mailEnabled, dataDir: options.dataDir });
      if (made > 0) options.logger.info({ made }, 'reminders made');
      return made;
    },
  });
}
