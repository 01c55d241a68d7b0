/**
 * Live delivery of a gallery walk through the real path of a comment: N participants, each launched from the
 * test platform with their own session, hold the walk's SSE stream (GET /l/<handle>/gallery/<walkId>/events)
 * on a tool process on the PostgreSQL server, while participants post comments at a steady rate through
 * POST /l/<handle>/gallery/<walkId>/comments (rotating, never at their own station, each with its own
 * clientKey). For each comment: the time from the start of its POST to its arrival on every other open page
 * (p50, p99), comments lost (expected on a page, never arrived) and duplicated, and each tool process's peak
 * RSS. Then the same with two tool processes on the same database behind one port (a round-robin TCP proxy).
 *
 *   npx tsx bench/gallery-live.ts        PostgreSQL at BENCH_DATABASE_URL (default: the local server .ci/run starts)
 *   BENCH_SECONDS=20 BENCH_CLIENTS=300 BENCH_RATE=30 npx tsx bench/gallery-live.ts
 *   BENCH_PUBLISHER=database             comments published with publishLive from this process instead of
 *                                        posted (the live bus and streams alone, for comparison)
 *
 * The launches, uploads and the walk are made first, in a tool process of their own that is stopped before
 * the measured runs; each run starts fresh tool processes, so their peak RSS is the run's, opens the pages,
 * and posts BENCH_WARMUP_SECONDS (default 5) of uncounted comments before the measured window.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { openDatabase, type Database } from '../lti-tool/db';
import { publishLive, walkTopic } from '../lti-tool/live/publish';
import { TestPlatform } from '../test/support/platform';
import { createServerDatabase } from '../test/support/tool-on-server';
import { seedBenchWalk, type BenchWalk, type Walker } from './gallery-live-setup';
import { registerPlatform } from './platform-registration';
import { benchServerUrl, requireServer } from './bench-server';
import { sseBlocks } from '../test/support/live-stream';

const seconds = Number(process.env.BENCH_SECONDS ?? 120);
const clientCount = Number(process.env.BENCH_CLIENTS ?? 300);
const rate = Number(process.env.BENCH_RATE ?? 30);
const publisherKind = process.env.BENCH_PUBLISHER ?? 'post';
const serverUrl = benchServerUrl;
const adminToken = 'test-admin-token-0123456789'; // what startToolOn gives the tool
const drainMs = 5_000;
/** Comments posted before the measured window, uncounted: a fresh process's first requests run cold code. */
const warmUpSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);

/** One comment of a run: who posts it, where, and when its POST started. */
interface Planned {
  poster: number;
  stationId: number;
  slide: number;
}

/** Sends comment `seq` of the run tagged `tag`; resolves true when the tool took it (201). */
type Publisher = (base: string, tag: string, seq: number, planned: Planned) => Promise<boolean>;

const bodyOf = (tag: string, seq: number) => `Kommentar ${tag}#${seq}: tydlig struktur, fler exempel från klassrummet på bild 2?`;

/** Participant `poster` comments at the station of another participant, a different one each time round. */
function plan(walk: BenchWalk, seq: number): Planned {
  const n = walk.walkers.length;
  const poster = seq % n;
  const step = 1 + (Math.floor(seq / n) % (n - 1));
  return { poster, stationId: walk.walkers[(poster + step) % n]!.stationId, slide: (seq % 3) + 1 };
}

function postThroughRoute(walk: BenchWalk, failures: string[]): Publisher {
  return (base, tag, seq, planned) => {
    const walker = walk.walkers[planned.poster]!;
    const body = JSON.stringify({ _csrf: walker.csrf, stationId: planned.stationId, slide: planned.slide, promptIndex: seq % 3, body: bodyOf(tag, seq), clientKey: `bench-${tag}-${seq}` });
    const url = new URL(`${walker.base}/gallery/${walk.walkId}/comments`, base);
    return new Promise((resolve) => {
      // A connection of its own, as each phone has: behind the proxy, posts spread over the processes.
      const request = http.request(url, { method: 'POST', agent: false, headers: { cookie: walker.cookie, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          if (res.statusCode !== 201) failures.push(`${res.statusCode} ${text.slice(0, 200)}`);
          resolve(res.statusCode === 201);
        });
      });
      request.on('error', (error) => {
        failures.push(String(error));
        resolve(false);
      });
      request.end(body);
    });
  };
}

/** The live bus alone: the comment event the route would publish, written by publishLive from here. */
function publishThroughDatabase(walk: BenchWalk, database: Database, failures: string[]): Publisher {
  return async (_base, tag, seq, planned) => {
    const walker = walk.walkers[planned.poster]!;
    const event = { id: seq, stationId: planned.stationId, slide: planned.slide, promptIndex: seq % 3, body: bodyOf(tag, seq), region: null, notesSentence: null, notesQuote: null, round: 1, commenterId: walker.userId, commenterName: `Walker ${planned.poster + 1}`, anonymous: false, createdAt: new Date().toISOString() };
    try {
      await database.db.transaction((tx) => publishLive(tx, walkTopic(walk.walkId), 'comment', event));
      return true;
    } catch (error) {
      failures.push(String(error));
      return false;
    }
  };
}

