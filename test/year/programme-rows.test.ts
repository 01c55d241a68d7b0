import { expect } from 'chai';
import { asc, eq } from 'drizzle-orm';
import { meetings, programmeItems } from '../../models/schema';
import { applyRowAction, rowActionOf, type ProgrammeRow } from '../../lti-tool/services/programme-rows';
import { launchAs as launchMember, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const row = (title: string): ProgrammeRow => ({ start: '09:00', end: '', kind: 'other', title, speaker: '' });

describe('Programme rows: reordered, removed and added without JavaScript', () => {
  it('when a row button is pressed, then its row moves, goes or a new one comes, and an index out of range changes nothing', () => {
    const rows = [row('Inledning'), row('Föreläsning'), row('Utvärdering')];
    const titles = (action: Record<string, unknown>) => applyRowAction(rows, rowActionOf(action)!).map((item) => item.title);
    expect(titles({ move: 'up:1' })).to.deep.equal(['Föreläsning', 'Inledning', 'Utvärdering']);
    expect(titles({ move: 'down:1' })).to.deep.equal(['Inledning', 'Utvärdering', 'Föreläsning']);
    expect(titles({ move: 'up:0' })).to.deep.equal(['Inledning', 'Föreläsning', 'Utvärdering']);
    expect(titles({ remove: '0' })).to.deep.equal(['Föreläsning', 'Utvärdering']);
    expect(titles({ remove: '9' })).to.deep.equal(['Inledning', 'Föreläsning', 'Utvärdering']);
    expect(titles({ add: '1' })).to.deep.equal(['Inledning', 'Föreläsning', 'Utvärdering', '']);
    expect(rowActionOf({ move: 'sideways:1' })).to.equal(undefined);
    expect(rowActionOf({ theme: 'x' })).to.equal(undefined);
  });

  describe('through the meeting editor', () => {
    let t: ToolUnderTest;
    before(async function () {
      this.timeout(120_000);
      t = await startToolUnderTest({ jobs: false });
      const leader = await launchMember(t, '2', [role('Instructor')], {}, 'sv');
      expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-08-16', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    });
    after(async () => {
      await t.close();
    });

    const form = (rows: ProgrammeRow[], extra: Record<string, string> = {}) => ({
      theme: 'Utvecklingsområden och uppdrag',
      date: '2027-08-16',
      startTime: '09:30',
      endTime: '16:00',
      mode: 'onsite',
      place: 'Kalmar',
      itemStart: rows.map((item) => item.start),
      itemEnd: rows.map((item) => item.end),
      itemKind: rows.map((item) => item.kind),
      itemTitle: rows.map((item) => item.title),
      itemSpeaker: rows.map((item) => item.speaker),
      ...extra,
    });

    it('when a leader opens the editor, then every programme field has a visible label and each row has move and remove buttons', async () => {
      const leader = await launchMember(t, '2', [role('Instructor')], {}, 'sv');
      const [first] = await t.database.db.select().from(meetings).orderBy(meetings.startsAt);
      const page = await leader.get(`/meetings/${first!.id}/edit`);
      for (const label of ['Börjar', 'Slutar', 'Typ', 'Rubrik', 'Föreläsare']) expect(page.html).to.match(new RegExp(`<label>${label} <(input|select)`));
      expect(page.html).not.to.match(/name="itemTitle"[^>]*placeholder/);
      expect(page.html).to.include('name="move" value="down:0"').and.include('name="move" value="up:1"').and.include('name="remove" value="0"').and.include('name="add"');
    });

    it('when the leader moves a row down, removes one and saves, then the programme is stored in the new order without it', async () => {
      const leader = await launchMember(t, '2', [role('Instructor')], {}, 'sv');
      const [first] = await t.database.db.select().from(meetings).orderBy(meetings.startsAt);
      const rows = [row('Inledning'), row('Föreläsning'), row('Gallery walk'), { ...row(''), start: '' }];
      const moved = await leader.post(`/meetings/${first!.id}/edit`, form(rows, { move: 'down:0' }));
      expect(moved.status).to.equal(200);
      expect(moved.html.indexOf('value="Föreläsning"')).to.be.below(moved.html.indexOf('value="Inledning"'));
      const removed = await leader.post(`/meetings/${first!.id}/edit`, form([row('Föreläsning'), row('Inledning'), row('Gallery walk')], { remove: '2' }));
      expect(removed.html).not.to.include('value="Gallery walk"');
      const before = await t.database.db.select().from(programmeItems).where(eq(programmeItems.meetingId, first!.id));
      expect(before.map((item) => item.title), 'nothing is saved by a row button').not.to.deep.equal(['Föreläsning', 'Inledning']);
      const saved = await leader.post(`/meetings/${first!.id}/edit`, form([row('Föreläsning'), row('Inledning'), { ...row(''), start: '' }]));
      expect(saved.status, saved.html.slice(0, 300)).to.equal(303);
      const stored = await t.database.db.select().from(programmeItems).where(eq(programmeItems.meetingId, first!.id)).orderBy(asc(programmeItems.position));
      expect(stored.map((item) => item.title)).to.deep.equal(['Föreläsning', 'Inledning']);
    });
  });
});
