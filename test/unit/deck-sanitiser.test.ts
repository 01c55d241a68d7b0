import { expect } from 'chai';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ZipArchive } from '../../lti-tool/files/zip-archive';
import { UnsafeXml, sanitiseDeck } from '../../lti-tool/presentations/deck-sanitiser';
import { blankExternalReferences } from '../../lti-tool/presentations/external-links';
import { zipOf } from '../support/office-files';

const relationshipsNs = 'http://schemas.openxmlformats.org/package/2006/relationships';
const officeRel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Every kind of link a deck can make outside itself, and how each is written. */
const externalTargets: Array<[kind: string, target: string]> = [
  ['http', 'http://127.0.0.1:8080/internal'],
  ['https', 'https://intranet.example/secret.png'],
  ['file', 'file:///etc/passwd'],
  ['smb', 'smb://fileserver/share/picture.png'],
  ['ftp', 'ftp://ftp.example/picture.png'],
  ['UNC path', '\\\\fileserver\\share\\picture.png'],
  ['absolute path', '/etc/hostname'],
  ['LibreOffice macro expansion', 'vnd.sun.star.expand:$BRAND_BASE_DIR/picture.png'],
];

describe('deck sanitiser', function () {
  let scratch: string;

  before(async function () {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'deck-sanitiser-'));
  });

  after(async function () {
    await fs.rm(scratch, { recursive: true, force: true });
  });

  async function sanitise(name: string, entries: Parameters<typeof zipOf>[0]) {
    const input = path.join(scratch, name);
    const output = path.join(scratch, `clean-${name}`);
    await fs.writeFile(input, await zipOf(entries));
    const summary = await sanitiseDeck(input, output);
    const archive = await ZipArchive.open(output);
    try {
      const parts = new Map<string, string>();
      for (const entry of archive.entries) parts.set(entry.name, (await archive.readText(entry.name))!);
      return { summary, parts, original: await fs.readFile(input) };
    } finally {
      archive.close();
    }
  }

  describe('in a .pptx', function () {
    for (const [kind, target] of externalTargets) {
      it(`when a picture is linked by ${kind}, then its relationship is gone and the embedded one stays`, async function () {
        const rels =
          `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${relationshipsNs}">` +
          `<Relationship Id="rId1" Type="${officeRel}/image" Target="../media/image1.png"/>` +
          `<Relationship Id="rId2" Type="${officeRel}/image" Target="${target.replace(/&/g, '&amp;')}" TargetMode="External"/></Relationships>`;
        const { summary, parts } = await sanitise(`${kind}.pptx`, [
          ['ppt/slides/_rels/slide1.xml.rels', rels],
          ['ppt/slides/slide1.xml', '<p:sld xmlns:p="p" xmlns:a="a" xmlns:r="r"><a:blip r:link="rId2"/><a:blip r:embed="rId1"/></p:sld>'],
          ['ppt/media/image1.png', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
        ]);

        expect(summary.relationshipsRemoved).to.equal(1);
        const kept = parts.get('ppt/slides/_rels/slide1.xml.rels')!;
        expect(kept).to.contain('Target="../media/image1.png"').and.not.contain('rId2').and.not.contain('External');
        expect(parts.get('ppt/media/image1.png')).to.have.length(4);
      });
    }

    it('when relationships link an OLE object, a DDE source, a hyperlink and an internal target with a scheme, then only the package parts stay', async function () {
      const rels =
        `<Relationships xmlns="${relationshipsNs}">` +
        `<Relationship Id="rId1" Type="${officeRel}/oleObject" Target="file:///C:/Budget.xlsx!Blad1!R1C1:R4C4" TargetMode="External"/>` +
        `<Relationship Id="rId2" Type="${officeRel}/oleObject" Target="DDE:Excel|Budget!R1C1" TargetMode='External'/>` +
        `<Relationship Id="rId3" Type="${officeRel}/hyperlink" Target="https://www.skolverket.se/" TargetMode="External"/>` +
        `<Relationship Id="rId4" Type="${officeRel}/image" Target="http://127.0.0.1/internal-mode.png"/>` +
        `<Relationship Id="rId5" Type="${officeRel}/oleObject" Target="../embeddings/oleObject1.bin"/>` +
        `<Relationship Id="rId6" Type="${officeRel}/slideLayout" Target="/ppt/slideLayouts/slideLayout1.xml"/></Relationships>`;
      const { summary, parts } = await sanitise('ole.pptx', [['ppt/slides/_rels/slide1.xml.rels', rels]]);

      expect(summary.relationshipsRemoved).to.equal(4);
      const ids = [...parts.get('ppt/slides/_rels/slide1.xml.rels')!.matchAll(/Id="(rId\d)"/g)].map((match) => match[1]);
      expect(ids).to.deep.equal(['rId5', 'rId6']);
    });

    it('when a VML drawing or an SVG picture points outside, then the reference is blanked and the rest of the part is unchanged', async function () {
      const vml = '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><v:shape><v:imagedata src="file:///etc/passwd" o:href="\\\\host\\share\\x.png" o:title="Bild"/></v:shape></xml>';
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="http://127.0.0.1/x.png"/><image href="data:image/png;base64,AAAA"/><use href="#a"/></svg>';
      const { summary, parts } = await sanitise('vml.pptx', [
        ['ppt/drawings/vmlDrawing1.vml', vml],
        ['ppt/media/image2.svg', svg],
      ]);

      expect(summary.referencesBlanked).to.equal(3);
      expect(parts.get('ppt/drawings/vmlDrawing1.vml')).to.equal(vml.replace('src="file:///etc/passwd"', 'src=""').replace('o:href="\\\\host\\share\\x.png"', 'o:href=""'));
      expect(parts.get('ppt/media/image2.svg')).to.contain('xlink:href=""').and.contain('href="data:image/png;base64,AAAA"').and.contain('href="#a"');
    });
  });

  describe('in an .odp', function () {
    const page = (inner: string) =>
      '<office:document-content xmlns:office="o" xmlns:draw="d" xmlns:text="t" xmlns:table="tb" xmlns:xlink="http://www.w3.org/1999/xlink"><office:body>' + inner + '</office:body></office:document-content>';

    for (const [kind, target] of [...externalTargets, ['climb out of the package', '../../etc/passwd'], ['percent-encoded climb', '%2e%2e/%2e%2e/etc/passwd']] as const) {
      it(`when a picture is linked by ${kind}, then its xlink:href is blanked and the embedded picture keeps its own`, async function () {
        const href = target.replace(/&/g, '&amp;');
        const { summary, parts } = await sanitise(`${kind}.odp`, [
          ['mimetype', 'application/vnd.oasis.opendocument.presentation', { store: true }],
          ['content.xml', page(`<draw:image xlink:href="${href}"/><draw:image xlink:href="Pictures/1.png"/><draw:object xlink:href="./Object 1"/>`)],
        ]);

        expect(summary.referencesBlanked).to.equal(1);
        expect(parts.get('content.xml')).to.equal(page('<draw:image xlink:href=""/><draw:image xlink:href="Pictures/1.png"/><draw:object xlink:href="./Object 1"/>'));
        expect(parts.get('mimetype')).to.equal('application/vnd.oasis.opendocument.presentation');
      });
    }

    it('when objects, sections, tables, DDE sources and styles link outside, then every one is blanked, in every XML part', async function () {
      const content = page(
        `<draw:object-ole xlink:href="file:///srv/budget.xls"/><draw:object xlink:href='smb://host/share/chart.odg'/><draw:plugin xlink:href="http://127.0.0.1/plugin"/>` +
          `<draw:applet xlink:href="ftp://host/applet"/><text:section-source xlink:href="file:///etc/passwd"/><table:table-source xlink:href="https://host/data.ods"/>` +
          `<office:dde-source office:dde-application="soffice" office:dde-topic="file:///etc/passwd" office:dde-item="A1"/><!-- xlink:href="http://in-a-comment" -->`,
      );
      const styles = '<office:document-styles xmlns:office="o" xmlns:draw="d" xmlns:xlink="x" xml:base="http://127.0.0.1/"><draw:fill-image xlink:href="file:///etc/hostname"/></office:document-styles>';
      const { summary, parts } = await sanitise('objects.odp', [
        ['content.xml', content],
        ['styles.xml', styles],
        ['Object 1/content.xml', page('<draw:image xlink:href="http://127.0.0.1/nested.png"/>')],
      ]);

      expect(summary.referencesBlanked).to.equal(6 + 3 + 2 + 1);
      for (const part of ['content.xml', 'styles.xml', 'Object 1/content.xml']) expect(parts.get(part)!.replace(/<!--.*?-->/g, ''), part).not.to.match(/(?:href|dde-\w+|base)=["'][^"']/);
      expect(parts.get('content.xml')).to.contain('<!-- xlink:href="http://in-a-comment" -->');
    });

    it('when a part hides a link from the scanner in malformed XML, then the deck is refused', async function () {
      const error = await sanitise('malformed.odp', [['content.xml', page('<draw:image a="1"b="2" xlink:href="http://127.0.0.1/x.png"/>')]]).catch((caught: unknown) => caught);

      expect(error).to.be.instanceOf(UnsafeXml);
    });

    it('when a part is XML in UTF-16, then the deck is refused', async function () {
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page('<draw:image xlink:href="http://127.0.0.1/x.png"/>'), 'utf16le')]);

      const error = await sanitise('utf16.odp', [['content.xml', utf16]]).catch((caught: unknown) => caught);

      expect(error).to.be.instanceOf(UnsafeXml);
    });
  });

  it('when an attribute value holds something that looks like another attribute, then only real attributes are judged', function () {
    const xml = '<draw:image draw:name=" xlink:href=" xlink:href="http://127.0.0.1/x.png"/>';

    expect(blankExternalReferences(xml).xml).to.equal('<draw:image draw:name=" xlink:href=" xlink:href=""/>');
  });
});
