import { expect } from 'chai';
import { assignments, submissionVersions } from '../../models/schema';
import { translator } from '../../lti-tool/i18n';
import { launchAs as launchMember, role } from '../support/network-member';
import { docx, packedTightly, pdf, zipOf } from '../support/office-files';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

/** A macro-enabled deck (.pptm) with its VBA project, as PowerPoint saves it. */
function pptm(): Promise<Buffer> {
  const types =
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"/></Types>';
  return zipOf([
    ['[Content_Types].xml', types],
    ['ppt/presentation.xml', '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'],
    ['ppt/vbaProject.bin', Buffer.from('macro bytes')],
  ]);
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

/** Each file a participant might upload as "redovisning.pptx", with the reason it must be refused for. */
const cases: Array<{ label: string; file(): Promise<Buffer>; reason: string }> = [
  { label: 'a macro deck (.pptm)', file: pptm, reason: 'file_macros' },
  { label: 'a Word document', file: () => docx(), reason: 'file_is_word' },
  { label: 'a plain zip', file: () => zipOf([['anteckningar.txt', 'Inte en presentation']]), reason: 'file_is_zip' },
  { label: 'plain text', file: async () => Buffer.from('Det här är ingen presentation, bara text.'), reason: 'file_not_recognised' },
  { label: 'a deck that unpacks to 600 MB', file: () => packedTightly('pptx', 600), reason: 'file_unpacks_too_large' },
];

describe('A refused presentation upload says why, by what the file is', () => {
  let t: ToolUnderTest;
  let assignmentId: number;

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    const leader = await launchMember(t, '2', [role('Instructor')], {}, 'sv');
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    assignmentId = (await t.database.db.select().from(assignments)).find((assignment) => assignment.letter === 'A')!.id;
  });
  after(async () => {
    await t.close();
  });

  for (const { label, file, reason } of cases) {
    it(`when a participant uploads ${label} named .pptx, then the page names that reason beside the field, never "cannot be uploaded"`, async function () {
      this.timeout(60_000);
      const participant = await launchMember(t, '31', [role('Learner')], {}, 'sv');
      const refused = await participant.upload(`/assignments/${assignmentId}/submission`, {}, { name: 'redovisning.pptx', content: await file() });
      expect(refused.status).to.equal(422);
      expect(refused.html).to.include(escapeHtml(translator('sv')(`errors.${reason}.body`)));
      expect(refused.html).not.to.include('kan inte laddas upp här');
      expect(await t.database.db.select().from(submissionVersions)).to.have.length(0);
    });
  }

  it('when a participant uploads a Word document, then the Swedish message says it is a Word document, not a presentation', async () => {
    expect(translator('sv')('errors.file_is_word.body')).to.match(/Word-dokument.*inte en presentation/);
    expect(translator('en')('errors.file_is_word.body')).to.match(/Word .*document, not a presentation/);
    const participant = await launchMember(t, '32', [role('Learner')], {}, 'en');
    const refused = await participant.upload(`/assignments/${assignmentId}/submission`, {}, { name: 'redovisning.pptx', content: await pdf('Redovisning A') });
    // The pilot year's assignments take PDF as well: a PDF named .pptx is disguised, not of the wrong kind.
    expect(refused.html).to.include(escapeHtml(translator('en')('errors.file_disguised.body')));
  });
});
