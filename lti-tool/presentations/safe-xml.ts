import { XMLParser } from 'fast-xml-parser';
import { declaresDoctypeOrEntities, maxXmlPartBytes, refusePart } from '../files/office-archive';
import { unreadableArchive, type ZipArchive } from '../files/zip-archive';

/*
 * XML parts of Office and OpenDocument files, read safely. An uploaded deck has already passed the one
 * inspection of Office files (files/office-archive.ts); its rules are applied again here, with the same
 * refusals, because a deck also reaches the parser another way (LibreOffice's conversion of a .ppt): XML with
 * a DOCTYPE or entity declarations is refused before parsing, and parts bigger than any real one are refused
 * from the zip directory, before they are inflated.
 */

export const maxPartBytes = maxXmlPartBytes;

/** fast-xml-parser's preserveOrder shape: `{ [tag]: XmlNode[], ':@'?: attributes }` or `{ '#text': string }`. */
export type XmlNode = Record<string, unknown>;

// processEntities off: no DOCTYPE entity is ever expanded; the five XML ones are decoded in decodeXmlText.
// parseTagValue off: a run "2013" stays the string "2013". trimValues off: spaces between runs are words' edges.
export const safeParserOptions = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
} as const;
const xmlParser = new XMLParser({ ...safeParserOptions, ignoreDeclaration: true, ignorePiTags: true });

export class PartReader {
  private readonly sizes: Map<string, number>;

  constructor(private readonly archive: ZipArchive) {
    this.sizes = new Map(archive.entries.map((entry) => [entry.name, entry.uncompressedSize]));
  }

  /** The parsed part, or undefined when the archive has no such part. */
  async xml(name: string): Promise<XmlNode[] | undefined> {
    const size = this.sizes.get(name);
    if (size === undefined) return undefined;
    if (size > maxPartBytes) throw refusePart('file_part_too_large', `${name} unpacks to ${size} bytes`);
    const xml = (await this.archive.readText(name)) ?? '';
    if (declaresDoctypeOrEntities(xml)) throw refusePart('file_xml_doctype', `${name} declares a DOCTYPE or entities`);
    // A UTF-16 part would hide "<!DOCTYPE" from the check above behind NUL bytes; Office writes UTF-8.
    if (xml.includes('\u0000')) throw unreadableArchive(`${name} is not UTF-8`);
    try {
      return xmlParser.parse(xml) as XmlNode[];
    } catch (error) {
      throw unreadableArchive(`${name}: ${(error as Error).message}`);
    }
  }
}

export const tagOf = (node: XmlNode) => Object.keys(node).find((key) => key !== ':@');
// Prefixes are conventions (p:, a:, r:), not guarantees; elements are matched by local name.
export const localName = (tag: string) => tag.slice(tag.indexOf(':') + 1);
export const attributesOf = (node: XmlNode) => (node[':@'] ?? {}) as Record<string, string>;

/** An attribute by its local name, whatever prefix the document bound its namespace to. */
export function attributeNamed(node: XmlNode, name: string): string | undefined {
  return Object.entries(attributesOf(node)).find(([key]) => localName(key) === name)?.[1];
}

export function childrenOf(node: XmlNode | undefined): XmlNode[] {
  const tag = node && tagOf(node);
  const children = tag ? node[tag] : undefined;
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}

export function childNamed(nodes: XmlNode[], name: string): XmlNode | undefined {
  return nodes.find((node) => localName(tagOf(node) ?? '') === name);
}

export const childrenNamed = (nodes: XmlNode[], name: string) => nodes.filter((node) => localName(tagOf(node) ?? '') === name);

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** One pass, so "&amp;lt;" becomes "&lt;" and not "<". */
export function decodeXmlText(text: string): string {
  return text.replace(/&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g, (reference, name?: string, decimal?: string, hex?: string) => {
    if (name) return namedEntities[name]!;
    const codePoint = decimal ? Number(decimal) : Number.parseInt(hex!, 16);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : reference;
  });
}

/** Words are whitespace-separated tokens with at least one letter or digit (bullets and dashes are not words). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}
