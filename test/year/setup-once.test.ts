import { expect } from 'chai';
import { meetings } from '../../models/schema';
import { launchAs as launchMember, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('Setting up the year: holidays avoided and told, and the form offered only once', () => {
  let t: ToolUnderTest;
  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  it('when a leader sets up the pilot year from January, then meetings 4 and 5 are out of the summer and the year page says they were moved', async () => {
    const leader = await launchMember(t, '2', [role('Instructor')], {}, 'sv');
    const created = await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
    expect(created.status, created.html.slice(0, 300)).to.equal(303);
    const moved = new URL(created.location!, 'http://tool.test').searchParams;
    expect(moved.get('moved')).to.equal('4,5');
    expect(moved.get('done')).to.equal('year_set_up');
    const dates = (await t.database.db.select().from(meetings).orderBy(meetings.startsAt)).map((meeting) => meeting.startsAt.toISOString().slice(0, 10));
    expect(dates).not.to.include('2027-06-22').and.not.to.include('2027-07-26');
    const year = await leader.get(`/year?moved=4,5`);
    expect(year.html).to.include('Träffarna 4 och 5 flyttades från mallens datum');
    const participant = await launchMember(t, '31', [role('Learner')], {}, 'sv');
    expect((await participant.get('/year?moved=4,5')).html, 'only the leader who can change the dates is told').not.to.include('flyttades');
    expect((await leader.get('/year?moved=<script>')).status, 'a tampered query is ignored').to.equal(200);
  });

  it('when the year exists, then the year page offers no set-up and the set-up address says it is set up, with links to edit each meeting', async () => {
    const leader = await launchMember(t, '2', [role('Instructor')], {}, 'sv');
    expect((await leader.get('/year')).html).not.to.include('/year/setup');
    const setup = await leader.get('/year/setup');
    expect(setup.status).to.equal(200);
    expect(setup.html).to.include('Året är upplagt').and.not.to.include('name="template"');
    const [first] = await t.database.db.select().from(meetings).orderBy(meetings.startsAt);
    expect(setup.html).to.include(`/meetings/${first!.id}/edit`).and.include('Redigera träff 1: Utvecklingsområden och uppdrag');
  });
});
