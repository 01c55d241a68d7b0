import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { documentRecipients, meetingDocuments, meetings, schools, users } from '../../models/schema';
import { claim, launchAs as launchMember, role } from '../support/network-member';
import { docx, pdf, png } from '../support/office-files';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

/** Every file the store holds, kept or still arriving. */
function filesIn(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('Meeting documents: agenda, minutes and material', () => {
  let t: ToolUnderTest;
  let first: number;
  let second: number;
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}, locale = 'en') => launchMember(t, sub, roles, extra, locale);
  const documentIdIn = (html: string, title: string) => Number(new RegExp(`/documents/(\\d+)" download>${title}<`).exec(html)?.[1]);

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    const leader = await launchAs('2', [role('Instructor')], {}, 'sv');
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    [first, second] = (await t.database.db.select().from(meetings).orderBy(meetings.startsAt)).map((meeting) => meeting.id) as [number, number];
  });
  after(async () => {
    await t.close();
  });

  it('when the leader uploads an agenda as a draft, then only leaders see it until it is published, and then members download it as it was', async () => {
    const leader = await launchAs('2', [role('Instructor')]);
    const participant = await launchAs('31', [role('Learner')]);
    const content = await pdf('Dagordning för träff 1');
    const uploaded = await leader.upload(`/meetings/${first}/documents`, { kind: 'agenda', title: '' }, { name: 'Dagordning träff 1.pdf', content, type: 'application/pdf' });
    expect(uploaded.status, uploaded.html.slice(0, 400)).to.equal(303);

    const leaderPage = (await leader.get(`/meetings/${first}`)).html;
    expect(leaderPage).to.include('Dagordning träff 1');
    expect(leaderPage).to.include('Not published');
    const id = documentIdIn(leaderPage, 'Dagordning träff 1');
    expect(id).to.be.above(0);
    expect((await participant.get(`/meetings/${first}`)).html).not.to.include('Dagordning träff 1');
    expect((await participant.fetch(`/meetings/${first}/documents/${id}`)).status, 'a draft is not downloadable by participants').to.equal(404);

    expect((await leader.post(`/meetings/${first}/documents/${id}/publish`)).status).to.equal(303);
    expect((await participant.get(`/meetings/${first}`)).html).to.include('Dagordning träff 1');
    const download = await participant.fetch(`/meetings/${first}/documents/${id}`);
    expect(download.status).to.equal(200);
    expect(download.headers.get('content-type')).to.equal('application/pdf');
    expect(download.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(download.headers.get('content-disposition')).to.match(/^attachment;/).and.include("filename*=UTF-8''Dagordning%20tr%C3%A4ff%201.pdf").and.include('filename="Dagordning traff 1.pdf"');
    expect(Buffer.from(await download.arrayBuffer()).equals(content)).to.equal(true);
  });

  it('when the leader publishes minutes, then the school leaders responsible for schools are recorded as informed and can read them', async () => {
    const mentor = await launchAs('41', [role('Mentor')]);
    await launchAs('42', [role('Mentor')]); // no school: not informed
    const leader = await launchAs('2', [role('Instructor')]);
    expect((await leader.post('/schools', { name: 'Norra skolan', municipality: 'Lund' })).status).to.equal(303);
    const [school] = await t.database.db.select().from(schools);
    const [mentorRow] = await t.database.db.select().from(users).where(eq(users.sub, '41'));
    expect((await leader.post(`/roster/${mentorRow!.id}/schools`, { schoolIds: [String(school!.id)] })).status).to.equal(303);
    const uploaded = await leader.upload(`/meetings/${first}/documents`, { kind: 'minutes', title: 'Minnesanteckningar träff 1', publish: 'on' }, { name: 'anteckningar.docx', content: await docx() });
    expect(uploaded.status, uploaded.html.slice(0, 400)).to.equal(303);

    const [document] = await t.database.db.select().from(meetingDocuments).where(eq(meetingDocuments.kind, 'minutes'));
    expect(document!.publishedAt).to.be.instanceOf(Date);
    const informed = await t.database.db.select({ sub: users.sub, informedAt: documentRecipients.informedAt }).from(documentRecipients).innerJoin(users, eq(users.id, documentRecipients.userId));
    expect(informed.map((row) => row.sub)).to.deep.equal(['41']);
    expect(informed[0]!.informedAt.getTime()).to.equal(document!.publishedAt!.getTime());

    expect((await leader.get(`/meetings/${first}`)).html).to.include('School leaders informed').and.include('Person 41');
    const read = await mentor.fetch(`/meetings/${first}/documents/${document!.id}`);
    expect(read.status).to.equal(200);
    expect(read.headers.get('content-disposition')).to.include('anteckningar.docx');
  });

  it('when a file is disguised, too large or missing, then the form says why in the user’s language and nothing is stored', async () => {
    const leader = await launchAs('2', [role('Instructor')], {}, 'sv');
    const before = await t.database.db.select().from(meetingDocuments);
    const disguised = await leader.upload(`/meetings/${second}/documents`, { kind: 'material', title: 'Bilder' }, { name: 'bilder.pdf', content: png });
    expect(disguised.status).to.equal(422);
    expect(disguised.html).to.include('Filens namn stämmer inte med innehållet');
    expect(disguised.html, 'what was typed stays in the form').to.include('value="Bilder"');

    const tooLarge = await leader.upload(`/meetings/${second}/documents`, { kind: 'material', title: 'Stor' }, { name: 'stor.pdf', content: Buffer.concat([await pdf('stor'), Buffer.alloc(26 * 1024 * 1024)]) });
    expect(tooLarge.status).to.equal(422);
    expect(tooLarge.html).to.include('Filen är större än gränsen');
    expect(tooLarge.html).to.include('value="Stor"');

    const noFile = await leader.upload(`/meetings/${second}/documents`, { kind: 'material', title: 'Ingen fil' });
    expect(noFile.status).to.equal(422);
    expect(noFile.html).to.include('Välj en fil att ladda upp.');

    expect(await t.database.db.select().from(meetingDocuments)).to.have.length(before.length);
    expect(filesIn(t.config.uploadsDir), 'only the files of stored documents are on disk').to.have.length(before.length);
  });

  it('when a participant uploads, publishes or removes, or a form comes without the session’s token, then it is refused and nothing is written', async () => {
    const participant = await launchAs('31', [role('Learner')]);
    const leader = await launchAs('2', [role('Instructor')]);
    const onDisk = filesIn(t.config.uploadsDir).length;
    expect((await participant.upload(`/meetings/${first}/documents`, { kind: 'material' }, { name: 'mitt.pdf', content: await pdf('x') })).status).to.equal(403);
    const [document] = await t.database.db.select().from(meetingDocuments);
    expect((await participant.post(`/meetings/${first}/documents/${document!.id}/delete`)).status).to.equal(403);
    const forged = await leader.upload(`/meetings/${first}/documents`, { _csrf: 'forged', kind: 'material' }, { name: 'forged.pdf', content: await pdf('x') });
    expect(forged.status).to.equal(403);
    expect(filesIn(t.config.uploadsDir)).to.have.length(onDisk);
  });

  it('when someone from another network asks for a document, even by a right id, then it is not found', async () => {
    const [document] = await t.database.db.select().from(meetingDocuments);
    const outsider = await launchAs('2', [role('Instructor')], { [claim('context')]: { id: 'other-network', title: 'Annat nätverk', type: ['CourseSection'] } });
    expect((await outsider.fetch(`/meetings/${document!.meetingId}/documents/${document!.id}`)).status).to.equal(404);
    expect((await outsider.post(`/meetings/${document!.meetingId}/documents/${document!.id}/delete`)).status).to.equal(404);
    const leader = await launchAs('2', [role('Instructor')]);
    expect((await leader.fetch(`/meetings/${second}/documents/${document!.id}`)).status, 'a document asked for under another meeting').to.equal(404);
    const malformed = await leader.get(`/meetings/${first}/documents/not-a-number`);
    expect(malformed.status).to.equal(400);
    expect(malformed.html).not.to.match(/ZodError|at .*\.ts:\d+/);
  });

  it('when the leader removes a document, then it is gone from the page and from the disk', async () => {
    const leader = await launchAs('2', [role('Instructor')]);
    const [document] = await t.database.db.select().from(meetingDocuments);
    const stored = filesIn(t.config.uploadsDir).find((file) => path.basename(file) === document!.storedName);
    expect(stored).to.be.a('string');
    expect((await leader.post(`/meetings/${document!.meetingId}/documents/${document!.id}/delete`)).status).to.equal(303);
    expect(fs.existsSync(stored!)).to.equal(false);
    expect((await leader.fetch(`/meetings/${document!.meetingId}/documents/${document!.id}`)).status).to.equal(404);
  });
});

