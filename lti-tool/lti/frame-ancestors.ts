import type { Db } from '../db';
import { activePlatformOrigins } from '../../models/platforms';

/**
 * The origins of active platforms (issuer and login endpoint), for the CSP: frame-ancestors, so the tool
 * works inside their iframes and nowhere else, and the login page's form-action. Read from the database at start, after each registration change, and every
 * minute (another instance may have changed it).
 */
export class FrameAncestors {
  private list: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
  ) {}

  sources(): string {
    return this.list.join(' ');
  }

  /** The same origins as a list: the login page's form-action needs them too (it redirects to the platform). */
  origins(): readonly string[] {
    return this.list;
  }

  async refresh(): Promise<void> {
    this.list = await activePlatformOrigins(this.db);
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
