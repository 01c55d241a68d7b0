import type { Logger } from 'pino';

/**
 * The one register of work the tool starts and does not await: roster refreshes after a leader's launch,
 * the frame-ancestors refresh, and the polling jobs' runs. Stopping the tool refuses new work and waits for
 * what is in flight, so nothing touches the database after it has been closed.
 */
export class BackgroundWork {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly parts: { stop(): void | Promise<void> }[] = [];
  private stopping = false;

  constructor(private readonly logger: Logger) {}

  /** True once stop() has begun: no new work is accepted. */
  get stopped(): boolean {
    return this.stopping;
  }

  /**
   * Starts `task` now unless the tool is stopping (then returns false and does nothing). A failure is logged
   * with `failure` as its message; it never becomes an unhandled rejection.
   */
  run(failure: string, task: () => Promise<unknown>): boolean {
    if (this.stopping) return false;
    const work = Promise.resolve()
      .then(task)
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn({ err: error }, failure),
      );
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return true;
  }

  /** A long-running part (a polling job, a timer) that is stopped, and awaited, with the rest. */
  adopt<Part extends { stop(): void | Promise<void> }>(part: Part): Part {
    this.parts.push(part);
    return part;
  }

  /** How many tasks are running now. */
  get size(): number {
    return this.inFlight.size;
  }

  /** Resolves when nothing is in flight (new work may still start later): for tests that must not race it. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Refuses new work, stops the adopted parts, and resolves when every task started before has ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.parts.map((part) => part.stop()));
    await this.idle();
  }
}
