import pg from 'pg';

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
