import { pino } from 'pino';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db';
import { loadOrCreateSecret } from './secrets';
import { startTool } from './tool';
import { toolUrls } from './lti/tool-urls';

/** Start-up: config → database → migrations → tool → listen; graceful shutdown on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel });
  const ltiKey = loadOrCreateSecret(config.dataDir, 'lti-key', config.ltiKey);
  if (ltiKey.generated) logger.warn({ file: ltiKey.file }, 'LTI_KEY not set: generated one and kept it in the data folder. Set LTI_KEY in production and keep it secret.');
  const adminToken = loadOrCreateSecret(config.dataDir, 'admin-token', config.adminToken);

  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, onConnectionError: (error) => logger.warn({ err: error }, 'database connection lost; the pool replaces it') });
  await database.migrate();
  const tool = await startTool({ config, db: database.db, logger, ltiKey: ltiKey.value, adminToken: adminToken.value, listen: database.listen });

  const urls = toolUrls(config.publicUrl);
  const lines = [
    '',
    `Nätverk is running on port ${config.port} (${database.kind === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server'}).`,
    `Open ${config.publicUrl}/ — administration: ${config.publicUrl}/admin`,
    adminToken.file ? `Administrator token (ADMIN_TOKEN): in ${adminToken.file}` : 'Administrator token: the ADMIN_TOKEN you set.',
    '',
    'Register it in Moodle (Site administration › Plugins › Activity modules › External tool › Manage tools):',
    `  Dynamic registration URL:  ${urls.registration}  (or a one-time registration link from ${config.publicUrl}/admin,`,
    '                             which lets the platform be activated at once)',
    `  Login initiation URL:      ${urls.login}`,
    `  Redirect URIs:             ${urls.redirect.join('  and  ')}`,
    `  Launch (tool) URL:         ${urls.launch}`,
    `  Deep linking URL:          ${urls.deepLinking}`,
    `  Public keyset (JWKS) URL:  ${urls.jwks}`,
    'Then activate the platform at /admin (not needed after a registration link with AUTO_ACTIVATE_PLATFORMS=true)',
    'and set "Tool configuration usage" to "Show in activity chooser and as a preconfigured tool".',
    '',
  ];
  process.stdout.write(lines.join('\n'));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    tool
      .stop()
      .then(() => database.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Nätverk could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
