import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Db } from './db';
import { createApp } from './app';
import { FileStore } from './files/file-store';
import { LtiRuntime } from './lti/provider';
import { startGradeOutbox } from './jobs/grade-outbox';
import { startHousekeeping } from './jobs/housekeeping';
import { startSlideRenderer } from './jobs/slide-render';
import { startMailOutbox } from './jobs/mail-outbox';
import { startMailDigest } from './jobs/mail-digest';
import { startReminders } from './jobs/reminders';
import { createMailTransport } from './mail/transport';
import { startInboundMail } from './mail/inbound';
import { knownReplyAddress, receiveReply } from './services/mail/inbound';
import { syncRoster } from './services/roster';
import { BackgroundWork } from './jobs/background-work';
import { LiveBus, type Listen } from './live/bus';

export interface RunningTool {
  url: string;
  server: http.Server;
  lti: LtiRuntime;
  /** This process's live bus (events to open pages). */
  live: LiveBus;
  /** Re-reads which platforms may frame the tool (after a registration change made outside the app). */
  refreshFrameAncestors(): Promise<void>;
  /** The port of the SMTP server for replies by e-mail, when INBOUND_ADDRESS and INBOUND_SMTP_PORT are set. */
  inboundMailPort: number | null;
  /** Resolves when no background work (a roster refresh, a refresh of the platform origins) is in flight. */
  backgroundIdle(): Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the tool on an open, migrated database: ltijs, the app, the background jobs, the HTTP listener.
 * server.ts uses it for production; the tests and the benchmark use it with their own database and port.
 */
export async function startTool(options: {
  config: Config;
  db: Db;
  logger: Logger;
  ltiKey: string;
  adminToken: string;
  /** The database's LISTEN (`Database.listen`), on which the live bus hears other processes' events. */
  listen: Listen;
  jobs?: boolean;
}): Promise<RunningTool> {
  const { config, db, logger } = options;
  const lti = await LtiRuntime.create(options.ltiKey, db);
  const background = new BackgroundWork(logger);
  // Leaders launching together into a course with a stale list start one refresh, not one each.
  const refreshing = new Set<number>();
  const onStaleRoster = (contextId: number) => {
    if (refreshing.has(contextId)) return;
    const started = background.run('roster refresh failed', async () => {
      try {
        const result = await syncRoster({ db, lti }, contextId);
        logger.info({ contextId, ...result }, 'roster refreshed on leader launch');
      } finally {
        refreshing.delete(contextId);
      }
    });
    if (started) refreshing.add(contextId);
  };
  const files = new FileStore(config.uploadsDir);
  const live = background.adopt(await LiveBus.start({ db, listen: options.listen, logger }));
  const app = createApp({ config, db, logger, lti, files, live, adminToken: options.adminToken, onStaleRoster });
  await app.frameAncestors.refresh();
  app.frameAncestors.start((failure, task) => background.run(failure, task));
  background.adopt(app.frameAncestors);
  if (options.jobs !== false) {
    for (const job of [startGradeOutbox({ db, lti, logger }), startHousekeeping({ db, files, logger }), startSlideRenderer({ db, files, logger })]) background.adopt(job);
    background.adopt(startReminders({ db, logger, mailEnabled: config.mail !== null, dataDir: config.dataDir }));
    // Without SMTP settings mail is off: nothing is queued for sending (preferences stay), nothing is sent.
    if (config.mail) {
      background.adopt(startMailOutbox({ db, config: { publicUrl: config.publicUrl, mail: config.mail }, transport: createMailTransport(config.mail), logger }));
      background.adopt(startMailDigest({ db, logger }));
    }
  }

  const inbound = config.mail?.inbound;
  const inboundServer = inbound
    ? background.adopt(
        await startInboundMail({
          port: inbound.port,
          logger,
          handler: {
            accepts: (address) => knownReplyAddress(db, inbound, address),
            receive: async (envelope, raw) => {
              const { postId } = await receiveReply(db, inbound, envelope, raw);
              logger.info({ postId }, 'reply by e-mail posted');
            },
          },
        }),
      )
    : null;

  const server = http.createServer(app.express);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    lti,
    live,
    inboundMailPort: inboundServer?.port ?? null,
    refreshFrameAncestors: () => app.frameAncestors.refresh(),
    backgroundIdle: () => background.idle(),
    /**
     * Stops taking requests, lets those in progress finish (for at most `graceMs`), then stops the jobs and
     * waits for every piece of background work: afterwards nothing of the tool uses the database. Live
     * streams never end by themselves, so the bus ends them first.
     */
    async stop(graceMs = 5_000) {
      const liveStopped = live.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cutOff = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(cutOff);
      await liveStopped;
      await background.stop();
    },
  };
}
