import { expect } from 'chai';
import { pino } from 'pino';
import { FileStore } from '../../lti-tool/files/file-store';
import { startHousekeeping } from '../../lti-tool/jobs/housekeeping';
import { liveConnections, liveEvents } from '../../models/schema';
import type { Db } from '../../lti-tool/db';
import { publishLive } from '../../lti-tool/live/publish';
import { countConnections } from '../../lti-tool/live/presence';
import { mountTestStream, testStreamPath, TestStream } from '../support/live-stream';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const publish = (db: Db, topic: string, kind = 'comment', payload: Record<string, unknown> = {}) => db.transaction((tx) => publishLive(tx, topic, kind, payload));

describe('The live bus and its event streams', () => {
  let t: ToolUnderTest;
  const open: TestStream[] = [];
  const stream = async (query: string, headers: Record<string, string> = {}) => {
    const opened = await TestStream.open(`${t.url}${testStreamPath}?${query}`, headers);
    open.push(opened);
    return opened;
  };

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    mountTestStream(t.tool);
  });
  afterEach(() => {
    for (const opened of open.splice(0)) opened.close();
  });
  after(async () => {
    await t.close();
  });

  it('when an event is published in a committed transaction, then an open stream on its topic receives it with its id, name and data', async () => {
    const page = await stream('topics=walk:1');
    expect(page.headers['content-type']).to.match(/^text\/event-stream/);
    expect(page.headers['cache-control']).to.equal('no-cache, no-transform');
    expect(page.headers['x-accel-buffering']).to.equal('no');
    expect(page.retry).to.be.a('number');

    const id = await publish(t.database.db, 'walk:1', 'comment', { body: 'Fin bild 2' });
    await page.until((s) => s.events.length === 1);
    expect(page.events[0]).to.deep.equal({ id, event: 'comment', data: { topic: 'walk:1', payload: { body: 'Fin bild 2' } } });
  });

  it('when the publishing transaction rolls back, then its event never reaches a stream, and the next committed one does', async () => {
    const page = await stream('topics=walk:2');
    let rolledBack = false;
    await t.database.db
      .transaction(async (tx) => {
        await publishLive(tx, 'walk:2', 'comment', { body: 'never' });
        throw new Error('roll back');
      })
      .catch(() => (rolledBack = true));
    expect(rolledBack).to.equal(true);
    const id = await publish(t.database.db, 'walk:2', 'comment', { body: 'kept' });
    await page.until((s) => s.events.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(page.events.map((event) => [event.id, (event.data as { payload: { body: string } }).payload.body])).to.deep.equal([[id, 'kept']]);
  });

  it('when two streams listen on different topics, then each receives only its own topic’s events', async () => {
    const a = await stream('topics=walk:3');
    const b = await stream('topics=walk:4');
    const forA = await publish(t.database.db, 'walk:3');
    const forB = await publish(t.database.db, 'walk:4');
    const forNeither = await publish(t.database.db, 'walk:5');
    const forBoth = [await publish(t.database.db, 'walk:3'), await publish(t.database.db, 'walk:4')];
    await a.until((s) => s.events.length === 2);
    await b.until((s) => s.events.length === 2);
    expect(a.ids).to.deep.equal([forA, forBoth[0]]);
    expect(b.ids).to.deep.equal([forB, forBoth[1]]);
    expect([...a.ids, ...b.ids]).not.to.include(forNeither);
  });

  it('when a page reconnects with Last-Event-ID, then it gets exactly the events it missed, once each and in order, then live ones', async () => {
    const first = await stream('topics=walk:6');
    const seen = [await publish(t.database.db, 'walk:6'), await publish(t.database.db, 'walk:6')];
    await first.until((s) => s.events.length === 2);
    first.close();
    const missed: number[] = [];
    for (let i = 0; i < 5; i++) {
      missed.push(await publish(t.database.db, 'walk:6', 'comment', { i }));
      await publish(t.database.db, 'walk:7');
    }

    const again = await stream('topics=walk:6', { 'Last-Event-ID': String(seen[1]) });
    await again.until((s) => s.events.length === 5);
    const live = await publish(t.database.db, 'walk:6');
    await again.until((s) => s.events.length === 6);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(again.ids).to.deep.equal([...missed, live]);
  });

  it('when a page reconnects while events are being published, then nothing is lost or repeated between the replay and the live events', async () => {
    const before = await publish(t.database.db, 'walk:8');
    const published: number[] = [];
    const publishing = (async () => {
      for (let i = 0; i < 40; i++) published.push(await publish(t.database.db, 'walk:8', 'comment', { i }));
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const page = await stream(`topics=walk:8&lastEventId=${before}`);
    await publishing;
    await page.until((s) => s.events.length >= published.length);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(page.ids).to.deep.equal(published);
  });

  it('when the page’s deliver skips an event, then that stream is not sent it and the next one still arrives', async () => {
    const page = await stream('topics=walk:9');
    await publish(t.database.db, 'walk:9', 'skip');
    const shown = await publish(t.database.db, 'walk:9', 'comment');
    await page.until((s) => s.events.length === 1);
    expect(page.ids).to.deep.equal([shown]);
  });

  it('when a stream stays quiet, then heartbeat comments keep it open', async () => {
    const page = await stream('topics=walk:10&heartbeatMs=50');
    await page.until((s) => s.comments.filter((comment) => comment === 'heartbeat').length >= 2, 2_000);
    expect(page.ended).to.equal(false);
  });

  it('when a tab connects and then drops, then it counts as connected, then as reconnecting, and the counts are published on the topic', async () => {
    const screen = await stream('topics=walk:11');
    const phone = await stream('topics=walk:11&clientId=tab-1');
    await screen.until((s) => s.events.some((event) => event.event === 'presence'));
    expect(await countConnections(t.database.db, 'walk:11', new Date())).to.deep.equal({ connected: 1, reconnecting: 0 });
    expect(screen.events.filter((event) => event.event === 'presence').at(-1)!.data).to.deep.equal({ topic: 'walk:11', payload: { connected: 1, reconnecting: 0 } });

    phone.close();
    await screen.until((s) => s.events.filter((event) => event.event === 'presence').length === 2);
    expect(screen.events.at(-1)!.data).to.deep.equal({ topic: 'walk:11', payload: { connected: 0, reconnecting: 1 } });

    const back = await stream('topics=walk:11&clientId=tab-1');
    await screen.until((s) => s.events.filter((event) => event.event === 'presence').length === 3);
    expect(screen.events.at(-1)!.data).to.deep.equal({ topic: 'walk:11', payload: { connected: 1, reconnecting: 0 } });
    back.close();
  });
});

describe('Housekeeping of the live log', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  it('when housekeeping runs, then live events and connections older than a day are removed and newer ones kept', async () => {
    const db = t.database.db;
    const dayAndMore = new Date(Date.now() - 25 * 60 * 60_000);
    await db.insert(liveEvents).values({ topic: 'walk:1', kind: 'comment', payload: {}, createdAt: dayAndMore });
    const kept = await publish(db, 'walk:1');
    await db.insert(liveConnections).values([
      { id: 'old', topic: 'walk:1', clientId: 'a', connectedAt: dayAndMore, lastSeenAt: dayAndMore, closedAt: dayAndMore },
      { id: 'new', topic: 'walk:1', clientId: 'b' },
    ]);
    const job = startHousekeeping({ db, files: new FileStore(t.config.uploadsDir), logger: pino({ level: 'silent' }), intervalMs: 60_000 });
    await job.runOnce();
    await job.stop();
    expect((await db.select({ id: liveEvents.id }).from(liveEvents)).map((row) => row.id)).to.deep.equal([kept]);
    expect((await db.select({ id: liveConnections.id }).from(liveConnections)).map((row) => row.id)).to.deep.equal(['new']);
  });
});

describe('Stopping the tool with live streams open', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    mountTestStream(t.tool);
  });
  after(async () => {
    await t.close();
  });

  it('when the tool stops, then its open streams end at once and stop() does not wait out the grace period', async () => {
    const pages = await Promise.all([1, 2, 3].map((n) => TestStream.open(`${t.url}${testStreamPath}?topics=walk:${n}&clientId=tab-${n}`)));
    await publish(t.database.db, 'walk:1');
    await pages[0]!.until((s) => s.events.length === 1);

    const started = Date.now();
    await t.restart();
    const tookMs = Date.now() - started;
    expect(tookMs, 'stop() took').to.be.below(2_000);
    for (const page of pages) await page.until((s) => s.ended, 1_000);
    expect(await countConnections(t.database.db, 'walk:1', new Date())).to.deep.equal({ connected: 0, reconnecting: 1 });
  });
});
