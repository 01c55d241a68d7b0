import { buildPlatformCourse } from '../support/factories';
import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { startGradeOutbox, type GradeOutbox } from '../../lti-tool/jobs/grade-outbox';
import {
  ServiceClient,
  ServiceError,
  appendPath,
  parseLinkHeader,
  withQuery,
} from '../../lti-tool/lti/service-client';
import type { LtijsPlatform } from '../../lti-tool/lti/provider';
import { AppError } from '../../lti-tool/errors';
import { findOrCreateLineItem, gradesForLeader, listOutbox, queueScore, sendQueuedScore, type ScoreInput } from '../../lti-tool/services/grades';
import { claimDueScores } from '../../models/grades';
import { upsertUser, type ContextRow, type UserRow } from '../../models/launches';
import { findPlatform } from '../../models/platforms';
import { gradeOutbox, lineItems } from '../../models/schema';
import { DEFAULT_CONTEXT } from '../support/platform-claims';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { actorIn } from '../support/actors';

const silent = pino({ level: 'silent' });
const minutes = (n: number) => n * 60_000;

describe('grades to the platform (AGS)', () => {
  let t: ToolUnderTest;
  let context: ContextRow;
  let learner: UserRow;
  let stranger: UserRow;
  let jobs: GradeOutbox[] = [];

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    const db = t.database.db;
    const course = await buildPlatformCourse(t);
    const platform = course.platform;
    context = course.context;
    // '3' is enrolled in the platform's course; '99' is not, so the platform refuses scores for them.
    learner = await upsertUser(db, platform.id, { sub: '3', name: 'Erik Johansson' });
    stranger = await upsertUser(db, platform.id, { sub: '99', name: 'Not Enrolled' });
  });

  after(async () => {
    await t.close();
  });

  beforeEach(async () => {
    t.platform.scores = [];
    t.platform.lineItems = [];
    t.platform.failWith(null);
    await t.database.db.delete(gradeOutbox);
    await t.database.db.delete(lineItems);
  });

  afterEach(async () => {
    await Promise.all(jobs.map((job) => job.stop()));
    jobs = [];
  });

  /** A job that only runs when the test says so, with its own clock. */
  const outbox = (options: { now?: () => Date; services?: ServiceClient } = {}) => {
    const job = startGradeOutbox({ db: t.database.db, lti: t.tool.lti, logger: silent, pollMs: 3_600_000, random: () => 0.5, ...options });
    jobs.push(job);
    return job;
  };
  const score = (overrides: Partial<ScoreInput> = {}): ScoreInput => ({
    contextId: context.id,
    userId: learner.id,
    resourceId: 'progress',
    label: 'Nätverkets progression',
    scoreGiven: 7,
    scoreMaximum: 10,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    comment: 'Fint arbete med redovisning A.',
    ...overrides,
  });
  const rowOf = async (id: number) => {
    const [row] = await t.database.db.select().from(gradeOutbox).where(eq(gradeOutbox.id, id));
    if (!row) throw new Error(`outbox row ${id} missing`);
    return row;
  };
  const later = (ms: number) => () => new Date(Date.now() + ms);

  describe('sending', () => {
    it('when a queued score is sent, then it arrives at the platform with every score field and the user’s sub', async () => {
      const timestamp = new Date('2026-11-22T10:15:30.000Z');
      const queued = await queueScore(t.database.db, score({ timestamp }));

      expect(await outbox().runOnce()).to.equal(1);

      expect(t.platform.scores).to.have.length(1);
      const sent = t.platform.scores[0]!;
      expect(sent.body).to.deep.equal({
        userId: '3',
        scoreGiven: 7,
        scoreMaximum: 10,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        comment: 'Fint arbete med redovisning A.',
        timestamp: '2026-11-22T10:15:30.000Z',
      });
      expect(sent.lineItemUrl).to.equal(t.platform.lineItems[0]?.id);
      const row = await rowOf(queued.id);
      expect(row).to.include({ state: 'sent', attempts: 1, lastError: null });
      expect(row.sentAt).to.be.instanceOf(Date);
    });

    it('when a score has no scoreGiven yet, then scoreMaximum is still sent', async () => {
      await queueScore(t.database.db, score({ scoreGiven: undefined, comment: undefined, activityProgress: 'Submitted', gradingProgress: 'PendingManual' }));
      await outbox().runOnce();
      expect(t.platform.scores[0]?.body).to.include({ scoreMaximum: 10, activityProgress: 'Submitted', gradingProgress: 'PendingManual' });
      expect(t.platform.scores[0]?.body).not.to.have.any.keys('scoreGiven', 'comment');
    });

    it('when several scores are sent, then one access token serves them all', async () => {
      const client = new ServiceClient(t.tool.lti.provider);
      const before = t.platform.tokenRequests;
      await queueScore(t.database.db, score({ resourceId: 'a', timestamp: new Date(Date.now() - 2000) }));
      await queueScore(t.database.db, score({ resourceId: 'b', timestamp: new Date(Date.now() - 1000) }));
      await outbox({ services: client }).runOnce();
      expect(t.platform.scores).to.have.length(2);
      expect(t.platform.tokenRequests - before).to.equal(1);
    });
  });

  describe('line items', () => {
    it('when the platform already has a line item for the resource, then it is found and no new one is made', async () => {
      const existing = {
        id: `${t.platform.url}/mod/lti/services.php/${DEFAULT_CONTEXT.id}/lineitems/900/lineitem?type_id=${t.registration.deploymentId}`,
        contextId: DEFAULT_CONTEXT.id,
        scoreMaximum: 100,
        label: 'Progression (placed by deep linking)',
        resourceId: 'progress',
        tag: 'natverk',
      };
      t.platform.lineItems.push({ ...existing, id: existing.id.replace('/900/', '/901/'), resourceId: 'other' }, existing);

      const item = await findOrCreateLineItem({ db: t.database.db, lti: t.tool.lti }, context, { resourceId: 'progress', label: 'Progression', scoreMaximum: 10 });

      expect(item).to.include({ url: existing.id, resourceId: 'progress', scoreMaximum: 100, label: existing.label });
      expect(t.platform.lineItems).to.have.length(2);
    });

    it('when the platform has no line item for the resource, then one is created with our label, maximum, resource id and tag, and remembered', async () => {
      const deps = { db: t.database.db, lti: t.tool.lti };
      const item = await findOrCreateLineItem(deps, context, { resourceId: 'assignment-a', label: 'Redovisning A', scoreMaximum: 20, tag: 'assignment' });

      expect(t.platform.lineItems).to.have.length(1);
      expect(t.platform.lineItems[0]).to.include({ id: item.url, label: 'Redovisning A', scoreMaximum: 20, resourceId: 'assignment-a', tag: 'assignment' });
      t.platform.failWith({ status: 500 }); // a second lookup must not need the platform at all
      const again = await findOrCreateLineItem(deps, context, { resourceId: 'assignment-a', label: 'Redovisning A', scoreMaximum: 20 });
      expect(again.id).to.equal(item.id);
      expect(t.platform.lineItems).to.have.length(1);
    });
  });

  describe('failures and retries', () => {
    it('when the platform answers 503, then the score stays pending with the error shown and attempts counted, and arrives once it recovers', async () => {
      const queued = await queueScore(t.database.db, score());
      t.platform.failWith({ status: 503 });

      expect(await outbox().runOnce()).to.equal(1);
      let row = await rowOf(queued.id);
      expect(row).to.include({ state: 'pending', attempts: 1 });
      expect(row.lastError).to.include('503');
      expect(row.nextAttemptAt.getTime()).to.be.greaterThan(Date.now());
      expect(await outbox().runOnce(), 'not due before its backoff').to.equal(0);

      await outbox({ now: later(minutes(1)) }).runOnce();
      row = await rowOf(queued.id);
      expect(row).to.include({ state: 'pending', attempts: 2 });

      const [visible] = await listOutbox(t.database.db, context.id);
      expect(visible).to.include({ id: queued.id, state: 'pending', attempts: 2, userName: 'Erik Johansson' });
      expect(visible?.lastError).to.include('503');

      t.platform.failWith(null);
      await outbox({ now: later(minutes(5)) }).runOnce();
      expect(await rowOf(queued.id)).to.include({ state: 'sent', attempts: 3 });
      expect(t.platform.scores).to.have.length(1);
    });

    it('when the platform is too slow, then the attempt times out and is retried', async () => {
      const client = new ServiceClient(t.tool.lti.provider, { timeoutMs: 150 });
      // A first send caches the token, so the slow request is the line item lookup of the second.
      await queueScore(t.database.db, score({ resourceId: 'warm-up' }));
      await outbox({ services: client }).runOnce();
      await t.database.db.delete(gradeOutbox);
      t.platform.scores = [];
      const queued = await queueScore(t.database.db, score({ resourceId: 'slow' }));
      t.platform.failWith({ delayMs: 1_000, count: 1 });

      const started = Date.now();
      await outbox({ services: client }).runOnce();
      expect(Date.now() - started).to.be.lessThan(900);
      const row = await rowOf(queued.id);
      expect(row).to.include({ state: 'pending', attempts: 1 });
      expect(row.lastError).to.match(/longer than 150 ms/);

      await outbox({ services: client, now: later(minutes(1)) }).runOnce();
      expect(await rowOf(queued.id)).to.include({ state: 'sent' });
      expect(t.platform.scores).to.have.length(1);
    });

    it('when the platform refuses the score with 400, then it fails at once without retrying', async () => {
      const queued = await queueScore(t.database.db, score({ userId: stranger.id }));

      await outbox().runOnce();
      const row = await rowOf(queued.id);
      expect(row).to.include({ state: 'failed', attempts: 1 });
      expect(row.lastError).to.include('400').and.include('not enrolled');
      expect(await outbox({ now: later(minutes(24 * 60)) }).runOnce()).to.equal(0);
      expect((await rowOf(queued.id)).attempts).to.equal(1);
    });

    it('when retryable failures go on, then the score fails after the last attempt', async () => {
      const queued = await queueScore(t.database.db, score());
      t.platform.failWith({ status: 502 });
      let clock = Date.now();
      const job = startGradeOutbox({ db: t.database.db, lti: t.tool.lti, logger: silent, pollMs: 3_600_000, maxAttempts: 3, now: () => new Date(clock) });
      jobs.push(job);
      for (let i = 0; i < 5; i++) {
        await job.runOnce();
        clock += minutes(120); // past any backoff
      }
      expect(await rowOf(queued.id)).to.include({ state: 'failed', attempts: 3 });
    });
  });

  describe('restarts and crashes', () => {
    it('when the tool restarts between attempts, then the score still arrives exactly once', async () => {
      const queued = await queueScore(t.database.db, score());
      t.platform.failWith({ status: 503 });
      const first = outbox();
      await first.runOnce();
      await first.stop();

      await t.restart();
      t.platform.failWith(null);
      // A new process: a new job and a client with an empty token cache; only the database remembers.
      const second = outbox({ services: new ServiceClient(t.tool.lti.provider), now: later(minutes(1)) });
      expect(await second.runOnce()).to.equal(1);
      expect(await second.runOnce()).to.equal(0);

      expect(t.platform.scores).to.have.length(1);
      expect(await rowOf(queued.id)).to.include({ state: 'sent', attempts: 2 });
    });

    it('when a worker dies before sending, then the row is taken back after its lock and sent once', async () => {
      const queued = await queueScore(t.database.db, score());
      const lockUntil = new Date(Date.now() + minutes(2));
      const [claimed] = await claimDueScores(t.database.db, { now: new Date(), lockUntil, limit: 10 });
      expect(claimed).to.include({ id: queued.id, state: 'sending', attempts: 1 });

      expect(await outbox().runOnce(), 'still locked').to.equal(0);
      expect(await outbox({ now: later(minutes(3)) }).runOnce()).to.equal(1);

      expect(t.platform.scores).to.have.length(1);
      expect(await rowOf(queued.id)).to.include({ state: 'sent', attempts: 2 });
    });

    it('when a worker dies after the platform took the score, then the resend is recognised and the score is not counted twice', async () => {
      const queued = await queueScore(t.database.db, score());
      const [claimed] = await claimDueScores(t.database.db, { now: new Date(), lockUntil: new Date(Date.now() + minutes(2)), limit: 10 });
      await sendQueuedScore({ db: t.database.db, lti: t.tool.lti }, claimed!); // delivered, but never recorded

      await outbox({ now: later(minutes(3)) }).runOnce();

      expect(t.platform.scores).to.have.length(1);
      const row = await rowOf(queued.id);
      expect(row).to.include({ state: 'sent', attempts: 2 });
      expect(row.lastError).to.include('earlier attempt arrived');
    });
  });

  describe('several workers', () => {
    it('when two workers run at once, then every score is sent exactly once', async () => {
      const deps = { db: t.database.db, lti: t.tool.lti };
      const db = t.database.db;
      const platform = await findPlatform(db, t.platform.issuer, t.registration.clientId);
      const enrolled = await Promise.all(['2', '3', '4'].map((sub) => upsertUser(db, platform!.id, { sub })));
      for (const resourceId of ['a', 'b']) await findOrCreateLineItem(deps, context, { resourceId, label: resourceId, scoreMaximum: 10 });
      for (const resourceId of ['a', 'b']) for (const user of enrolled) await queueScore(db, score({ resourceId, userId: user.id }));

      const options = { db, lti: t.tool.lti, logger: silent, pollMs: 3_600_000, batchSize: 2 };
      const [one, two] = [startGradeOutbox(options), startGradeOutbox(options)];
      jobs.push(one, two);
      const [sentByOne, sentByTwo] = await Promise.all([one.runOnce(), two.runOnce()]);

      expect(sentByOne + sentByTwo).to.equal(6);
      expect(t.platform.scores).to.have.length(6);
      const rows = await db.select().from(gradeOutbox);
      expect(rows.map((row) => [row.state, row.attempts])).to.deep.equal(rows.map(() => ['sent', 1]));
    });
  });

  describe('queueing and access', () => {
    const refusal = async (input: ScoreInput) => {
      try {
        await queueScore(t.database.db, input);
      } catch (error) {
        return error;
      }
      return undefined;
    };

    it('when a score is out of range or uses an unknown progress value, then it is refused before the outbox', async () => {
      for (const input of [
        score({ scoreGiven: 11 }),
        score({ scoreGiven: -1 }),
        score({ scoreMaximum: 0 }),
        score({ activityProgress: 'Done' as never }),
        score({ gradingProgress: 'Graded' as never }),
      ]) {
        const error = await refusal(input);
        expect(error, JSON.stringify(input)).to.be.instanceOf(AppError);
        expect((error as AppError).status).to.equal(400);
      }
      expect(await listOutbox(t.database.db, context.id)).to.have.length(0);
    });

    it('when a participant asks for the grades page, then it is refused; a leader sees the outbox', async () => {
      await queueScore(t.database.db, score());
      const error = await gradesForLeader(t.database.db, actorIn({ roles: ['participant'], contextId: context.id })).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(AppError).with.property('status', 403);
      expect(await gradesForLeader(t.database.db, actorIn({ roles: ['leader'], contextId: context.id }))).to.have.length(1);
    });
  });
});

