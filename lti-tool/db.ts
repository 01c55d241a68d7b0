import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from '../models/schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  /**
   * Calls `onPayload` for each notification on `channel` until the returned function is called. On
   * PostgreSQL one connection outside the pool listens and is reopened (with backoff) when it drops;
   * notifications sent meanwhile are lost, so after each reconnection `onPayload` is called once with an
   * empty payload, telling the listener to catch up from the tables. On PGlite it is in-process.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../models/migrations');

/**
 * Opens PostgreSQL: a server when a URL is given, otherwise embedded PGlite in `dataDir`
 * (or in memory when `dataDir` is undefined, as the tests do).
 */
export async function openDatabase(options: { url?: string; dataDir?: string; poolSize?: number; onConnectionError?: (error: Error) => void }): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 20 });
    // An idle connection the server ends (a restart, an administrator's termination) is reported here and
    // replaced by the pool; unheard, node-postgres would crash the process with it.
    pool.on('error', (error) => options.onConnectionError?.(error));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: () => migratePg(db as never, { migrationsFolder }),
      listen: (channel, onPayload) => listenOnServer(options.url!, channel, onPayload, options.onConnectionError),
      close: () => pool.end(),
    };
  }
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir ? new PGlite(path.join(options.dataDir, 'pglite')) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    listen: async (channel, onPayload) => {
      const unlisten = await client.listen(channel, onPayload);
      return () => unlisten();
    },
    close: () => client.close(),
  };
}

const listenBackoffMs = { first: 250, max: 10_000 };

/**
 * LISTEN needs one connection of its own for as long as it listens, so it is a client outside the pool.
 * When it drops (a server restart, an administrator's termination) a new one is opened after a growing
 * pause; once it listens again the caller is told to catch up.
 */
async function listenOnServer(url: string, channel: string, onPayload: (payload: string) => void, onConnectionError?: (error: Error) => void): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let delayMs = listenBackoffMs.first;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel) onPayload(message.payload ?? '');
    });
    next.on('error', (error) => {
      onConnectionError?.(error);
      reconnect(next);
    });
    next.on('end', () => reconnect(next));
    client = next;
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
  };

  const reconnect = (lost: pg.Client) => {
    if (stopped || client !== lost || retry) return;
    client = undefined;
    void lost.end().catch(() => undefined);
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => {
          delayMs = listenBackoffMs.first;
          onPayload('');
        },
        (error: unknown) => {
          onConnectionError?.(error as Error);
          delayMs = Math.min(listenBackoffMs.max, delayMs * 2);
          reconnect(client ?? lost);
        },
      );
    }, delayMs * (0.5 + Math.random() / 2));
  };

  try {
    await connect();
  } catch (error) {
    stopped = true;
    await client?.end().catch(() => undefined);
    throw error;
  }
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const last = client;
    client = undefined;
    await last?.end().catch(() => undefined);
  };
}

const retryableCodes = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

function postgresCode(error: unknown): string | undefined {
  for (let current = error as { code?: unknown; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (typeof current.code === 'string') return current.code;
  }
  return undefined;
}

/**
 * Runs a statement or transaction again when PostgreSQL aborted it for a deadlock or a serialization
 * failure: it was rolled back whole, so running it again is safe. Launches and roster syncs into one
 * course can meet on the same rows in different orders.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !retryableCodes.has(postgresCode(error) ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}
