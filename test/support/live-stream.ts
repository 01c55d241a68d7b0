import http from 'node:http';
import express from 'express';
import type { RunningTool } from '../../lti-tool/tool';
import { openEventStream } from '../../lti-tool/routes/http/sse';

/** Where the test stream is served on a tool's own port (no such route exists in the app). */
export const testStreamPath = '/_test/live-events';

/**
 * Serves `openEventStream` on the tool's own HTTP server, in front of the app, so a test stream is one of
 * the tool's connections (and must not hold up its stop). Topics, client id and heartbeat come from the
 * query; every event is delivered as `{ topic, payload }` under its kind.
 */
export function mountTestStream(tool: RunningTool): void {
  const streams = express();
  streams.get(testStreamPath, (req, res) => {
    openEventStream(req, res, tool.live, {
      topics: String(req.query.topics ?? '').split(',').filter(Boolean),
      clientId: typeof req.query.clientId === 'string' ? req.query.clientId : undefined,
      heartbeatMs: req.query.heartbeatMs ? Number(req.query.heartbeatMs) : undefined,
      deliver: (event) => (event.kind === 'skip' ? null : { event: event.kind, data: { topic: event.topic, payload: event.payload } }),
    });
  });
  const [app] = tool.server.listeners('request') as http.RequestListener[];
  tool.server.removeAllListeners('request');
  tool.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => (req.url?.startsWith(testStreamPath) ? streams(req, res) : app!(req, res)));
}

export interface StreamEvent {
  id: number | null;
  event: string;
  data: unknown;
}

/** Splits an SSE stream into its blocks (an event, a comment, a retry), however the chunks fall. */
export function sseBlocks(): (chunk: string) => string[] {
  let buffer = '';
  return (chunk) => {
    buffer += chunk;
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    return blocks;
  };
}

/** A client of an SSE stream, as a browser's EventSource reads it (plain node http, no reconnecting). */
export class TestStream {
  readonly events: StreamEvent[] = [];
  readonly comments: string[] = [];
  headers: http.IncomingHttpHeaders = {};
  retry: number | null = null;
  ended = false;
  private request!: http.ClientRequest;
  private waiters: Array<() => void> = [];

  static async open(url: string, headers: Record<string, string> = {}): Promise<TestStream> {
    const stream = new TestStream();
    await new Promise<void>((resolve, reject) => {
      stream.request = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
        stream.headers = res.headers;
        res.setEncoding('utf8');
        const blocksOf = sseBlocks();
        res.on('data', (chunk: string) => {
          for (const block of blocksOf(chunk)) stream.parse(block);
          if (stream.retry !== null) resolve();
        });
        res.on('close', () => {
          stream.ended = true;
          stream.wake();
          resolve();
        });
      });
      stream.request.on('error', reject);
    });
    return stream;
  }

  /** Resolves once `probe` holds, re-checked on every event (or fails after `timeoutMs`). */
  async until(probe: (stream: TestStream) => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!probe(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; events so far: ${JSON.stringify(this.events.map((event) => event.id))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.request.destroy();
  }

  get ids(): Array<number | null> {
    return this.events.map((event) => event.id);
  }

  private parse(block: string): void {
    let id: number | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('retry: ')) this.retry = Number(line.slice(7));
      else if (line.startsWith('id: ')) id = Number(line.slice(4));
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length > 0) this.events.push({ id, event, data: JSON.parse(data.join('\n')) });
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
