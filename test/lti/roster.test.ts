import { buildPlatformCourse } from '../support/factories';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { AppError } from '../../lti-tool/errors';
import { ServiceError } from '../../lti-tool/lti/service-client';
import { listRoster, rosterForLeader, syncRoster, syncRosterAsLeader } from '../../lti-tool/services/roster';
import { findContextById, upsertLaunchMembership, upsertUser, type ContextRow } from '../../models/launches';
import { memberships, users } from '../../models/schema';
import { DEFAULT_CONTEXT } from '../support/platform-claims';
import type { MemberRecord } from '../support/platform-types';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { actorIn } from '../support/actors';

/** 25 people: 2 teachers, 1 teaching assistant, 1 mentor, 21 learners, with Moodle's short role names. */
function course(): MemberRecord[] {
  const people: MemberRecord[] = [];
  for (let i = 1; i <= 25; i++) {
    const roles = i <= 2 ? ['Instructor'] : i === 3 ? ['Instructor#TeachingAssistant'] : i === 4 ? ['Mentor'] : ['Learner'];
    people.push({ user_id: String(100 + i), roles, name: `Person ${String(i).padStart(2, '0')}`, given_name: 'Person', family_name: String(i), email: `p${i}@skolan.example` });
  }
  return people;
}

describe('roster from the platform (NRPS)', () => {
  let t: ToolUnderTest;
  let context: ContextRow;
  let platformId: number;
  const deps = () => ({ db: t.database.db, lti: t.tool.lti });

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    const course = await buildPlatformCourse(t);
    platformId = course.platform.id;
    context = course.context;
  });

  after(async () => {
    await t.close();
  });

  beforeEach(async () => {
    t.platform.failWith(null);
    t.platform.nrpsPageSize = 10;
    t.platform.members.set(DEFAULT_CONTEXT.id, course());
    await t.database.db.delete(memberships);
    await t.database.db.delete(users);
  });

  const byName = async () => new Map((await listRoster(t.database.db, context.id)).map((m) => [m.name, m]));

  it('when the course has 25 members over three pages, then all are stored with roles mapped from short names', async () => {
    const counts = await syncRoster(deps(), context.id);

    expect(counts).to.deep.equal({ members: 25, added: 25, deactivated: 0 });
    const roster = await byName();
    expect(roster.size).to.equal(25);
    expect(roster.get('Person 01')).to.include({ email: 'p1@skolan.example', status: 'active', sub: '101' });
    expect(roster.get('Person 01')?.roles).to.deep.equal(['leader']);
    expect(roster.get('Person 03')?.roles).to.deep.equal(['staff']);
    expect(roster.get('Person 04')?.roles).to.deep.equal(['mentor']);
    expect(roster.get('Person 25')?.roles).to.deep.equal(['participant']);
    expect(roster.get('Person 25')?.rosterSeenAt).to.be.instanceOf(Date);
    const [stored] = await t.database.db.select().from(memberships).limit(1);
    expect(stored?.ltiRoles.every((role) => !role.includes('://'))).to.equal(true);
    expect((await findContextById(t.database.db, context.id))?.rosterSyncedAt).to.be.instanceOf(Date);
  });

  it('when a member is missing from the next sync or marked Inactive, then they become inactive and known details are kept', async () => {
    await syncRoster(deps(), context.id);
    const next = course().filter((m) => m.user_id !== '125');
    next[5] = { ...next[5]!, status: 'Inactive' }; // Person 06
    next[6] = { user_id: next[6]!.user_id, roles: ['Learner'] }; // Person 07 without name or email this time
    t.platform.members.set(DEFAULT_CONTEXT.id, next);

    const counts = await syncRoster(deps(), context.id);

    expect(counts).to.deep.equal({ members: 23, added: 0, deactivated: 2 });
    const roster = await byName();
    expect(roster.get('Person 25')?.status).to.equal('inactive');
    expect(roster.get('Person 06')?.status).to.equal('inactive');
    expect(roster.get('Person 07')).to.include({ status: 'active', email: 'p7@skolan.example' });
    const list = await listRoster(t.database.db, context.id);
    expect(list.slice(-2).map((m) => m.status), 'inactive members come last').to.deep.equal(['inactive', 'inactive']);
  });

  it('when someone who launched is back in the list, then they are reactivated and their last launch is kept', async () => {
    const user = await upsertUser(t.database.db, platformId, { sub: '110', name: 'Person 10' });
    await upsertLaunchMembership(t.database.db, context.id, user.id, ['participant'], ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']);
    await t.database.db.update(memberships).set({ status: 'inactive' }).where(eq(memberships.userId, user.id));

    const counts = await syncRoster(deps(), context.id);

    expect(counts.added).to.equal(25);
    const member = (await byName()).get('Person 10');
    expect(member?.status).to.equal('active');
    expect(member?.lastLaunchAt).to.be.instanceOf(Date);
  });

  it('when someone launches while the list is being read, then the sync does not end their membership; one who launched before and is gone does end', async () => {
    const earlier = await upsertUser(t.database.db, platformId, { sub: '198', name: 'Launched before' });
    await upsertLaunchMembership(t.database.db, context.id, earlier.id, ['participant'], ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']);
    t.platform.failWith({ delayMs: 400 });
    const syncing = syncRoster(deps(), context.id);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const newcomer = await upsertUser(t.database.db, platformId, { sub: '199', name: 'Launched meanwhile' });
    await upsertLaunchMembership(t.database.db, context.id, newcomer.id, ['participant'], ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']);
    await syncing;
    t.platform.failWith(null);
    const roster = await byName();
    expect(roster.get('Launched meanwhile')?.status, 'the list was read before they launched').to.equal('active');
    expect(roster.get('Launched before')?.status, 'not in the list, and no launch since it was read').to.equal('inactive');
  });

  it('when the platform fails, then nothing is written and the error says it can be retried', async () => {
    await syncRoster(deps(), context.id);
    t.platform.members.set(DEFAULT_CONTEXT.id, course().slice(0, 12));
    // The token is cached, so the injected failure hits the memberships request itself.
    t.platform.failWith({ status: 503, count: 1 });
    const error = await syncRoster(deps(), context.id).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ServiceError).with.property('retryable', true);
    expect([...(await byName()).values()].filter((m) => m.status === 'active')).to.have.length(25);

    t.platform.failWith({ status: 503 });
    const wrapped = await syncRosterAsLeader(deps(), actorIn({ roles: ['leader'], contextId: context.id })).catch((e: unknown) => e);
    expect(wrapped).to.be.instanceOf(AppError).with.property('status', 502);
  });

  describe('who may see it', () => {
    const refused = async (work: Promise<unknown>) => {
      const error = await work.catch((e: unknown) => e);
      expect(error).to.be.instanceOf(AppError);
      return (error as AppError).status;
    };

    it('when a learner asks for the roster or a sync, then both are refused', async () => {
      await syncRoster(deps(), context.id);
      const learner = actorIn({ roles: ['participant'], contextId: context.id });
      expect(await refused(rosterForLeader(t.database.db, learner))).to.equal(403);
      expect(await refused(syncRosterAsLeader(deps(), learner))).to.equal(403);
      expect(await refused(rosterForLeader(t.database.db, actorIn({ roles: ['mentor'], contextId: context.id })))).to.equal(403);
      expect(await refused(rosterForLeader(t.database.db, actorIn({ roles: [], contextId: context.id })))).to.equal(403);
    });

    it('when staff ask, then they see the roster but cannot sync; a leader can do both', async () => {
      await syncRoster(deps(), context.id);
      const staff = await rosterForLeader(t.database.db, actorIn({ roles: ['staff'], contextId: context.id }));
      expect(staff.members).to.have.length(25);
      expect(staff.canSync).to.equal(false);
      expect(await refused(syncRosterAsLeader(deps(), actorIn({ roles: ['staff'], contextId: context.id })))).to.equal(403);

      const leader = await rosterForLeader(t.database.db, actorIn({ roles: ['leader'], contextId: context.id }));
      expect(leader.canSync).to.equal(true);
      expect(leader.syncedAt).to.be.instanceOf(Date);
      expect(await syncRosterAsLeader(deps(), actorIn({ roles: ['leader'], contextId: context.id }))).to.include({ members: 25, added: 0 });
    });
  });
});
