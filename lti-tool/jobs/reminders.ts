import type { Logger } from 'pino';
import { startPolling, type PollingJob } from './polling';
import type { Db } from '../db';
import { sendDueReminders } from '../services/mail/reminders';
import { remindBeforeClosing } from '../services/evaluations/reminders';
import { recomputeAfterEvaluationsClosed } from '../services/progress/evaluations-closed';

// After a start, forms that closed while the tool was down are caught up to a day back.
const catchUpMs = 24 * 3_600_000;

/**
 * Reminders before meetings, assignment deadlines and evaluations closing, every quarter of an hour. Notifications always; mail
 * only when `mailEnabled`. Each reminder is made once per person (the notification's dedupe key). Also: when an
 * evaluation form has closed since the last run, its network's progress is recomputed (see evaluations-closed.ts).
 */
export function startReminders(options: { db: Db; logger: Logger; mailEnabled: boolean; dataDir?: string; pollMs?: number; now?: () => Date }): PollingJob {
  const now = options.now ?? (() => new Date());
  const pollMs = options.pollMs ?? 15 * 60_000;
  let lastRun: Date | null = null;
  return startPolling({
    pollMs,
    logger: options.logger,
    failure: 'reminders run failed',
    drain: async () => {
      const at = now();
      // The day before an evaluation closes too: who has answered is known only with the answer key in the data folder.
      const made =
        (await sendDueReminders(options.db, { now: at, mailEnabled: options.mailEnabled })) +
        (options.dataDir ? await remindBeforeClosing(options.db, options.dataDir, at, options.mailEnabled) : 0);
      if (made > 0) options.logger.info({ made }, 'reminders made');
      // The window overlaps the last one by a poll, so a run that ended late misses nothing (recomputing twice is harmless).
      const from = new Date((lastRun?.getTime() ?? at.getTime() - catchUpMs + pollMs) - pollMs);
      const queued = await recomputeAfterEvaluationsClosed(options.db, { from, to: at }, options.dataDir);
      lastRun = at;
      if (queued > 0) options.logger.info({ queued }, 'progress recomputed after evaluations closed');
      return made;
    },
  });
}
