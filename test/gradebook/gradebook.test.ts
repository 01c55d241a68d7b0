import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import { assignments, conversationGroups, meetings, networks, progressSettings, schools, users } from '../../models/schema';
import { claim, launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { LtiBrowser } from '../support/lti-browser';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { seedAttendance, seedGalleryFeedback, seedGrade, seedProgress, seedSend, seedSubmission } from './fixtures';

const formulaName = '=HYPERLINK("http://x")';

/** The cell texts of one participant's row, by column header order (the name cell first). */
function rowOf(html: string, name: string): string[] {
  const rows = html.split('<tr>').filter((row) => row.includes(`>${name}</a>`));
  expect(rows, `one row for ${name}`).to.have.length(1);
  return [...rows[0]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}
const namesIn = (html: string) => [...html.matchAll(/<th scope="row" class="gradebook-name"><a href="[^"]+">([^<]+)<\/a>/g)].map((match) => match[1]!);

describe('The gradebook: every participant × assignments, meetings, gallery feedback and progress', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let staff: NetworkMember;
  let rektor: NetworkMember;
  let anna: NetworkMember;
  let ids: Record<string, number>;
  let assignmentA: number;
  let assignmentB: number;
  let networkId: number;
  let norra: number;
  let group: number;
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}) => launchMember(t, sub, roles, extra, 'en');
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  const schoolId = async (name: string) => (await t.database.db.select().from(schools).where(eq(schools.name, name)))[0]!.id;

  before(async function () {
    this.timeout(180_000);
    t = await startToolUnderTest({ jobs: false });
    const { db } = t.database;
    leader = await launchAs('1', [role('Instructor')]);
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    staff = await launchAs('2', [role('Instructor')]);
    expect((await leader.post(`/roster/${await userId('2')}/role`, { role: 'staff' })).status).to.equal(303);
    for (const name of ['Norraskolan', 'Södraskolan']) expect((await leader.post('/schools', { name, municipality: 'Kalmar' })).status).to.equal(303);
    norra = await schoolId('Norraskolan');
    const sodra = await schoolId('Södraskolan');
    const people: Array<[string, string, number]> = [
      ['31', 'Anna Missing', norra],
      ['32', 'Bo Draft', norra],
      ['33', 'Cilla Submitted', sodra],
      ['34', formulaName, sodra],
      ['35', 'Dan Graded', norra],
      ['36', 'Eva Sent', sodra],
      ['37', 'Fia Failed', sodra],
    ];
    ids = {};
    for (const [sub, name, school] of people) {
      const member = await launchAs(sub, [role('Learner')], { name });
      if (sub === '31') anna = member;
      expect((await member.post('/my-school', { schoolId: String(school) })).status).to.equal(303);
      ids[name] = await userId(sub);
    }
    // A standard Moodle sends the school leader as a Learner; the leader makes them school leader of Norraskolan.
    rektor = await launchAs('41', [role('Learner')]);
    expect((await leader.post(`/roster/${await userId('41')}/role`, { role: 'mentor' })).status).to.equal(303);
    expect((await leader.post(`/roster/${await userId('41')}/schools`, { schoolIds: [String(norra)] })).status).to.equal(303);
    expect((await leader.post('/groups', { name: 'Grupp 1', kind: 'conversation' })).status).to.equal(303);
    group = (await db.select().from(conversationGroups).where(eq(conversationGroups.name, 'Grupp 1')))[0]!.id;
    for (const name of ['Anna Missing', 'Cilla Submitted']) expect((await leader.post(`/groups/${group}/members`, { userId: String(ids[name]) })).status).to.equal(303);

    const [network] = await db.select().from(networks);
    networkId = network!.id;
    const contextId = network!.contextId;
    assignmentA = (await db.select().from(assignments).where(eq(assignments.letter, 'A')))[0]!.id;
    assignmentB = (await db.select().from(assignments).where(eq(assignments.letter, 'B')))[0]!.id;
    const staffId = await userId('2');
    const grade = (name: string, assignmentId: number, state: 'inGrading' | 'graded' | 'released', passed: boolean | null) =>
      seedGrade(db, { networkId, contextId, assignmentId, userId: ids[name]!, byUserId: staffId, state, passed });
    await seedSubmission(db, assignmentA, ids['Bo Draft']!, 'draft');
    const cillas = await seedSubmission(db, assignmentA, ids['Cilla Submitted']!, 'final');
    await seedSubmission(db, assignmentA, ids[formulaName]!, 'final', true);
    for (const name of ['Dan Graded', 'Eva Sent', 'Fia Failed']) await seedSubmission(db, assignmentA, ids[name]!, 'final');
    await grade('Dan Graded', assignmentA, 'graded', true);
    await grade('Eva Sent', assignmentA, 'released', true);
    await grade('Fia Failed', assignmentA, 'released', false);
    await seedSend(db, { contextId, assignmentId: assignmentA, userId: ids['Eva Sent']!, state: 'sent' });
    await seedSend(db, { contextId, assignmentId: assignmentA, userId: ids['Fia Failed']!, state: 'failed', lastError: 'Platform refused: user is not enrolled' });
    // B: Anna's released pass (nothing sent yet), Bo's grading begun.
    await seedSubmission(db, assignmentB, ids['Anna Missing']!, 'final');
    await seedSubmission(db, assignmentB, ids['Bo Draft']!, 'final');
    await grade('Anna Missing', assignmentB, 'released', true);
    await grade('Bo Draft', assignmentB, 'inGrading', null);
    const [first] = await db.select().from(meetings).orderBy(meetings.startsAt);
    await seedAttendance(db, first!.id, ids['Anna Missing']!, 'checkedIn');
    await seedAttendance(db, first!.id, ids['Bo Draft']!, 'declined');
    await seedGalleryFeedback(db, { networkId, assignmentId: assignmentA, submissionId: cillas }, new Map([[ids['Anna Missing']!, 3], [ids['Bo Draft']!, 1]]), [ids['Bo Draft']!]);
    await seedProgress(db, networkId, ids['Anna Missing']!, 1, true);
    await seedProgress(db, networkId, ids['Bo Draft']!, 0.5, false);
  });
  after(async () => {
    await t.close();
  });

  it('when staff open the gradebook, then each assignment cell shows its state and grade, with one link to grading', async () => {
    const page = await staff.get('/gradebook');
    expect(page.status, page.html.slice(0, 500)).to.equal(200);
    // The seven above, and the two learners the test platform's course roster brings (no school, nothing handed in).
    expect(namesIn(page.html), namesIn(page.html).join()).to.have.length(9);
    const a = 1; // the name cell comes first, then A, B, …
    expect(rowOf(page.html, 'Anna Missing')[a]).to.equal('Missing');
    expect(rowOf(page.html, 'Bo Draft')[a]).to.equal('Draft');
    expect(rowOf(page.html, 'Cilla Submitted')[a]).to.equal('Submitted');
    expect(rowOf(page.html, '=HYPERLINK(&#34;http://x&#34;)')[a]).to.equal('Late');
    expect(rowOf(page.html, 'Dan Graded')[a]).to.equal('Graded Pass');
    expect(rowOf(page.html, 'Eva Sent')[a]).to.equal('Grade sent Pass');
    expect(rowOf(page.html, 'Fia Failed')[a]).to.equal('Sending failed Complete again Platform refused: user is not enrolled');
    expect(rowOf(page.html, 'Anna Missing')[a + 1]).to.equal('Released Pass');
    expect(rowOf(page.html, 'Bo Draft')[a + 1]).to.equal('In grading');
    // Relative to the gradebook's own address, /l/<handle>/gradebook: they open /l/<handle>/assignments/… and /l/<handle>/progress/….
    expect(page.html).to.include(`href="assignments/${assignmentA}/grading/${ids['Dan Graded']}"`);
    expect(page.html).to.include(`href="progress/${ids['Dan Graded']}"`);
    expect(page.html).to.include('/grades"').and.include('/gradebook.csv"').and.include('/gradebook/report.pdf"');
    expect(page.html).not.to.include('PRIVATE NOTE');
    expect(page.html, 'the footer counts A').to.include('5 of 9 submitted, 3 graded');
  });

  it('when staff read the meetings, gallery feedback and progress, then attendance, visible feedback given and the share are shown', async () => {
    const page = await staff.get('/gradebook');
    const anna = rowOf(page.html, 'Anna Missing');
    const bo = rowOf(page.html, 'Bo Draft');
    const meetingAt = 1 + 4; // after A–D
    expect(anna[meetingAt]).to.equal('Attended');
    expect(bo[meetingAt]).to.equal('Declined');
    expect(bo[meetingAt + 1]).to.equal('Upcoming');
    expect(anna).to.include('3 given');
    expect(bo, 'a hidden comment does not count').to.include('0 given');
    expect(anna[anna.length - 1]).to.equal('Complete');
    expect(bo[bo.length - 1]).to.equal('50 %');
    expect(rowOf(page.html, 'Cilla Submitted').at(-1)).to.equal('Not computed');
    expect(page.html).to.match(/<th scope="col" class="gradebook-meeting"[^>]*>Meeting 1<span class="gradebook-sub">/);
  });

  it('when the gradebook is filtered by school, group or state, then only the matching rows are shown', async () => {
    expect(namesIn((await staff.get(`/gradebook?school=${norra}`)).html)).to.have.members(['Anna Missing', 'Bo Draft', 'Dan Graded']);
    expect(namesIn((await staff.get(`/gradebook?group=${group}`)).html)).to.have.members(['Anna Missing', 'Cilla Submitted']);
    expect(namesIn((await staff.get('/gradebook?state=sendFailed')).html)).to.deep.equal(['Fia Failed']);
    expect(namesIn((await staff.get('/gradebook?state=notReleased')).html)).to.deep.equal(['Dan Graded']);
    expect(namesIn((await staff.get('/gradebook?state=notGraded')).html)).to.have.members(['Bo Draft', 'Cilla Submitted', '=HYPERLINK(&#34;http://x&#34;)', 'Dan Graded'].filter((name) => name !== 'Dan Graded'));
    expect(namesIn((await staff.get(`/gradebook?school=${norra}&state=notComplete`)).html)).to.have.members(['Bo Draft', 'Dan Graded']);
    const filtered = await staff.get(`/gradebook?school=${norra}&state=missing`);
    expect(filtered.html).to.include(`/gradebook.csv?school=${norra}&amp;state=missing"`);
  });

  it('when a filter names another network’s school or group, or is not a number, then it does nothing or is refused with a message', async () => {
    const other = await launchAs('901', [role('Instructor')], { [claim('context')]: { id: 'other-course', label: 'OTHER', title: 'Another network' } });
    expect((await other.post('/schools', { name: 'Främmande skolan', municipality: 'Växjö' })).status).to.equal(303);
    expect((await other.post('/groups', { name: 'Främmande gruppen', kind: 'conversation' })).status).to.equal(303);
    const foreignSchool = await schoolId('Främmande skolan');
    const foreignGroup = (await t.database.db.select().from(conversationGroups).where(eq(conversationGroups.name, 'Främmande gruppen')))[0]!.id;
    const page = await staff.get(`/gradebook?school=${foreignSchool}&group=${foreignGroup}`);
    expect(page.status).to.equal(200);
    expect(namesIn(page.html)).to.have.length(9);
    expect(page.html).not.to.include('Främmande');
    const refused = await staff.get('/gradebook?school=1e5&state=everything');
    expect(refused.status).to.equal(400);
    expect(refused.html).to.include('The filter was not understood');
  });

  it('when a school leader opens the gradebook, then only their own teachers are there, with states but no grades or grading links until the network allows grades', async () => {
    const page = await rektor.get('/gradebook');
    expect(page.status).to.equal(200);
    expect(namesIn(page.html)).to.have.members(['Anna Missing', 'Bo Draft', 'Dan Graded']);
    expect(rowOf(page.html, 'Dan Graded')[1], 'graded, not released: only that it was submitted').to.equal('Submitted');
    expect(rowOf(page.html, 'Anna Missing')[2], 'released, but grades not allowed').to.equal('Submitted');
    expect(rowOf(page.html, 'Bo Draft')[2]).to.equal('Submitted');
    expect(page.html).not.to.include('/grading/');
    expect(page.html).not.to.include('/gradebook.csv');
    expect((await rektor.get(`/gradebook?school=${await schoolId('Södraskolan')}`)).html).not.to.include('Cilla Submitted');
    expect((await rektor.fetch('/gradebook.csv')).status).to.equal(403);
    expect((await rektor.fetch('/gradebook/report.pdf')).status).to.equal(403);

    await t.database.db.insert(progressSettings).values({ networkId, rule: { assignments: 'all', minMeetings: null, minGalleryComments: 0 }, schoolLeadersSeeGrades: true });
    const allowed = await rektor.get('/gradebook');
    expect(rowOf(allowed.html, 'Anna Missing')[2], 'released and allowed').to.equal('Released Pass');
    expect(rowOf(allowed.html, 'Dan Graded')[1], 'not released stays hidden').to.equal('Submitted');
    expect(allowed.html).not.to.include('/grading/');
    expect(allowed.html, 'no links to pages a school leader may not open').not.to.include('/grades"').and.not.include('/completion"').and.not.include('gradebook.csv');
    await t.database.db.delete(progressSettings).where(eq(progressSettings.networkId, networkId));
  });

  it('when a participant opens the gradebook, then they land on their own progress, and its exports are refused', async () => {
    const landing = await anna.get('/gradebook');
    expect(landing.status).to.equal(303);
    expect(landing.location).to.match(/\/l\/[^/]+\/progress$/);
    expect((await anna.fetch('/gradebook.csv')).status).to.equal(403);
    expect((await anna.fetch('/gradebook/report.pdf')).status).to.equal(403);
  });

  it('when staff download the CSV, then it has the page’s rows in the network’s language with formulas neutralised', async () => {
    // The network's language is Swedish; the reader's is English.
    await t.database.db.update(networks).set({ language: 'sv' }).where(eq(networks.id, networkId));
    const response = await staff.fetch(`/gradebook.csv?school=${await schoolId('Södraskolan')}`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/csv/);
    expect(response.headers.get('content-disposition')).to.match(/^attachment/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)], 'a byte order mark for Excel').to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).to.match(/^Deltagare,Skola,/);
    expect(lines).to.have.length(5);
    expect(text).to.include(`"'=HYPERLINK(""http://x"")"`);
    expect(text).not.to.match(/(^|,)"?=HYPERLINK/m);
    expect(text).to.include('Platform refused: user is not enrolled');
    expect(text).not.to.include('Anna Missing');
  });

  it('when staff download the progress report, then the PDF holds the network, the totals and a line per school, and no private notes', async () => {
    await t.database.db.update(networks).set({ language: 'sv' }).where(eq(networks.id, networkId));
    const response = await staff.fetch('/gradebook/report.pdf');
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/pdf');
    const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
    const { text } = await parser.getText();
    await parser.destroy();
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).to.include('Lägesrapport till styrgruppen');
    expect(flat).to.include('Norraskolan').and.include('Södraskolan');
    expect(flat).to.include('1 av 9 (11 %)');
    expect(flat).to.include('5 av 9 inlämnade');
    expect(flat).to.include('Ingen skola angiven');
    expect(flat).not.to.include('PRIVATE NOTE');
  });

  it('when the Deep Linking item "Gradebook" is offered and launched, then staff land on the gradebook', async () => {
    const chooser = new LtiBrowser();
    const page = await chooser.launch(t.registration, t.platform, {
      messageType: 'LtiDeepLinkingRequest',
      claims: { sub: '1', [claim('roles')]: [role('Instructor')], [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } },
    });
    expect(page.body).to.contain('value="gradebook"').and.contain('Gradebook');
    const landed = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: '2', [claim('roles')]: [role('Instructor')], [claim('launch_presentation')]: { locale: 'en' }, [claim('custom')]: { natverk_item: 'gradebook' } } });
    expect(landed.url).to.match(/\/gradebook$/);
    expect(landed.body).to.include('Dan Graded');
  });
});
