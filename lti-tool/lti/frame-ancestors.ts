import type { Logger } from 'pino';
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
    private readonly logger: Logger,
  ) {}

  sources(): string {
    return this.origins;
  }

  async refresh(): Promise<void> {
    this.origins = (await activePlatformOrigins(this.db)).join(' ');
  }

  start(intervalMs = 60_000): void {
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'frame-ancestors refresh failed'));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
