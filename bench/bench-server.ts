import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';

/** The PostgreSQL server the benchmarks measure on: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local one `.ci/run` sets up. */
export const benchServerUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgresql://natverk:natverk@127.0.0.1:5432/natverk';

/** Ends a benchmark that needs the server with a message saying how to start it, not a stack trace, when it is not up. */
export async function requireServer(benchmark: string, serverUrl = benchServerUrl): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    process.stderr.write(
      `The ${benchmark} benchmark needs the PostgreSQL server at ${serverUrl} (BENCH_DATABASE_URL or TEST_DATABASE_URL), which is not reachable: ${String(error)}\n` +
        'Start it as README.md describes (".ci/run" starts it), or point BENCH_DATABASE_URL at one.\n',
    );
    process.exit(1);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** One platform, deployment, course and Swedish network, written straight into a fresh database for a benchmark. */
export async function seedBenchNetwork(db: Db): Promise<void> {
  await db.execute(sql`insert into platforms (issuer, client_id, name, status, auth_login_url, access_token_url, jwks_url, registered_by)
    values ('https://bench.example', 'bench', 'Bench', 'active', 'https://bench.example/a', 'https://bench.example/t', 'https://bench.example/k', 'manual')`);
  await db.execute(sql`insert into deployments (platform_id, deployment_id) select id, '1' from platforms`);
  await db.execute(sql`insert into contexts (deployment_id, context_id, title) select id, 'c1', 'Bench course' from deployments`);
  await db.execute(sql`insert into networks (context_id, name, language, time_zone) select id, 'Benchnätverket', 'sv', 'Europe/Stockholm' from contexts`);
}

/** Runs a benchmark's main: exits with its exit code (1 when it missed its target), or 1 with the stack when it threw. */
export function runBenchmark(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
