import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { AppError } from '../../lti-tool/errors';
import { inspectFile, type FileFormat } from '../../lti-tool/files/file-formats';
import { declaresDoctypeOrEntities, maxXmlPartBytes } from '../../lti-tool/files/office-archive';
import { docx, hugeXmlPart, largeVariedXmlPart, officeFile, packedTightly, png, xxeOfficeFile } from '../support/office-files';
import { billionLaughsDeck, buildDeck, buildOdp, xxeDeck } from '../support/presentations';

const documentFormats: FileFormat[] = ['pdf', 'pptx', 'docx', 'xlsx', 'odt', 'odp', 'png', 'jpg'];
const megabyte = 1024 * 1024;
const wordXml = (body: string) => `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;

/** The highest resident memory seen while `work` runs, above what it was before. */
async function peakRssGrowth(work: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage().rss) - before;
}

describe('The one inspection of Office and OpenDocument files', () => {
  let folder: string;
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-office-'));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  async function inspect(name: string, content: Buffer) {
    const file = path.join(folder, Math.random().toString(36).slice(2));
    fs.writeFileSync(file, content);
    try {
      return await inspectFile(file, name, documentFormats);
    } finally {
      fs.rmSync(file);
    }
  }

  async function refusal(name: string, content: Buffer): Promise<AppError> {
    try {
      await inspect(name, content);
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error(`${name} was accepted`);
  }

  it('when a Word document, a deck or an OpenDocument file is real, then it passes, pictures and all', async () => {
    expect((await inspect('anteckningar.docx', await docx([['word/media/image1.png', png]]))).format).to.equal('docx');
    expect((await inspect('redovisning.pptx', await buildDeck([{ title: 'Nuläge', text: ['Formativ bedömning'], notes: 'Hattie (2009)' }]))).format).to.equal('pptx');
    expect((await inspect('redovisning.odp', await buildOdp([{ title: 'Nuläge', text: ['x'] }]))).format).to.equal('odp');
    expect((await inspect('lång.docx', await largeVariedXmlPart('docx', 5))).format, 'five megabytes of text is a long document, not an attack').to.equal('docx');
  });

  it('when any XML part declares a DOCTYPE or entities (XXE, billion laughs), then the file is refused with that reason', async () => {
    expect((await refusal('farlig.docx', await xxeOfficeFile('docx'))).code).to.equal('file_xml_doctype');
    expect((await refusal('farlig.pptx', await xxeDeck())).code).to.equal('file_xml_doctype');
    expect((await refusal('skratt.pptx', await billionLaughsDeck())).code).to.equal('file_xml_doctype');
    expect((await refusal('rels.docx', await docx([['word/_rels/document.xml.rels', '<!DOCTYPE r [<!ENTITY x "y">]><Relationships/>']]))).code, 'relationship parts are XML too').to.equal('file_xml_doctype');
    expect((await refusal('svg.docx', await docx([['word/media/image1.svg', '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]><svg>&e;</svg>']]))).code, 'a part that is XML by content').to.equal('file_xml_doctype');
    expect((await refusal('odt.odp', await buildOdp([{ title: 'x' }], { contentPrefix: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "f">]>' }))).code).to.equal('file_xml_doctype');
  });

  it('when a declaration is hidden by UTF-16, behind padding or across the boundary of inflated chunks, then it is still found', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY e "x">]>${wordXml('')}`, 'utf16le')]);
    expect((await refusal('utf16.docx', await officeFile('docx', utf16))).code).to.equal('file_xml_doctype');
    expect((await refusal('utf16be.docx', await officeFile('docx', Buffer.from(`<!ENTITY e "x">`, 'utf16le').swap16()))).code).to.equal('file_xml_doctype');
    expect((await refusal('padded.docx', await officeFile('docx', `${' '.repeat(900 * 1024)}<!DOCTYPE x>${wordXml('')}`))).code).to.equal('file_xml_doctype');
    for (const offset of [16 * 1024 - 4, 64 * 1024 - 1, 256 * 1024 - 7]) {
      const content = `${wordXml('')}<!--${'x'.repeat(offset - wordXml('').length - 4)}--><!ENTITY e "x">`;
      expect((await refusal(`split-${offset}.docx`, await officeFile('docx', content))).code, `split at ${offset}`).to.equal('file_xml_doctype');
    }
    expect(declaresDoctypeOrEntities('<p:sld>text with <!-- no declaration --></p:sld>')).to.equal(false);
  });

  it('when an XML part is in an encoding that could hide a declaration, then the file is refused as unreadable', async () => {
    expect((await refusal('utf7.docx', await officeFile('docx', '<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE x+AD4-'))).code).to.equal('file_rejected');
    expect((await refusal('ebcdic.docx', await officeFile('docx', Buffer.from([0x4c, 0x6f, 0xa7, 0x94, 0x93])))).code).to.equal('file_rejected');
  });

  it('when one XML part unpacks past the cap, then the file is refused for that part, even when it packs like real text', async () => {
    const huge = await hugeXmlPart('docx', 120);
    expect(huge.length, 'the test file stays small').to.be.below(megabyte);
    expect((await refusal('enorm.docx', huge)).code).to.equal('file_part_too_large');
    const varied = await largeVariedXmlPart('docx', maxXmlPartBytes / megabyte + 1);
    expect(varied.length, 'packs looser than 100:1, so only the size cap can refuse it').to.be.above((maxXmlPartBytes + megabyte) / 100);
    expect((await refusal('lång.docx', varied)).code).to.equal('file_part_too_large');
  });

  it('when a part unpacks a thousand times its packed size, then the file is refused as packed too tightly, XML or not', async () => {
    expect((await refusal('bomb.docx', await packedTightly('docx', 50))).code).to.equal('file_compression_ratio');
    expect((await refusal('bomb.pptx', await packedTightly('pptx', 50))).code).to.equal('file_compression_ratio');
    expect((await refusal('tät.docx', await hugeXmlPart('docx', 10))).code, 'an XML part under the size cap').to.equal('file_compression_ratio');
    expect((await inspect('liten.docx', await docx([['word/styles.xml', `<w:styles>${'<w:style/>'.repeat(50_000)}</w:styles>`]]))).format, 'a small part may pack tightly').to.equal('docx');
  });

  it('when big parts are inspected, then memory stays bounded: nothing refused from the directory is inflated, and XML is streamed', async () => {
    const huge = await hugeXmlPart('docx', 120);
    const bomb = await packedTightly('docx', 400);
    const nearCap = await largeVariedXmlPart('docx', maxXmlPartBytes / megabyte - 1, '<!ENTITY e "x">');
    expect(await peakRssGrowth(() => refusal('enorm.docx', huge)), 'a 120 MB part').to.be.below(40 * megabyte);
    expect(await peakRssGrowth(() => refusal('bomb.docx', bomb)), 'a 400 MB bomb').to.be.below(40 * megabyte);
    let refused: AppError | undefined;
    expect(await peakRssGrowth(async () => (refused = await refusal('nära.docx', nearCap))), 'a 19 MB part streamed to its end').to.be.below(15 * megabyte);
    expect(refused!.code, 'the declaration at its very end was seen').to.equal('file_xml_doctype');
  });
});
