import type { Logger } from 'pino';

export interface PollingJob {
  /** Does the work now; resolves to how much was done. Runs of one job never overlap; after stop() it does nothing. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the run in progress. */
  stop(): Promise<void>;
}

/**
 * A background job that wakes every `pollMs` and drains its table. Runs of one instance never overlap;
 * instances in other processes are kept apart by the job's own claim (SKIP LOCKED). `drain` is told
 * when the job is stopping, so it can end after the item in hand.
 */
export function startPolling(options: { pollMs: number; logger: Logger; failure: string; drain(stopping: () => boolean): Promise<number> }): PollingJob {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);
  const stopping = () => stopped;

  const runOnce = (): Promise<number> => {
    // A run asked for while stopping would reach a database that is about to close.
    if (stopped) return running.catch(() => 0).then(() => 0);
    const run = running.catch(() => 0).then(() => options.drain(stopping));
    running = run;
    return run;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((error: unknown) => options.logger.error({ err: error }, options.failure))
        .finally(schedule);
    }, options.pollMs);
    timer.unref();
  };
  schedule();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => 0);
    },
  };
}
