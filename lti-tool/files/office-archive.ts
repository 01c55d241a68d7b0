import { AppError } from '../errors';
import { ZipArchive, unreadableArchive, type ZipEntryInfo } from './zip-archive';

/*
 * The one inspection of the parts inside an Office or OpenDocument file, wherever it is uploaded (meeting
 * documents, presentations, and whatever takes such files later). Neither format ever has a DOCTYPE or entity
 * declarations, and entities are how XXE and "billion laughs" work in whatever opens the file later (Word,
 * LibreOffice in our slide renderer, a member's computer); no real part comes near the size caps, and a part
 * that unpacks a hundred times its packed size is a zip bomb, not a document.
 */

/** No XML part of a real document comes near this (slide XML is kilobytes; a big spreadsheet's sheet a few megabytes). */
export const maxXmlPartBytes = 20 * 1024 * 1024;
/** Deflate of real content stays well under this; zeros or repeated padding reach about 1000:1. */
export const maxCompressionRatio = 100;
/** Small parts (a few kilobytes of repeated markup) may pack tightly without being a threat. */
export const ratioCheckedAboveBytes = 1024 * 1024;

export type OfficePartRefusal = 'file_xml_doctype' | 'file_part_too_large' | 'file_compression_ratio';
export const refusePart = (code: OfficePartRefusal, detail: string) => new AppError(422, code, detail);

const declaresEntitiesPattern = /<!(?:DOCTYPE|ENTITY)/i;
// Parts are named .xml, .rels (OOXML relationships), .vml (legacy drawings) or .rdf (OpenDocument metadata).
const xmlPartName = /\.(?:xml|rels|vml|rdf)$/i;
const acceptedEncodings = /^(?:utf-?8|utf-?16(?:le|be)?)$/i;

/**
 * True when the text declares a DOCTYPE or an entity. NUL bytes are dropped first, so that UTF-16 and UTF-32
 * text (where "<!DOCTYPE" has NULs between its letters) is caught the same way as UTF-8.
 */
export function declaresDoctypeOrEntities(text: string): boolean {
  return declaresEntitiesPattern.test(text.replaceAll('\u0000', ''));
}

/**
 * The one inspection of an Office (OOXML) or OpenDocument file, in this order: the archive's own caps (entry
 * count, total size, names; see ZipArchive), each part's size and packing from the zip directory before
 * anything is inflated, encryption and macros, the format's own table of contents, and then every XML part
 * (by name, or by content for parts such as SVG images) streamed through for DOCTYPE and entity declarations,
 * never holding more than one inflated chunk in memory.
 */
export async function inspectOfficeArchive(filePath: string, family: 'ooxml' | 'odf'): Promise<void> {
  const archive = await ZipArchive.open(filePath);
  try {
    for (const entry of archive.entries) checkPacking(entry);
    if (archive.entries.some((entry) => entry.encrypted)) throw new AppError(422, 'file_encrypted', 'zip encryption');
    if (archive.entries.some((entry) => /(^|\/)vbaProject\.bin$/i.test(entry.name) || /^Basic\/.+\.xml$/i.test(entry.name) || /^Scripts\//i.test(entry.name)))
      throw new AppError(422, 'file_macros', 'macro project inside');
    if (family === 'odf') {
      const manifest = await archive.readText('META-INF/manifest.xml');
      if (!manifest) throw unreadableArchive('OpenDocument without manifest');
      if (manifest.includes('encryption-data')) throw new AppError(422, 'file_encrypted', 'OpenDocument encryption');
    } else if (!archive.has('[Content_Types].xml')) {
      throw unreadableArchive('Office file without [Content_Types].xml');
    }
    for (const entry of archive.entries) {
      if (!entry.name.endsWith('/')) await scanPart(archive, entry);
    }
  } finally {
    archive.close();
  }
}

function checkPacking(entry: ZipEntryInfo): void {
  if (xmlPartName.test(entry.name) && entry.uncompressedSize > maxXmlPartBytes) {
    throw refusePart('file_part_too_large', `${entry.name} unpacks to ${entry.uncompressedSize} bytes`);
  }
  if (entry.uncompressedSize > ratioCheckedAboveBytes && entry.uncompressedSize > entry.compressedSize * maxCompressionRatio) {
    throw refusePart('file_compression_ratio', `${entry.name} unpacks from ${entry.compressedSize} to ${entry.uncompressedSize} bytes`);
  }
}

/** Streams one part: XML parts (and parts whose content starts as XML) are read through for declarations. */
async function scanPart(archive: ZipArchive, entry: ZipEntryInfo): Promise<void> {
  const stream = await archive.stream(entry.name);
  if (!stream) return;
  let isXml = xmlPartName.test(entry.name);
  let first = true;
  let inflated = 0;
  let tail = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // latin1 maps bytes to characters one to one: the ASCII of a declaration is found whatever the encoding.
      const text = chunk.toString('latin1').replaceAll('\u0000', '');
      if (first) {
        first = false;
        isXml = checkStart(entry.name, text, isXml);
        if (!isXml) return;
      }
      inflated += chunk.length;
      if (inflated > maxXmlPartBytes) throw refusePart('file_part_too_large', `${entry.name} unpacks past ${maxXmlPartBytes} bytes`);
      const window = tail + text;
      if (declaresEntitiesPattern.test(window)) throw refusePart('file_xml_doctype', `${entry.name} declares a DOCTYPE or entities`);
      tail = window.slice(-16); // a declaration split between two chunks is found in the next window
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadableArchive(`entry ${entry.name}: ${(error as Error).message}`);
  } finally {
    stream.destroy();
  }
}

/**
 * Whether a part is XML, from its name or its first bytes; an XML part must be UTF-8 or UTF-16 (as Office and
 * LibreOffice write them), since other encodings (UTF-7, EBCDIC) would hide a declaration from the scan.
 */
function checkStart(name: string, text: string, namedAsXml: boolean): boolean {
  const start = text.replace(/^(?:\u00EF\u00BB\u00BF|\u00FE\u00FF|\u00FF\u00FE)/, '').trimStart();
  if (start === '') return true; // only whitespace so far: padding must not hide what follows from the scan
  if (!start.startsWith('<')) {
    if (namedAsXml) throw unreadableArchive(`${name} is not UTF-8 or UTF-16 XML`);
    return false;
  }
  const encoding = /^<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(start)?.[1];
  if (encoding !== undefined && !acceptedEncodings.test(encoding)) throw unreadableArchive(`${name} is encoded as ${encoding}`);
  return true;
}
