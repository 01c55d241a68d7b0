import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { AppError } from '../../lti-tool/errors';
import { inspectFile, type FileFormat } from '../../lti-tool/files/file-formats';
import { FileStore } from '../../lti-tool/files/file-store';
import { docm, docx, docxBomb, docxWithManyEntries, docxWithTraversal, encryptedOdt, encryptedOoxml, pdf, png, windowsProgram, zipOf } from '../support/office-files';

const documentFormats: FileFormat[] = ['pdf', 'pptx', 'docx', 'xlsx', 'odt', 'odp', 'png', 'jpg'];

describe('Uploaded files are judged by their content', () => {
  let folder: string;
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-inspect-'));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  async function inspect(name: string, content: Buffer) {
    const file = path.join(folder, `${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(file, content);
    return inspectFile(file, name, documentFormats);
  }

  async function refusal(name: string, content: Buffer): Promise<string> {
    try {
      await inspect(name, content);
    } catch (error) {
      if (error instanceof AppError) return error.code;
      throw error;
    }
    throw new Error(`${name} was accepted`);
  }

  it('when real documents come in, then each is recognised with its type, whatever letters its extension has', async () => {
    expect(await inspect('Dagordning träff 1.PDF', await pdf('Dagordning'))).to.deep.equal({ format: 'pdf', mime: 'application/pdf', extension: 'pdf' });
    expect((await inspect('Minnesanteckningar.docx', await docx())).format).to.equal('docx');
    expect((await inspect('bild.jpeg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64)]))).extension).to.equal('jpeg');
    expect((await inspect('utan-ändelse', png)).extension, 'a name without extension gets the one of its content').to.equal('png');
  });

  it('when a file’s name claims another type than its content, then it is refused as disguised', async () => {
    expect(await refusal('protokoll.pdf', png)).to.equal('file_disguised');
    expect(await refusal('protokoll.pdf', await docx())).to.equal('file_disguised');
  });

  it('when the content is of a kind not accepted here, then it is refused as not recognised whatever the name says', async () => {
    expect(await refusal('agenda.pdf', windowsProgram)).to.equal('file_not_recognised');
    expect(await refusal('agenda.docx', Buffer.from('just some text, not a document'))).to.equal('file_not_recognised');
  });

  it('when a known kind is not taken here, then the refusal names what the content is', async () => {
    const presentationsOnly = async (name: string, content: Buffer) => {
      const file = path.join(folder, `${Math.random().toString(36).slice(2)}`);
      fs.writeFileSync(file, content);
      return inspectFile(file, name, ['pptx', 'odp']).then(
        () => 'accepted',
        (error: unknown) => (error as AppError).code,
      );
    };
    expect(await presentationsOnly('redovisning.pptx', await docx())).to.equal('file_is_word');
    expect(await presentationsOnly('redovisning.pptx', await pdf('Redovisning'))).to.equal('file_is_pdf');
    expect(await presentationsOnly('redovisning.pptx', png)).to.equal('file_is_image');
    expect(await presentationsOnly('redovisning.pptx', await zipOf([['bild.txt', 'inte en presentation']]))).to.equal('file_is_zip');
  });

  it('when a file is empty, macro-enabled or password-protected, then it is refused with that reason', async () => {
    expect(await refusal('tom.pdf', Buffer.alloc(0))).to.equal('file_empty');
    expect(await refusal('makro.docx', await docm())).to.equal('file_macros');
    expect(await refusal('hemlig.docx', encryptedOoxml())).to.equal('file_encrypted');
    expect(await refusal('hemlig.odt', await encryptedOdt())).to.equal('file_encrypted');
  });

  it('when a document hides a vbaProject.bin under a plain content type, then it is still refused for its macros', async () => {
    expect(await refusal('smyg.docx', await docx([['word/vbaProject.bin', Buffer.from('macro')]]))).to.equal('file_macros');
  });

  it('when an archive is a zip bomb, has thousands of entries or an entry named ../, then it is refused before anything is unpacked', async () => {
    const rssBefore = process.memoryUsage().rss;
    expect(await refusal('bomb.docx', await docxBomb(600)), 'an archive that unpacks too far has its own reason').to.equal('file_unpacks_too_large');
    expect(process.memoryUsage().rss - rssBefore, 'the bomb was not inflated').to.be.below(200 * 1024 * 1024);
    expect(await refusal('många.docx', await docxWithManyEntries(6000))).to.equal('file_rejected');
    expect(await refusal('klättrare.docx', await docxWithTraversal())).to.equal('file_rejected');
    expect(fs.existsSync(path.join(folder, '..', '..', 'evil.xml'))).to.equal(false);
  });
});

describe('The file store', () => {
  let store: FileStore;
  before(() => {
    store = new FileStore(fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-store-')));
  });
  after(() => fs.rmSync(store.root, { recursive: true, force: true }));

  it('when a file streams in under the limit, then it is counted, hashed and kept under a random name', async () => {
    const received = await store.receive(Readable.from([Buffer.from('Träff 1'), Buffer.from(' – minnesanteckningar')]), 1024);
    expect(received.size).to.equal(Buffer.byteLength('Träff 1 – minnesanteckningar'));
    const stored = await store.keep(received);
    expect(stored).to.match(/^[0-9a-f]{32}$/);
    expect(fs.readFileSync(store.pathOf(stored), 'utf8')).to.equal('Träff 1 – minnesanteckningar');
    expect(fs.existsSync(received.tempPath)).to.equal(false);
  });

  it('when a file goes over the limit, then it is refused and nothing of it stays on disk', async () => {
    const before = fs.readdirSync(path.join(store.root, 'incoming')).length;
    let refused: unknown;
    await store.receive(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000).catch((error: unknown) => (refused = error));
    expect((refused as AppError).code).to.equal('file_too_large');
    expect(fs.readdirSync(path.join(store.root, 'incoming'))).to.have.length(before);
  });

  it('when a stored name is not one of ours, then no path is made from it', () => {
    expect(() => store.pathOf('../../etc/passwd')).to.throw();
    expect(() => store.pathOf('0123456789abcdef0123456789abcdef/..')).to.throw();
  });
});