/** What a run counts, shared by its pages. */
class Tally {
  readonly sentAt: Float64Array;
  readonly accepted: Uint8Array;
  readonly posters: Int32Array;
  readonly latencies: Float64Array;
  latencyCount = 0;

  constructor(readonly tag: string, total: number, pages: number) {
    this.sentAt = new Float64Array(total);
    this.accepted = new Uint8Array(total);
    this.posters = new Int32Array(total);
    this.latencies = new Float64Array(total * pages);
  }
}

/** One participant's open page: their session's SSE stream of the walk, read as EventSource reads it. */
class Page {
  readonly arrivals: Uint8Array;
  dropped = false;
  private request: http.ClientRequest | undefined;
  private closing = false;

  constructor(
    readonly index: number,
    private readonly tally: Tally,
  ) {
    this.arrivals = new Uint8Array(tally.sentAt.length);
  }

  open(url: URL, cookie: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.request = http.get(url, { agent: false, headers: { Accept: 'text/event-stream', cookie } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream of page ${this.index}: ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        const blocksOf = sseBlocks();
        res.on('data', (chunk: string) => {
          for (const block of blocksOf(chunk)) this.parse(block);
          resolve(); // the stream's first block (retry:) has come: the page is connected
        });
        res.on('close', () => {
          if (!this.closing) this.dropped = true;
        });
      });
      this.request.on('error', (error) => (this.closing ? undefined : reject(error)));
    });
  }

  close(): void {
    this.closing = true;
    this.request?.destroy();
  }

  private parse(block: string): void {
    if (!block.includes('\nevent: comment\n')) return;
    const now = performance.now();
    // The comment's number is in its body; no JSON.parse per event keeps this process light.
    const match = new RegExp(`Kommentar ${this.tally.tag}#(\\d+):`).exec(block);
    if (!match) return;
    const seq = Number(match[1]);
    if (this.arrivals[seq] === 0 && this.tally.posters[seq] !== this.index) this.tally.latencies[this.tally.latencyCount++] = now - this.tally.sentAt[seq]!;
    this.arrivals[seq]! += 1;
  }
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

function startToolProcess(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(process.env.BENCH_TOOL_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'bench/gallery-live-tool.ts', databaseUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready (\S+)/.exec(output);
      if (ready) resolve({ child, url: ready[1]! });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`tool process exited with ${code}:\n${output}`)));
  });
}

/** The kernel's record of the process's peak resident set (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** CPU seconds the process has used (user + system), from /proc/<pid>/stat in clock ticks of 1/100 s. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `send(seq)` for seq 0..count-1 at `rate` per second from `started`, whether or not earlier ones have
 * finished, as phones post them; resolves, once all have started, to their promises.
 */
