/**
 * One tool process for bench/gallery-live.ts: the whole tool (jobs included) on the given PostgreSQL
 * database, with the test event stream mounted on its port (the app has no walk stream route yet).
 * Prints "ready <url>" when listening; stops on SIGTERM.
 */
import { mountTestStream } from '../test/support/live-stream';
import { startToolOn } from '../test/support/tool-on-server';

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error('usage: gallery-live-tool.ts <database url>');
const running = await startToolOn(databaseUrl, { jobs: true, poolSize: 10 });
mountTestStream(running.tool);
process.stdout.write(`ready ${running.tool.url}\n`);
process.once('SIGTERM', () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
