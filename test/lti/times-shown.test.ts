import { expect } from 'chai';
import { eq, isNotNull } from 'drizzle-orm';
import { contexts, networks } from '../../models/schema';
import { launchAs, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('Times on pages: the network’s zone, the reader’s language', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  it('when a Norwegian leader opens the participant list, then its update time is in the network’s zone, written “kl. 09.30”', async () => {
    const leader = await launchAs(t, 'times-leader', [role('Instructor')], {}, 'nb');
    const db = t.database.db;
    // The leader's launch refreshes the roster in the background: let it finish before setting the time.
    for (let tries = 0; tries < 50; tries++) {
      if ((await db.select().from(contexts).where(isNotNull(contexts.rosterSyncedAt))).length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [context] = await db.select().from(contexts);
    await db.update(contexts).set({ rosterSyncedAt: new Date('2026-03-05T08:30:00Z') }).where(eq(contexts.id, context!.id));
    await db.update(networks).set({ timeZone: 'Europe/Oslo' }).where(eq(networks.contextId, context!.id));

    const roster = await leader.get('/roster');
    expect(roster.status).to.equal(200);
    expect(roster.html).to.include('Sist oppdatert 5. mars kl. 09.30.');
    expect(roster.html).not.to.include('2026-03-05');

    const home = await leader.get('/');
    expect(home.html).to.include('5. mars kl. 09.30');
  });
});
