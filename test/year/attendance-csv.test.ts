import { expect } from 'chai';
import { meetings } from '../../models/schema';
import { readCsvStrictly } from '../support/csv';
import { launchAs as launchMember, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

/** What a spreadsheet shows for a cell our writer marked as text: the value as it was typed. */
const asTyped = (cell: string) => cell.replace(/^'(?=[\s\u3000]*[=+\-@＝＋－＠]|[\t\r])/, '');

describe('The attendance CSV cannot carry formulas into the leader’s spreadsheet', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}, locale = 'en') => launchMember(t, sub, roles, extra, locale);

  it('when guests, decline reasons and LTI names start with = + - @ tab or CR, then every such cell is neutralised and nothing is lost', async () => {
    const leader = await launchAs('2', [role('Instructor')], {}, 'sv');
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    const [first] = (await t.database.db.select().from(meetings).orderBy(meetings.startsAt)).map((meeting) => meeting.id);

    const reasons = ['+SUM(1+1)*cmd|" /C calc"!A0', '-2+3+cmd|" /C calc"!A0', '@SUM(1+1)', '\t=1+1 efter tabb', '\r=1+1 efter CR', 'Utvecklingssamtal, "viktigt" på skolan'];
    const members = [
      { sub: '31', name: '=HYPERLINK("http://x","y")' },
      { sub: '32', name: '\t=cmd|" /C calc"!A0' },
      { sub: '33', name: '＝1+1' },
      { sub: '34', name: '  @SUM(1)' },
      { sub: '35', name: 'Åsa Öberg' },
      { sub: '36', name: '-Bo-' },
    ];
    for (const [index, member] of members.entries()) {
      const participant = await launchAs(member.sub, [role('Learner')], { name: member.name });
      expect((await participant.post(`/meetings/${first}/response`, { response: 'no', reason: reasons[index]! })).status).to.equal(303);
    }
    const guests = [
      { name: '=HYPERLINK("http://x","y")', school: '+Hagaskolan', email: '' },
      { name: 'Gästa Gästsson', school: '@Norra skolan', email: 'gasta@hagaskolan.example' },
      { name: '-Glenn', school: '=1+1', email: '' },
    ];
    for (const guest of guests) expect((await leader.post(`/meetings/${first}/guests`, guest)).status).to.equal(303);

    const response = await leader.fetch(`/meetings/${first}/attendance.csv`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.include('text/csv');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)], 'UTF-8 with a byte order mark, for Excel').to.deep.equal([0xef, 0xbb, 0xbf]);
    const rows = readCsvStrictly(bytes.toString('utf8').slice(1));

    expect(rows[0]).to.deep.equal(['Namn', 'E-post', 'Skola', 'Typ', 'Svar', 'Anledning', 'Incheckad']);
    const cells = rows.slice(1).flat();
    for (const cell of cells) expect(cell, 'no cell starts a formula').not.to.match(/^(?:[\t\r]|[\s\u3000]*[=+\-@＝＋－＠])/);

    const participantRows = rows.filter((row) => row[3] === 'Deltagare');
    const guestRows = rows.filter((row) => row[3] === 'Gäst');
    // The tool keeps LTI names without their surrounding whitespace.
    const memberRows = new Map(participantRows.map((row) => [asTyped(row[0]!), row]));
    for (const [index, member] of members.entries()) {
      const row = memberRows.get(member.name.trim());
      expect(row, `row of ${JSON.stringify(member.name)}`).to.be.an('array');
      // The reason form trims what is typed; the CSV gives back exactly what was stored.
      expect(asTyped(row![5]!), `reason of ${member.sub}`).to.equal(reasons[index]!.trim());
      expect(row![4]).to.equal('no');
    }
    for (const guest of guests) {
      const row = guestRows.find((candidate) => asTyped(candidate[0]!) === guest.name && asTyped(candidate[2]!) === guest.school);
      expect(row, `row of guest ${guest.name}`).to.be.an('array');
      expect(row![1]).to.equal(guest.email);
    }
    expect(guestRows, 'one row per guest').to.have.length(guests.length);
    expect(participantRows.filter((row) => row[4] === 'no'), 'one row per participant who declined').to.have.length(members.length);
    expect(rows.every((row) => row.length === 7), 'every row has all its columns').to.equal(true);
    expect(cells).to.include(`'=HYPERLINK("http://x","y")`);
    expect(cells).to.include(`'=cmd|" /C calc"!A0`);
    expect(cells).to.include("'@SUM(1)");
    expect(cells).to.include("'＝1+1");
    expect(cells).to.include('Åsa Öberg');
  });
});
