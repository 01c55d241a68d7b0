import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../lti-tool/config';
import type { Database } from '../../lti-tool/db';
import { startTool, type RunningTool } from '../../lti-tool/tool';
import { savePlatformRegistration } from '../../lti-tool/services/platforms';
import { createTestDatabase } from './database';
import { testLtiKey } from './keys';
import { TestPlatform } from './platform';
import type { ToolRegistration } from './platform-types';

export const testAdminToken = 'test-admin-token-0123456789';

export interface LogLine {
  level: number;
  msg?: string;
  [field: string]: unknown;
}

export interface ToolUnderTest {
  tool: RunningTool;
  url: string;
  config: Config;
  database: Database;
  platform: TestPlatform;
  registration: ToolRegistration;
  logs: LogLine[];
  /** Stops the tool only (the database stays), e.g. to start it again as after a restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The whole tool on a fresh database and a random port, with our test platform registered and active
 * (one deployment), as after an administrator's registration and activation.
 */
export async function startToolUnderTest(
  options: { env?: Record<string, string>; jobs?: boolean; register?: boolean; publicUrl?: (port: number) => string } = {},
): Promise<ToolUnderTest> {
  const database = await createTestDatabase();
  const port = await freePort();
  const publicUrl = options.publicUrl?.(port) ?? `http://127.0.0.1:${port}`;
  // Each tool under test keeps its uploads in its own folder, removed when it closes.
  const uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-uploads-'));
  // The test platform runs on 127.0.0.1: registration may fetch from loopback only because this says so.
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    LOG_LEVEL: 'info',
    UPLOADS_DIR: uploadsDir,
    REGISTRATION_ALLOWED_NETWORKS: '127.0.0.0/8, ::1/128',
    ...options.env,
  });
  const logs: LogLine[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as LogLine);
        done();
      },
    }),
  );
  const start = () => startTool({ config, db: database.db, logger, ltiKey: testLtiKey, adminToken: testAdminToken, listen: database.listen, jobs: options.jobs });
  let tool = await start();
  const platform = await TestPlatform.start();
  const registration = platform.registerTool({
    loginUrl: `${config.publicUrl}/login`,
    redirectUris: [config.publicUrl, `${config.publicUrl}/`],
    jwksUrl: `${config.publicUrl}/keys`,
    targetLinkUri: `${config.publicUrl}/`,
    deepLinkUrl: `${config.publicUrl}/`,
  });
  if (options.register !== false) {
    await savePlatformRegistration(
      { db: database.db, lti: tool.lti, onChange: () => tool.refreshFrameAncestors() },
      {
        name: 'Test Moodle',
        issuer: platform.issuer,
        clientId: registration.clientId,
        authLoginUrl: platform.authUrl,
        accessTokenUrl: platform.tokenUrl,
        jwksUrl: platform.jwksUrl,
        deploymentIds: [registration.deploymentId],
        registeredBy: 'manual',
        status: 'active',
      },
    );
  }
  const handle: ToolUnderTest = {
    tool,
    url: config.publicUrl,
    config,
    database,
    platform,
    registration,
    logs,
    async restart() {
      await tool.stop();
      tool = await start();
      handle.tool = tool;
    },
    async close() {
      await tool.stop();
      await platform.close();
      await database.close();
      fs.rmSync(uploadsDir, { recursive: true, force: true });
    },
  };
  return handle;
}
