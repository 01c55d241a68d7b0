import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { XMLParser } from 'fast-xml-parser';
import yazl from 'yazl';
import { ZipArchive } from '../files/zip-archive';
import { UnsafeXml, blankExternalReferences, isPackageTarget, verifyNoExternalReferences } from './external-links';
import { decodeXmlText, maxPartBytes } from './safe-xml';

/*
 * A copy of a .pptx or .odp for the converter with every reference outside the file taken out: linked
 * pictures, media and OLE objects, DDE links, section and table sources, hyperlinks too (a slide picture
 * cannot be clicked, so nothing is lost, and LibreOffice then has nothing to fetch whatever it does with them).
 * The stored original is never touched. Parts are judged by content, not by name: OOXML parts may be
 * called anything, and SVG pictures are XML too.
 */

export interface SanitiseSummary {
  /** External relationships (OOXML) dropped. */
  relationshipsRemoved: number;
  /** External href/src/DDE attributes (OpenDocument, VML, SVG) blanked. */
  referencesBlanked: number;
}

export { UnsafeXml } from './external-links';

/** Writes the sanitised copy of the zip package at `inputPath` to `outputPath`. */
export async function sanitiseDeck(inputPath: string, outputPath: string): Promise<SanitiseSummary> {
  const archive = await ZipArchive.open(inputPath);
  const summary: SanitiseSummary = { relationshipsRemoved: 0, referencesBlanked: 0 };
  const zip = new yazl.ZipFile();
  const output = createWriteStream(outputPath);
  zip.once('error', (error: Error) => output.destroy(error));
  try {
    for (const { name } of archive.entries) {
      if (name.endsWith('/')) {
        zip.addEmptyDirectory(name);
        continue;
      }
      // OpenDocument wants its mimetype stored, uncompressed; parts are read one at a time, as yazl reaches them.
      zip.addReadStreamLazy(name, { compress: name !== 'mimetype' }, (callback) => {
        sanitisedPart(archive, name, summary).then(
          (bytes) => callback(null, Readable.from([bytes])),
          (error: Error) => callback(error, undefined as unknown as Readable),
        );
      });
    }
    zip.end();
    await pipeline(zip.outputStream, output);
    return summary;
  } finally {
    archive.close();
  }
}

async function sanitisedPart(archive: ZipArchive, name: string, summary: SanitiseSummary): Promise<Buffer> {
  const bytes = (await archive.read(name)) ?? Buffer.alloc(0);
  const kind = contentKind(bytes);
  if (kind === 'binary') return bytes;
  if (kind === 'utf16') throw new UnsafeXml(`${name} is XML in UTF-16`);
  if (bytes.length > maxPartBytes) throw new UnsafeXml(`${name} is XML of ${bytes.length} bytes`);
  const xml = bytes.toString('utf8');
  if (xml.includes('\u0000')) throw new UnsafeXml(`${name} is not UTF-8`);
  if (name.endsWith('.rels')) {
    const { xml: kept, removed } = keepPackageRelationships(xml, name);
    summary.relationshipsRemoved += removed;
    return Buffer.from(kept, 'utf8');
  }
  const { xml: rewritten, blanked } = blankExternalReferences(xml);
  verifyNoExternalReferences(rewritten, name);
  summary.referencesBlanked += blanked;
  return blanked ? Buffer.from(rewritten, 'utf8') : bytes;
}

/** XML is told by its first character (after a UTF-8 byte order mark and white space); UTF-16 by its mark or NULs. */
function contentKind(bytes: Buffer): 'xml' | 'utf16' | 'binary' {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'utf16';
  if ((bytes[0] === 0x3c && bytes[1] === 0x00) || (bytes[0] === 0x00 && bytes[1] === 0x3c)) return 'utf16';
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[at]!)) at += 1;
  return bytes[at] === 0x3c ? 'xml' : 'binary';
}

const relationshipsParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (tag) => tag === 'Relationship',
});

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * A relationships part rebuilt from the relationships that stay inside the package, so what the converter
 * reads is exactly what is written here. Hyperlinks go too: see the comment at the top.
 */
export function keepPackageRelationships(xml: string, partName = 'relationships'): { xml: string; removed: number } {
  if (/<!(?:DOCTYPE|ENTITY)/i.test(xml)) throw new UnsafeXml(`${partName} declares a DOCTYPE or entities`);
  let parsed: { Relationships?: { Relationship?: Record<string, string>[] } | string };
  try {
    parsed = relationshipsParser.parse(xml) as typeof parsed;
  } catch (error) {
    throw new UnsafeXml(`${partName}: ${(error as Error).message}`);
  }
  const root = parsed.Relationships;
  if (root === undefined) throw new UnsafeXml(`${partName} is not a relationships part`);
  const relationships = typeof root === 'string' ? [] : (root.Relationship ?? []);
  const kept = relationships.filter((relationship) => {
    const mode = decodeXmlText(relationship.TargetMode ?? 'Internal').trim();
    return mode === 'Internal' && isPackageTarget(decodeXmlText(relationship.Target ?? ''));
  });
  const written = kept.map((relationship) => {
    const attributes = ['Id', 'Type', 'Target'].map((key) => `${key}="${escapeAttribute(decodeXmlText(relationship[key] ?? ''))}"`).join(' ');
    return `<Relationship ${attributes}/>`;
  });
  return {
    xml: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${written.join('')}</Relationships>`,
    removed: relationships.length - kept.length,
  };
}
