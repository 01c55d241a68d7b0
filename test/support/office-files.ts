import { Readable } from 'node:stream';
import CFB from 'cfb';
import PDFDocument from 'pdfkit';
import yazl from 'yazl';

export type ZipEntry = [name: string, content: string | Buffer | (() => Readable), options?: { store?: boolean }];

/** A zip archive of the given entries, in order (OpenDocument wants its `mimetype` first and stored). */
export async function zipOf(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content, options] of entries) {
    const compress = !options?.store;
    if (typeof content === 'function') zip.addReadStream(content(), name, { compress });
    else zip.addBuffer(Buffer.from(content), name, { compress });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const contentTypes = (main: string, extra = '', mainPart = '/word/document.xml') =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>${extra}<Override PartName="${mainPart}" ContentType="${main}"/></Types>`;

export const docxContentType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';

/** A small Word document with Swedish text. */
export function docx(extraEntries: ZipEntry[] = []): Promise<Buffer> {
  return zipOf([
    ['[Content_Types].xml', contentTypes(docxContentType)],
    ['word/document.xml', '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Minnesanteckningar från träff 1</w:t></w:r></w:p></w:body></w:document>'],
    ...extraEntries,
  ]);
}

/** A macro-enabled Word document (.docm) with its VBA project. */
export function docm(): Promise<Buffer> {
  return zipOf([
    ['[Content_Types].xml', contentTypes('application/vnd.ms-word.document.macroEnabled.main+xml', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>')],
    ['word/document.xml', '<w:document/>'],
    ['word/vbaProject.bin', Buffer.from('macro bytes')],
  ]);
}

/** An OpenDocument text whose manifest says it is encrypted (as LibreOffice saves with a password). */
export function encryptedOdt(): Promise<Buffer> {
  return zipOf([
    ['mimetype', 'application/vnd.oasis.opendocument.text', { store: true }],
    ['META-INF/manifest.xml', '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry></manifest:manifest>'],
    ['content.xml', Buffer.from('encrypted bytes')],
  ]);
}

/** A password-protected Office file: a compound file with the EncryptedPackage stream, as Office writes it. */
export function encryptedOoxml(): Buffer {
  const container = CFB.utils.cfb_new();
  CFB.utils.cfb_add(container, 'EncryptionInfo', Buffer.alloc(512, 1));
  CFB.utils.cfb_add(container, 'EncryptedPackage', Buffer.alloc(4096, 2));
  return Buffer.from(CFB.write(container, { type: 'buffer' }) as Uint8Array);
}

/** A zip whose entry name climbs out of the folder (written under a same-length name, then renamed in place). */
export async function docxWithTraversal(): Promise<Buffer> {
  const placeholder = 'xx/xx/evil.xml';
  const archive = await docx([[placeholder, '<evil/>']]);
  return Buffer.from(archive.toString('latin1').replaceAll(placeholder, '../../evil.xml'), 'latin1');
}

/** A zip bomb: a few hundred kilobytes that would unpack to `megabytes` of zeros. */
export function docxBomb(megabytes: number): Promise<Buffer> {
  return docx([['word/media/zeros.bin', () => Readable.from((function* () {
    const chunk = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < megabytes; i += 1) yield chunk;
  })())]]);
}

/** A document with more entries than any real Office file has. */
export function docxWithManyEntries(count: number): Promise<Buffer> {
  return docx(Array.from({ length: count }, (_, i): ZipEntry => [`word/parts/p${i}.xml`, '<p/>']));
}

/** A one-page PDF with the given text. */
export async function pdf(text: string): Promise<Buffer> {
  const document = new PDFDocument();
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => document.on('end', resolve));
  document.text(text);
  document.end();
  await done;
  return Buffer.concat(chunks);
}

/** A 1×1 PNG. */
export const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The start of a Windows program, the kind of file a disguise hides. */
export const windowsProgram = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

export type OfficeKind = 'docx' | 'pptx';

/** The main XML part of each kind, where an attacker's content goes. */
export const mainPartOf: Record<OfficeKind, string> = { docx: 'word/document.xml', pptx: 'ppt/slides/slide1.xml' };

/** A small Word document or PowerPoint deck whose main part is the given content, with any extra entries. */
export function officeFile(kind: OfficeKind, main: ZipEntry[1], extraEntries: ZipEntry[] = []): Promise<Buffer> {
  const types =
    kind === 'docx'
      ? contentTypes(docxContentType)
      : contentTypes('application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml', '', '/ppt/presentation.xml');
  const outer: ZipEntry[] = kind === 'pptx' ? [['ppt/presentation.xml', '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>']] : [];
  return zipOf([['[Content_Types].xml', types], ...outer, [mainPartOf[kind], main], ...extraEntries]);
}

/** A deterministic stream of paragraphs: `wordsPerParagraph` words drawn from `vocabulary` (fewer words pack tighter). */
function paragraphs(megabytes: number, vocabulary: readonly string[], suffix = ''): () => Readable {
  return () =>
    Readable.from(
      (function* () {
        let seed = 20270111;
        const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
        yield Buffer.from('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>');
        for (let written = 0; written < megabytes * 1024 * 1024; ) {
          const words = Array.from({ length: 4096 }, () => vocabulary[next() % vocabulary.length]).join(' ');
          const chunk = Buffer.from(`<w:p><w:r><w:t>${words}</w:t></w:r></w:p>`);
          written += chunk.length;
          yield chunk;
        }
        yield Buffer.from(`</w:body></w:document>${suffix}`);
      })(),
    );
}

const oneWord = ['träff'];
const swedishWords = 'lärande kollegialt nätverk skola rektor elev undervisning bedömning formativ samtal träff utveckling analys process ledning kvalitet mål resultat arbetslag förbättring'.split(' ');

/** The main part unpacks to `megabytes` of repeated text: it packs about 650:1. */
export const hugeXmlPart = (kind: OfficeKind, megabytes: number) => officeFile(kind, paragraphs(megabytes, oneWord));

/** The main part unpacks to `megabytes` of varied Swedish text (then `suffix`), packing about as tightly as real text does (13:1). */
export const largeVariedXmlPart = (kind: OfficeKind, megabytes: number, suffix = '') => officeFile(kind, paragraphs(megabytes, swedishWords, suffix));

/** A small document with a media part of `megabytes` zeros: it unpacks about 1000:1. */
export const packedTightly = (kind: OfficeKind, megabytes: number) => officeFile(kind, '<w:document/>', [['word/media/image1.bin', () => Readable.from((function* () {
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i += 1) yield chunk;
})())]]);

/** The main part declares an external entity (XXE) and uses it. */
export const xxeOfficeFile = (kind: OfficeKind) =>
  officeFile(kind, '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>');
