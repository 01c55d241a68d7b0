/**
 * One tool process for bench/gallery-live.ts: the whole tool on the given PostgreSQL database, on its own
 * port, with its own pool and LISTEN connection (ltijs holds one provider per process, hence a process).
 * The background jobs stay off: they would render the 300 seeded decks with LibreOffice during the run.
 * Prints "ready <url>" when listening; stops on SIGTERM.
 */
import { startToolOn } from '../test/support/tool-on-server';

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error('usage: gallery-live-tool.ts <database url>');
const running = await startToolOn(databaseUrl, { jobs: false, poolSize: 10 });
process.stdout.write(`ready ${running.tool.url}\n`);
process.once('SIGTERM', () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
