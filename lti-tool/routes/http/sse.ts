import type { Request, Response } from 'express';
import type { LiveEvent, LiveStreams } from '../../live/types';

export interface EventStreamOptions {
  topics: string[];
  /** The tab's own id (from the page), for the connected/reconnecting counts; no presence without it. */
  clientId?: string;
  userId?: number | null;
  /** What this viewer is sent for an event, or null to skip it; runs in memory, once per event and stream. */
  deliver: (event: LiveEvent) => { event?: string; data: unknown } | null;
  heartbeatMs?: number;
}

const retryMs = 3_000;
const heartbeatMs = 15_000;
/** A page that reads slower than this much is waiting is cut off; it reconnects and catches up from its last id. */
const maxBacklogBytes = 1 << 20;
const clientIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** The last event id the page saw: the browser's Last-Event-ID header, or `lastEventId` from a page that reconnects by itself. */
function lastEventId(req: Request): number | null {
  const raw = req.get('Last-Event-ID') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
  if (raw === undefined || !/^\d{1,15}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/**
 * Answers with a Server-Sent Events stream of the topics' events: missed ones first when the page says
 * which it saw last, then live ones, each with its id; a comment line keeps proxies from closing a quiet
 * stream. The stream ends when the page goes or the tool stops (the bus ends every subscription first, so
 * open streams never hold up a shutdown).
 */
export function openEventStream(req: Request, res: Response, live: LiveStreams, options: EventStreamOptions): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(`retry: ${retryMs}\n\n`);

  let ended = false;
  const send = (text: string) => {
    if (ended) return;
    res.write(text);
    if (res.writableLength > maxBacklogBytes) finish();
  };
  const unsubscribe = live.subscribe(
    options.topics,
    lastEventId(req),
    (event) => {
      const out = options.deliver(event);
      if (!out) return;
      const name = out.event ?? event.kind;
      send(`id: ${event.id}\nevent: ${name.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(out.data)}\n\n`);
    },
    () => finish(),
  );
  const heartbeat = setInterval(() => send(': heartbeat\n\n'), options.heartbeatMs ?? heartbeatMs);
  heartbeat.unref();
  const clientId = options.clientId && clientIdPattern.test(options.clientId) ? options.clientId : undefined;
  const leave = clientId && options.topics[0] ? live.presence.track(options.topics[0], clientId, options.userId ?? null) : undefined;

  function finish() {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    unsubscribe();
    leave?.();
    res.end();
  }
  req.on('close', finish);
  res.on('close', finish);
}
