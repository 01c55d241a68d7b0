/**
 * Live delivery of a gallery walk: N participants' pages hold an SSE stream on one tool process while
 * comments are published at a steady rate; measures the time from a comment's publish to its arrival at
 * every page (p50, p99), lost and repeated events, and the tool process's peak RSS. Then the same with two
 * tool processes behind one port (a round-robin TCP proxy here), as behind a load balancer.
 *
 *   npx tsx bench/gallery-live.ts                    PostgreSQL at BENCH_DATABASE_URL (default: the local
 *                                                    postgresql://natverk:natverk@127.0.0.1:5432/natverk server)
 *   BENCH_SECONDS=20 BENCH_CLIENTS=300 BENCH_RATE=30 npx tsx bench/gallery-live.ts
 *
 * Until the walk's comment route exists, a comment is published by `publishLive` in a transaction of its
 * own from this process; `Publisher` is the seam for posting to POST /l/:handle/gallery/:walkId/comments.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { openDatabase, type Database } from '../lti-tool/db';
import { publishLive, walkTopic } from '../lti-tool/live/publish';
import { testStreamPath } from '../test/support/live-stream';
import { createServerDatabase } from '../test/support/tool-on-server';

const seconds = Number(process.env.BENCH_SECONDS ?? 120);
const clientCount = Number(process.env.BENCH_CLIENTS ?? 300);
const rate = Number(process.env.BENCH_RATE ?? 30);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://natverk:natverk@127.0.0.1:5432/natverk';
const topic = walkTopic(1);
const drainMs = 3_000;

/** Sends comment number `seq`; resolves when the publisher's request (here: its transaction) is done. */
type Publisher = (seq: number) => Promise<void>;

const publishThroughDatabase =
  (database: Database): Publisher =>
  async (seq) => {
    await database.db.transaction((tx) => publishLive(tx, topic, 'comment', { seq, body: `Kommentar ${seq}` }));
  };

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/** A page's stream: counts each comment's arrivals and records its delay from the publish start. */
class Page {
  readonly arrivals: Uint8Array;
  private request: http.ClientRequest | undefined;

  constructor(
    total: number,
    private readonly sentAt: Float64Array,
    private readonly latencies: number[],
  ) {
    this.arrivals = new Uint8Array(total);
  }

  open(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.request = http.get(url, { agent: false, headers: { Accept: 'text/event-stream' } }, (res) => {
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            this.parse(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        });
        resolve();
      });
      this.request.on('error', reject);
    });
  }

  close(): void {
    this.request?.destroy();
  }

  private parse(block: string): void {
    if (!block.includes('event: comment\n')) return;
    const now = performance.now();
    const data = block.slice(block.indexOf('data: ') + 6);
    const seq = (JSON.parse(data) as { payload: { seq: number } }).payload.seq;
    if (this.arrivals[seq] === 0) this.latencies.push(now - this.sentAt[seq]!);
    this.arrivals[seq]! += 1;
  }
}

function startToolProcess(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/gallery-live-tool.ts', databaseUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready (\S+)/.exec(output);
      if (ready) resolve({ child, url: ready[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`tool process exited with ${code}:\n${output}`)));
  });
}

/** The kernel's record of the process's peak resident set (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** One port in front of several tool processes: each new connection goes to the next, in turn. */
function roundRobinProxy(targets: string[]): Promise<{ url: string; close(): void }> {
  let next = 0;
  const server = net.createServer((socket) => {
    const target = new URL(targets[next++ % targets.length]!);
    const upstream = net.connect(Number(target.port), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}

async function run(label: string, processCount: number, databaseUrl: string, publisher: Publisher): Promise<void> {
  const tools = [];
  for (let i = 0; i < processCount; i++) tools.push(await startToolProcess(databaseUrl));
  const proxy = processCount > 1 ? await roundRobinProxy(tools.map((tool) => tool.url)) : undefined;
  const base = proxy?.url ?? tools[0]!.url;

  const total = Math.round(seconds * rate);
  const sentAt = new Float64Array(total);
  const latencies: number[] = [];
  const pages = Array.from({ length: clientCount }, () => new Page(total, sentAt, latencies));
  for (let i = 0; i < pages.length; i += 50) {
    await Promise.all(pages.slice(i, i + 50).map((page, j) => page.open(`${base}${testStreamPath}?topics=${topic}&clientId=bench-${i + j}`)));
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  // Comments start on a fixed schedule, whether or not earlier ones have finished, as phones post them.
  const started = performance.now();
  const publishing: Promise<void>[] = [];
  let failed = 0;
  for (let seq = 0; seq < total; seq++) {
    const due = started + (seq * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sentAt[seq] = performance.now();
    publishing.push(publisher(seq).catch(() => void failed++));
  }
  await Promise.all(publishing);
  await new Promise((resolve) => setTimeout(resolve, drainMs));

  let lost = 0;
  let repeated = 0;
  for (const page of pages) {
    for (const count of page.arrivals) {
      if (count === 0) lost++;
      else if (count > 1) repeated += count - 1;
    }
  }
  const sorted = Float64Array.from(latencies).sort();
  const rss = tools.map((tool) => peakRssMb(tool.child.pid!));
  for (const page of pages) page.close();
  proxy?.close();
  for (const tool of tools) await stopProcess(tool.child);

  const delivered = clientCount * total - lost;
  process.stdout.write(
    `${label}: ${clientCount} pages, ${total} comments at ${rate}/s for ${seconds} s (${failed} failed to publish)\n` +
      `  delivery p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${percentile(sorted, 100).toFixed(1)} ms` +
      ` (${delivered} of ${clientCount * total} deliveries)\n` +
      `  lost ${lost}, repeated ${repeated}\n` +
      `  peak RSS of the tool process${rss.length > 1 ? 'es' : ''}: ${rss.map((mb) => `${mb.toFixed(0)} MB`).join(', ')}\n` +
      // The pages, the proxy and the publisher share this machine with the tools: a busy machine shows in the delays.
      `  machine load average (1 min) at the end: ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores\n`,
  );
}

const database = await createServerDatabase(serverUrl);
const publishing = await openDatabase({ url: database.url, poolSize: 10 });
try {
  process.stdout.write('Comments are published with publishLive in a transaction from the benchmark process (the comment route is not on this branch).\n');
  await run('one tool process', 1, database.url, publishThroughDatabase(publishing));
  await run('two tool processes behind one port', 2, database.url, publishThroughDatabase(publishing));
} finally {
  await publishing.close();
  await database.drop();
}
