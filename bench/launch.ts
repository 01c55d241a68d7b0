/**
 * Full LTI launches through real HTTP (login initiation → platform authorization → id_token post → first
 * page) at 1 and 50 concurrent clients, on PGlite and on PostgreSQL, beside a bare Express route.
 * The tool runs as `lti-tool/server.ts` in its own process, as in production; the test platform and the
 * clients share this process.
 *
 *   npm run bench                      PGlite, and PostgreSQL at BENCH_DATABASE_URL (default: the local
 *                                      postgresql://natverk:natverk@127.0.0.1:5432/natverk server, if up)
 *   BENCH_DURATION_MS=5000 npm run bench          longer runs
 *   BENCH_DATABASES=postgres npm run bench         one database only
 *   BENCH_TOOL_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench   profile the tool process
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { TestPlatform } from '../test/support/platform';
import { LtiBrowser } from '../test/support/lti-browser';
import { freePort } from '../test/support/tool';
import { registerPlatform } from './platform-registration';

const durationMs = Number(process.env.BENCH_DURATION_MS ?? 4000);
const concurrencies = [1, 50];
const adminToken = 'bench-admin-token-0123456789';
const ltiKey = 'bench-lti-key-0123456789abcdef0123456789abcdef';
const databases = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',');
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://natverk:natverk@127.0.0.1:5432/natverk';

interface Result {
  label: string;
  concurrency: number;
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `operation` from `concurrency` clients for the duration; latency per operation in ms. */
async function measure(label: string, concurrency: number, operation: () => Promise<boolean>): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const ok = await operation().catch(() => false);
        if (ok) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { label, concurrency, count: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const nodeArgs = (process.env.BENCH_TOOL_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...(args[0] === 'lti-tool/server.ts' ? nodeArgs : []), '--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`)));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function freshServerDatabase(): Promise<string | undefined> {
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
  } catch (error) {
    process.stdout.write(`PostgreSQL at ${serverUrl} not reachable (${String(error)}): skipping it.\n`);
    return undefined;
  }
  await admin.query('DROP DATABASE IF EXISTS natverk_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE natverk_bench');
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = '/natverk_bench';
  return url.toString();
}

async function benchLaunches(kind: 'pglite' | 'postgres', databaseUrl: string | undefined, platform: TestPlatform): Promise<Result[]> {
  const port = await freePort();
  const toolUrl = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-bench-'));
  const env: Record<string, string> = { PORT: String(port), PUBLIC_URL: toolUrl, DATA_DIR: dataDir, ADMIN_TOKEN: adminToken, LTI_KEY: ltiKey, LOG_LEVEL: 'warn' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const tool = await startProcess(['lti-tool/server.ts'], env, /Nätverk is running/);
  try {
    const registration = await registerPlatform(toolUrl, platform, adminToken);
    let user = 0;
    let reported = false;
    const launch = async () => {
      const { response, body, steps } = await new LtiBrowser().launch(registration, platform, { claims: { sub: `u${(user++ % 500) + 1}` } });
      if (response.status !== 200 && !reported) {
        reported = true;
        process.stderr.write(`first failed launch (${kind}): ${steps.join(' | ')}\n${body.slice(0, 400)}\n`);
      }
      return response.status === 200;
    };
    await measure('warm-up', 10, launch);
    const results: Result[] = [];
    for (const concurrency of concurrencies) results.push(await measure(`launch ${kind}`, concurrency, launch));
    return results;
  } finally {
    await stopProcess(tool);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchBare(): Promise<Result[]> {
  const port = await freePort();
  const bare = await startProcess(['bench/bare-server.ts'], { PORT: String(port) }, /listening/);
  try {
    const request = async () => (await fetch(`http://127.0.0.1:${port}/bare`)).status === 200 && true;
    await measure('warm-up', 10, request);
    const results: Result[] = [];
    for (const concurrency of concurrencies) results.push(await measure('bare express', concurrency, request));
    return results;
  } finally {
    await stopProcess(bare);
  }
}

function report(results: Result[]): void {
  const bare = new Map(results.filter((r) => r.label === 'bare express').map((r) => [r.concurrency, r]));
  const rows = results.map((r) => {
    const base = bare.get(r.concurrency);
    return {
      what: r.label,
      clients: r.concurrency,
      'ops/s': r.perSecond.toFixed(1),
      'p50 ms': r.p50.toFixed(1),
      'p99 ms': r.p99.toFixed(1),
      'ops/s vs bare': base && r !== base ? `1/${(base.perSecond / r.perSecond).toFixed(1)}` : '',
      'p50 vs bare': base && r !== base ? `${(r.p50 / base.p50).toFixed(1)}×` : '',
      done: r.count,
      errors: r.errors,
    };
  });
  console.table(rows);
}

async function main(): Promise<void> {
  process.stdout.write(`Launch benchmark: ${durationMs} ms per run, ${os.cpus().length} cores, node ${process.version}\n`);
  const platform = await TestPlatform.start();
  const results: Result[] = [];
  try {
    results.push(...(await benchBare()));
    if (databases.includes('pglite')) results.push(...(await benchLaunches('pglite', undefined, platform)));
    const serverDatabase = databases.includes('postgres') ? await freshServerDatabase() : undefined;
    if (serverDatabase) results.push(...(await benchLaunches('postgres', serverDatabase, platform)));
  } finally {
    await platform.close();
  }
  report(results);
  process.stdout.write('Target (PostgreSQL, 50 clients): ≥ 150 launches/s, p99 < 150 ms.\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
