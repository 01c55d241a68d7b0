// Stand-in for Helper B's SSE endpoint helper, to the contract's signature.
import type { Request, Response } from 'express';
import type { LiveBus, LiveEvent } from '../../live/bus';

export interface EventStreamOptions {
  topics: string[];
  clientId?: string;
  userId?: number;
  deliver: (event: LiveEvent) => { event?: string; data: unknown } | null;
}

export function openEventStream(req: Request, res: Response, live: LiveBus, options: EventStreamOptions): void {
  const header = req.get('last-event-id') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
  const afterId = header && /^\d+$/.test(header) ? Number(header) : null;
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  res.write('retry: 2000\n\n');
  const unsubscribe = live.subscribe(options.topics, afterId, (event) => {
    const delivered = options.deliver(event);
    if (!delivered) {
      res.write(`id: ${event.id}\n\n`);
      return;
    }
    res.write(`id: ${event.id}\nevent: ${delivered.event ?? event.kind}\ndata: ${JSON.stringify(delivered.data)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
  const close = () => {
    clearInterval(heartbeat);
    unsubscribe();
    stopListening();
    res.end();
  };
  const stopListening = live.onStop(close);
  req.on('close', close);
}
