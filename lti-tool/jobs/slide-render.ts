import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { startPolling, type PollingJob } from './polling';
import type { Db } from '../db';
import type { FileStore } from '../files/file-store';
import { ConverterUnavailable, convertLegacyPresentation, convertersAvailable, renderSlides } from '../presentations/slide-renderer';
import { parsePptx } from '../presentations/pptx-parser';
import { claimRenderJobs, recordRender, type RenderOutcome, type VersionRow } from '../../models/submissions';

export interface SlideRendererOptions {
  db: Db;
  files: FileStore;
  logger: Logger;
  pollMs?: number;
  /** A converter that takes longer is killed (with its whole process group) and the attempt counts as failed. */
  timeoutMs?: number;
  maxAttempts?: number;
  now?: () => Date;
}

/** runOnce renders every waiting version now, one at a time, and resolves to how many were attempted. */
export type SlideRenderer = PollingJob;

// A slide PNG at 1280 px wide is well under this; the limit only guards the store against a runaway converter.
const maxImageBytes = 20 * 1024 * 1024;

/**
 * Turns uploaded presentations into slide images in the background. The state is in submission_versions,
 * so a restart loses nothing: a version left 'rendering' by a dead process is claimed again when its lock
 * runs out. Rendering is heavy (LibreOffice), so one process renders one deck at a time.
 */
export function startSlideRenderer(options: SlideRendererOptions): SlideRenderer {
  const { db, files, logger } = options;
  const pollMs = options.pollMs ?? 3_000;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const now = options.now ?? (() => new Date());

  const renderOne = async (version: VersionRow): Promise<RenderOutcome> => {
    const available = await convertersAvailable();
    if (!available.pdftoppm || (version.format !== 'pdf' && !available.soffice)) {
      const error = available.unavailable ?? 'LibreOffice or poppler-utils is not installed';
      // Refusing is deliberate (no sandbox → no rendering); an operator must see why previews are unavailable.
      logger.error({ versionId: version.id, error }, 'slide previews unavailable');
      return { state: 'unavailable', error };
    }
    const workDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'natverk-render-'));
    try {
      const deadline = Date.now() + timeoutMs;
      // An old .ppt is read and rendered through a .pptx that LibreOffice makes of it (in the sandbox);
      // renderSlides sanitises that .pptx like any other. Its text and notes come with the pictures.
      const legacy = version.format === 'ppt' ? await convertLegacyPresentation(files.pathOf(version.storedName), { timeoutMs, workDir }) : undefined;
      const content = legacy && !version.content ? await parsePptx(legacy) : undefined;
      const source = legacy ?? files.pathOf(version.storedName);
      const { images } = await renderSlides(source, { timeoutMs: Math.max(1, deadline - Date.now()), workDir, format: legacy ? 'pptx' : version.format });
      const stored: string[] = [];
      try {
        for (const image of images) stored.push(await files.keep(await files.receive(fs.createReadStream(image), maxImageBytes)));
      } catch (error) {
        await Promise.all(stored.map((name) => files.remove(name)));
        throw error;
      }
      return { state: 'done', slideImages: stored, ...(content ? { content } : {}) };
    } catch (error) {
      const message = (error as Error).message.slice(0, 2_000);
      if (error instanceof ConverterUnavailable) {
        // Refusing is deliberate (no sandbox → no rendering); an operator must see why previews are unavailable.
        logger.error({ versionId: version.id, error: message }, 'slide previews unavailable');
        return { state: 'unavailable', error: message };
      }
      if (version.renderAttempts >= maxAttempts) return { state: 'failed', error: message };
      return { state: 'pending', error: message, nextAt: new Date(now().getTime() + 30_000 * version.renderAttempts) };
    } finally {
      await fs.promises.rm(workDir, { recursive: true, force: true });
    }
  };

  const drain = async (stopping: () => boolean): Promise<number> => {
    let total = 0;
    while (!stopping()) {
      const at = now();
      const [version] = await claimRenderJobs(db, { now: at, lockUntil: new Date(at.getTime() + timeoutMs * 2), limit: 1 });
      if (!version) break;
      total += 1;
      const outcome = await renderOne(version);
      const fields = { versionId: version.id, attempt: version.renderAttempts, state: outcome.state };
      if (!(await recordRender(db, version, outcome))) {
        logger.warn(fields, 'slide render result not stored: the version was claimed again meanwhile');
        if (outcome.state === 'done') await Promise.all(outcome.slideImages.map((name) => files.remove(name)));
      } else if (outcome.state === 'done') logger.info({ ...fields, slides: outcome.slideImages.length }, 'slides rendered');
      else logger.warn({ ...fields, error: outcome.error }, 'slide rendering did not succeed');
    }
    return total;
  };

  return startPolling({ pollMs, logger, failure: 'slide renderer failed', drain });
}
