import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { loadConfig } from '../../lti-tool/config';
import { openDatabase, type Database } from '../../lti-tool/db';
import { startTool, type RunningTool } from '../../lti-tool/tool';
import { testLtiKey } from './keys';
import { freePort } from './tool';

export interface ToolProcess {
  tool: RunningTool;
  database: Database;
  close(): Promise<void>;
}

/**
 * One tool "process" on a PostgreSQL database shared with others: its own pool, its own LISTEN
 * connection, its own port, as a second instance behind a load balancer would have.
 */
export async function startToolOn(databaseUrl: string, options: { logger?: Logger; jobs?: boolean; poolSize?: number } = {}): Promise<ToolProcess> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const database = await openDatabase({ url: databaseUrl, poolSize: options.poolSize ?? 10 });
  const uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-uploads-'));
  const port = await freePort();
  const config = loadConfig({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'silent', UPLOADS_DIR: uploadsDir });
  const tool = await startTool({ config, db: database.db, logger, ltiKey: testLtiKey, adminToken: 'test-admin-token-0123456789', listen: database.listen, jobs: options.jobs ?? false });
  return {
    tool,
    database,
    async close() {
      await tool.stop();
      await database.close();
      fs.rmSync(uploadsDir, { recursive: true, force: true });
    },
  };
}

/** A new, migrated database on the server at `serverUrl`; `drop` removes it. */
export async function createServerDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `natverk_test_${randomBytes(6).toString('hex')}`;
  await runOnServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 1 });
  await database.migrate();
  await database.close();
  return { url: url.toString(), drop: () => runOnServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function runOnServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