describe('service client', () => {
  it('when Link headers use quoted, unquoted or Moodle’s typographic quotes, then next is found', () => {
    expect(parseLinkHeader('<https://a.example/m?from=10>; rel="next", <https://a.example/m?from=20>; rel="last"').get('next')).to.equal('https://a.example/m?from=10');
    expect(parseLinkHeader('<https://a.example/x?from=5>; rel=“next”').get('next')).to.equal('https://a.example/x?from=5');
    expect(parseLinkHeader('<https://a.example/y>;rel=next').get('next')).to.equal('https://a.example/y');
    expect(parseLinkHeader('<https://a.example/z>; rel="prev next"').get('next')).to.equal('https://a.example/z');
    expect(parseLinkHeader(null).size).to.equal(0);
  });

  it('when a Moodle line item URL has a query, then scores go before it and filters are added to it', () => {
    const item = 'https://moodle.example/mod/lti/services.php/5/lineitems/3/lineitem?type_id=1';
    expect(appendPath(item, 'scores')).to.equal('https://moodle.example/mod/lti/services.php/5/lineitems/3/lineitem/scores?type_id=1');
    expect(withQuery('https://moodle.example/mod/lti/services.php/5/lineitems?type_id=1', { resource_id: 'a b' })).to.equal(
      'https://moodle.example/mod/lti/services.php/5/lineitems?type_id=1&resource_id=a+b',
    );
  });

  it('when the platform is unknown to ltijs, then the error is not retryable', async () => {
    const client = new ServiceClient({ getPlatform: async () => false });
    const error = await client.accessToken({ issuer: 'https://nowhere.example', clientId: 'x' }, ['s']).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ServiceError).with.property('retryable', false);
  });

  it('when the token endpoint cannot be reached, then the error is retryable (key read from ltijs’s PKCS#1 PEM)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const unreachable = 'http://127.0.0.1:9/mod/lti/token.php';
    const platform = {
      platformPrivateKey: async () => pem,
      platformKid: async () => 'kid-1',
      platformAccessTokenEndpoint: async () => unreachable,
      platformAuthorizationServer: async () => unreachable,
    } as unknown as LtijsPlatform;
    const client = new ServiceClient({ getPlatform: async () => platform });
    const error = await client.accessToken({ issuer: 'https://moodle.example', clientId: 'x' }, ['s']).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ServiceError);
    expect(error).to.include({ kind: 'network', retryable: true });
  });
});