async function onSchedule(started: number, count: number, send: (seq: number) => Promise<void>): Promise<Array<Promise<void>>> {
  const sending: Array<Promise<void>> = [];
  for (let seq = 0; seq < count; seq++) {
    const wait = started + (seq * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    sending.push(send(seq));
  }
  return sending;
}

async function run(label: string, tag: string, processCount: number, databaseUrl: string, walk: BenchWalk, publisher: Publisher, failures: string[]): Promise<void> {
  const tools = [];
  for (let i = 0; i < processCount; i++) tools.push(await startToolProcess(databaseUrl));
  const proxy = processCount > 1 ? await roundRobinProxy(tools.map((tool) => tool.url)) : undefined;
  const base = proxy?.url ?? tools[0]!.url;

  const total = Math.round(seconds * rate);
  const tally = new Tally(tag, total, walk.walkers.length);
  const pages = walk.walkers.map((_, index) => new Page(index, tally));
  const streamUrl = (walker: Walker, index: number) => new URL(`${walker.base}/gallery/${walk.walkId}/events?clientId=bench-page-${index}`, base);
  for (let i = 0; i < pages.length; i += 25) {
    await Promise.all(pages.slice(i, i + 25).map((page) => page.open(streamUrl(walk.walkers[page.index]!, page.index), walk.walkers[page.index]!.cookie)));
  }
  await sleep(1_000);

  // Warm-up comments carry another tag, which the pages do not count.
  await Promise.all(await onSchedule(performance.now(), Math.round(warmUpSeconds * rate), (seq) => publisher(base, `${tag}w`, seq, plan(walk, seq)).then(() => undefined)));
  failures.length = 0;

  const postTimes: number[] = [];
  const cpuBefore = tools.map((tool) => cpuSeconds(tool.child.pid!));
  const started = performance.now();
  const posting = await onSchedule(started, total, (seq) => {
    const planned = plan(walk, seq);
    tally.posters[seq] = planned.poster;
    const sentAt = (tally.sentAt[seq] = performance.now());
    return publisher(base, tag, seq, planned).then((ok) => {
      tally.accepted[seq] = ok ? 1 : 0;
      postTimes.push(performance.now() - sentAt);
    });
  });
  const lateness = performance.now() - (started + ((total - 1) * 1000) / rate);
  await Promise.all(posting);
  const cpu = tools.map((tool, i) => (cpuSeconds(tool.child.pid!) - cpuBefore[i]!) / ((performance.now() - started) / 1000));

  // A comment in this walk (not anonymous, no hideUntilPosted) goes to every open page, the poster's included
  // (openWalkStream's deliver): each page should see each accepted comment once.
  const accepted = tally.accepted.reduce((sum, ok) => sum + ok, 0);
  const expected = accepted * pages.length;
  const arrived = () => pages.reduce((sum, page) => sum + page.arrivals.reduce((n, count, seq) => n + (count > 0 && tally.accepted[seq] ? 1 : 0), 0), 0);
  for (const deadline = performance.now() + drainMs; performance.now() < deadline && arrived() < expected; ) await sleep(250);

  let lost = 0;
  let duplicated = 0;
  const lostComments = new Set<number>();
  const duplicatedComments = new Set<number>();
  for (const page of pages) {
    page.arrivals.forEach((count, seq) => {
      if (tally.accepted[seq] && count === 0) {
        lost++;
        lostComments.add(seq);
      } else if (count > 1) {
        duplicated += count - 1;
        duplicatedComments.add(seq);
      }
    });
  }
  const dropped = pages.filter((page) => page.dropped).length;
  const latencies = tally.latencies.subarray(0, tally.latencyCount).sort();
  const posts = Float64Array.from(postTimes).sort();
  const rss = tools.map((tool) => peakRssMb(tool.child.pid!));
  const load = os.loadavg();
  for (const page of pages) page.close();
  proxy?.close();
  for (const tool of tools) await stopProcess(tool.child);

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  process.stdout.write(
    `${label}: ${pages.length} pages, ${total} comments at ${rate}/s for ${seconds} s, ${publisherKind === 'post' ? 'posted through the route' : 'published from the benchmark'}\n` +
      `  accepted ${accepted}, refused or failed ${total - accepted}${failures.length ? ` (first: ${failures[0]})` : ''}; the last post started ${ms(lateness)} after its time\n` +
      `  post → other pages: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(percentile(latencies, 100))} (${latencies.length} arrivals)\n` +
      `  post answered: p50 ${ms(percentile(posts, 50))}, p99 ${ms(percentile(posts, 99))}\n` +
      `  lost ${lost} deliveries (${lostComments.size} comments), duplicated ${duplicated} deliveries (${duplicatedComments.size} comments), streams dropped ${dropped}\n` +
      `  peak RSS of the tool process${rss.length > 1 ? 'es' : ''}: ${rss.map((mb) => `${mb.toFixed(0)} MB`).join(', ')}; CPU while posting: ${cpu.map((share) => `${(share * 100).toFixed(0)} %`).join(', ')} of a core\n` +
      // The pages, the proxy and the posters share this machine with the tools: a busy machine shows in the delays.
      `  load average (1, 5, 15 min) at the end: ${load.map((n) => n.toFixed(2)).join(', ')} on ${os.cpus().length} cores\n`,
  );
}

async function main(): Promise<void> {
  if (!['post', 'database'].includes(publisherKind)) throw new Error(`BENCH_PUBLISHER is "post" (default) or "database", not "${publisherKind}"`);
  await requireServer('gallery walk');
  const database = await createServerDatabase(serverUrl);
  const platform = await TestPlatform.start();
  const access = await openDatabase({ url: database.url, poolSize: 10 });
  try {
    const setupStarted = performance.now();
    const setupTool = await startToolProcess(database.url);
    let walk: BenchWalk;
    try {
      const registration = await registerPlatform(setupTool.url, platform, adminToken);
      walk = await seedBenchWalk(access.db, { registration, platform }, clientCount);
    } finally {
      await stopProcess(setupTool.child);
    }
    process.stdout.write(`Gallery walk live delivery: ${clientCount} participants launched, decks uploaded and the walk made in ${((performance.now() - setupStarted) / 1000).toFixed(0)} s (not measured)\n`);
    const failures: string[] = [];
    const publisher = publisherKind === 'post' ? postThroughRoute(walk, failures) : publishThroughDatabase(walk, access, failures);
    await run('one tool process', 'one', 1, database.url, walk, publisher, failures);
    await run('two tool processes behind one port', 'two', 2, database.url, walk, publisher, failures);
    process.stdout.write('Targets: p99 < 150 ms, lost 0, duplicated 0, peak RSS < 300 MB.\n');
  } finally {
    await access.close();
    await platform.close();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
