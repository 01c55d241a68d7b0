import type { Logger } from 'pino';
import type { Db } from '../db';
import { purgeLoginStates } from '../../models/platforms';
import { purgeExpiredSessions } from '../../models/launches';

/** Removes expired login states and sessions every few minutes (ltijs's own rows expire in its store). */
export function startHousekeeping({ db, logger, intervalMs = 5 * 60_000 }: { db: Db; logger: Logger; intervalMs?: number }) {
  const run = async () => {
    const now = new Date();
    await purgeLoginStates(db, now);
    await purgeExpiredSessions(db, now);
  };
  const timer = setInterval(() => {
    run().catch((error: unknown) => logger.warn({ err: error }, 'housekeeping failed'));
  }, intervalMs);
  timer.unref();
  return {
    runOnce: run,
    async stop() {
      clearInterval(timer);
    },
  };
}
