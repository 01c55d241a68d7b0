import { expect } from 'chai';
import pg from 'pg';
import type { Db } from '../../lti-tool/db';
import { publishLive } from '../../lti-tool/live/publish';
import { mountTestStream, testStreamPath, TestStream } from '../support/live-stream';
import { createServerDatabase, startToolOn, type ToolProcess } from '../support/tool-on-server';

const serverUrl = process.env.TEST_DATABASE_URL;
const publish = (db: Db, topic: string, payload: Record<string, unknown> = {}) => db.transaction((tx) => publishLive(tx, topic, 'comment', payload));

// LISTEN/NOTIFY between processes needs a server; PGlite is one process's database.
const title = serverUrl ? 'Two tool processes on one PostgreSQL server' : 'Two tool processes on one PostgreSQL server (skipped: set TEST_DATABASE_URL to run them)';

describe(title, function () {
  let database: { url: string; drop(): Promise<void> };
  let one: ToolProcess;
  let two: ToolProcess;
  const open: TestStream[] = [];
  const stream = async (on: ToolProcess, query: string) => {
    const opened = await TestStream.open(`${on.tool.url}${testStreamPath}?${query}`);
    open.push(opened);
    return opened;
  };

  before(async function () {
    if (!serverUrl) this.skip();
    database = await createServerDatabase(serverUrl!);
    // ltijs is one per Node process: the second tool takes it over, pointed at the same database.
    one = await startToolOn(database.url);
    two = await startToolOn(database.url);
    mountTestStream(one.tool);
    mountTestStream(two.tool);
  });
  afterEach(() => {
    for (const opened of open.splice(0)) opened.close();
  });
  after(async () => {
    await one?.close();
    await two?.close();
    await database?.drop();
  });

  it('when an event is published through one process, then a stream opened on the other receives it, and so does one on the first', async () => {
    const onTwo = await stream(two, 'topics=walk:1');
    const onOne = await stream(one, 'topics=walk:1');
    const id = await publish(one.database.db, 'walk:1', { body: 'hej' });
    await onTwo.until((s) => s.events.length === 1);
    await onOne.until((s) => s.events.length === 1);
    expect(onTwo.events[0]).to.deep.equal({ id, event: 'comment', data: { topic: 'walk:1', payload: { body: 'hej' } } });
    expect(onOne.ids).to.deep.equal([id]);
  });

  it('when a slower transaction drew its event id before a faster one committed, then streams still get both events, in id order', async () => {
    const page = await stream(two, 'topics=walk:2');
    let releaseSlow!: () => void;
    const slowMayCommit = new Promise<void>((resolve) => (releaseSlow = resolve));
    let slowPublished!: () => void;
    const slowHasId = new Promise<void>((resolve) => (slowPublished = resolve));
    const slow = one.database.db.transaction(async (tx) => {
      const id = await publishLive(tx, 'walk:2', 'comment', { who: 'slow' });
      slowPublished();
      await slowMayCommit;
      return id;
    });
    await slowHasId;
    const fast = publish(two.database.db, 'walk:2', { who: 'fast' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    releaseSlow();
    const ids = [await slow, await fast];
    await page.until((s) => s.events.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(page.ids).to.deep.equal(ids);
    expect(ids[0]).to.be.below(ids[1]!);
  });

  it('when a process’s listening connection is cut, then it listens again and delivers what was published meanwhile', async () => {
    const page = await stream(two, 'topics=walk:3');
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%'`);
      expect(rowCount, 'listening connections cut').to.equal(2);
    } finally {
      await admin.end();
    }
    const id = await publish(one.database.db, 'walk:3');
    await page.until((s) => s.events.length === 1, 15_000);
    expect(page.ids).to.deep.equal([id]);
    const next = await publish(one.database.db, 'walk:3');
    await page.until((s) => s.events.length === 2);
    expect(page.ids).to.deep.equal([id, next]);
  });
});
