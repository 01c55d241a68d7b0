import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { assignments, meetingDocuments, meetings, submissionVersions } from '../../models/schema';
import { translator } from '../../lti-tool/i18n';
import { launchAs as launchMember, role } from '../support/network-member';
import { hugeXmlPart, largeVariedXmlPart, packedTightly, xxeOfficeFile, type OfficeKind } from '../support/office-files';
import { xxeDeck } from '../support/presentations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

/** Every file the store holds, kept or still arriving. */
function filesIn(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

type Refusal = 'file_xml_doctype' | 'file_part_too_large' | 'file_compression_ratio';

/** The attacks of the outside review, each as a Word document and as a deck, with the reason it must be refused for. */
const attacks: Array<{ label: string; file(kind: OfficeKind): Promise<Buffer>; reason: Refusal }> = [
  { label: 'a DOCTYPE with an external entity in a slide or the text', file: (kind) => (kind === 'pptx' ? xxeDeck() : xxeOfficeFile(kind)), reason: 'file_xml_doctype' },
  { label: 'a 120 MB XML part (that also packs 650:1)', file: (kind) => hugeXmlPart(kind, 120), reason: 'file_part_too_large' },
  { label: 'a 21 MB XML part that packs like real text', file: (kind) => largeVariedXmlPart(kind, 21), reason: 'file_part_too_large' },
  { label: 'a part that unpacks 1000:1', file: (kind) => packedTightly(kind, 50), reason: 'file_compression_ratio' },
];

describe('Office files are inspected the same way wherever they are uploaded', () => {
  let t: ToolUnderTest;
  let meetingId: number;
  let assignmentId: number;
  const launchAs = (sub: string, roles: string[], locale: string) => launchMember(t, sub, roles, {}, locale);

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    const leader = await launchAs('2', [role('Instructor')], 'sv');
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    [meetingId] = (await t.database.db.select().from(meetings).orderBy(meetings.startsAt)).map((meeting) => meeting.id) as [number];
    assignmentId = (await t.database.db.select().from(assignments)).find((assignment) => assignment.letter === 'A')!.id;
  });
  after(async () => {
    await t.close();
  });

  for (const kind of ['pptx', 'docx'] as const) {
    for (const attack of attacks) {
      it(`when a leader uploads a meeting document (.${kind}) with ${attack.label}, then it is refused with that reason in their language and nothing is stored`, async () => {
        const leader = await launchAs('2', [role('Instructor')], 'sv');
        const onDisk = filesIn(t.config.uploadsDir).length;
        const refused = await leader.upload(`/meetings/${meetingId}/documents`, { kind: 'material', title: 'Underlag' }, { name: `underlag.${kind}`, content: await attack.file(kind) });
        expect(refused.status).to.equal(422);
        expect(refused.html).to.include(escapeHtml(translator('sv')(`errors.${attack.reason}.body`)));
        expect(refused.html, 'what was typed stays in the form').to.include('value="Underlag"');
        expect(await t.database.db.select().from(meetingDocuments)).to.have.length(0);
        expect(filesIn(t.config.uploadsDir)).to.have.length(onDisk);
      });
    }
  }

  for (const attack of attacks) {
    it(`when a participant uploads a presentation (.pptx) with ${attack.label}, then it is refused the same way, in their language, and nothing is stored`, async () => {
      const participant = await launchAs('31', [role('Learner')], 'nb');
      const onDisk = filesIn(t.config.uploadsDir).length;
      const refused = await participant.upload(`/assignments/${assignmentId}/submission`, {}, { name: 'redovisning.pptx', content: await attack.file('pptx') });
      expect(refused.status).to.equal(422);
      expect(refused.html).to.include(escapeHtml(translator('nb')(`errors.${attack.reason}.body`)));
      expect(await t.database.db.select().from(submissionVersions)).to.have.length(0);
      expect(filesIn(t.config.uploadsDir)).to.have.length(onDisk);
    });
  }
});

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}
