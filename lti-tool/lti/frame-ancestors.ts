import type { Db } from '../db';
import { activePlatformOrigins } from '../../models/platforms';

/**
 * The CSP frame-ancestors sources: the origins of active platforms, so the tool works inside their
 * iframes and nowhere else. Read from the database at start, after each registration change, and every
 * minute (another instance may have changed it).
 */
export class FrameAncestors {
  private origins = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
  ) {}

  sources(): string {
    return this.origins;
  }

  async refresh(): Promise<void> {
    this.origins = (await activePlatformOrigins(this.db)).join(' ');
  }

  /** `run` starts each refresh as tracked background work, so stopping the tool waits for one in flight. */
  start(run: (failure: string, task: () => Promise<unknown>) => unknown, intervalMs = 60_000): void {
    this.timer = setInterval(() => run('frame-ancestors refresh failed', () => this.refresh()), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
