import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ZipArchive, unreadableArchive } from '../files/zip-archive';
import { findCitations, type Citation } from './citations';

export interface ParsedSlide {
  number: number;
  title: string | null;
  /** Everything on the slide but its title: one line per paragraph. */
  text: string;
  notes: string;
  hidden: boolean;
  /** Words on the slide, title included. */
  words: number;
  noteWords: number;
}

export interface ParsedPresentation {
  slides: ParsedSlide[];
  citations: Citation[];
}

/** No part of a real deck comes near this (slide XML is kilobytes); a bigger one is an attack on memory. */
export const maxPartBytes = 20 * 1024 * 1024;

/**
 * Reads a .pptx into its slides in presentation order, their speaker notes and the sources they cite,
 * straight from the zip (nothing is extracted to disk). XML with a DOCTYPE or entity declarations is
 * refused before parsing, since OOXML never has one and entities are how XXE and "billion laughs" work.
 */
export async function parsePptx(filePath: string): Promise<ParsedPresentation> {
  const archive = await ZipArchive.open(filePath);
  try {
    const parts = new PartReader(archive);
    const presentationName = await mainPartName(parts);
    const presentation = await parts.xml(presentationName);
    if (!presentation) throw unreadableArchive(`no presentation part ${presentationName}`);
    const slideNames = await slidePartNames(parts, presentationName, presentation);
    const slides: ParsedSlide[] = [];
    for (const [index, name] of slideNames.entries()) slides.push(await readSlide(parts, name, index + 1));
    return { slides, citations: findCitations(slides) };
  } finally {
    archive.close();
  }
}

/** fast-xml-parser's preserveOrder shape: `{ [tag]: XmlNode[], ':@'?: attributes }` or `{ '#text': string }`. */
type XmlNode = Record<string, unknown>;

// processEntities off: no DOCTYPE entity is ever expanded; the five XML ones are decoded in decodeXmlText.
// parseTagValue off: a run "2013" stays the string "2013". trimValues off: spaces between runs are words' edges.
const xmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const declaresEntities = /<!(?:DOCTYPE|ENTITY)/i;

class PartReader {
  private readonly sizes: Map<string, number>;

  constructor(private readonly archive: ZipArchive) {
    this.sizes = new Map(archive.entries.map((entry) => [entry.name, entry.uncompressedSize]));
  }

  /** The parsed part, or undefined when the archive has no such part. */
  async xml(name: string): Promise<XmlNode[] | undefined> {
    const size = this.sizes.get(name);
    if (size === undefined) return undefined;
    if (size > maxPartBytes) throw unreadableArchive(`${name} unpacks to ${size} bytes`);
    const xml = (await this.archive.readText(name)) ?? '';
    if (declaresEntities.test(xml)) throw unreadableArchive(`${name} declares a DOCTYPE or entities`);
    // A UTF-16 part would hide "<!DOCTYPE" from the check above behind NUL bytes; Office writes UTF-8.
    if (xml.includes('\u0000')) throw unreadableArchive(`${name} is not UTF-8`);
    try {
      return xmlParser.parse(xml) as XmlNode[];
    } catch (error) {
      throw unreadableArchive(`${name}: ${(error as Error).message}`);
    }
  }
}

const tagOf = (node: XmlNode) => Object.keys(node).find((key) => key !== ':@');
// Prefixes are conventions (p:, a:, r:), not guarantees; elements are matched by local name.
const localName = (tag: string) => tag.slice(tag.indexOf(':') + 1);
const attributesOf = (node: XmlNode) => (node[':@'] ?? {}) as Record<string, string>;

function childrenOf(node: XmlNode | undefined): XmlNode[] {
  const tag = node && tagOf(node);
  const children = tag ? node[tag] : undefined;
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}

function childNamed(nodes: XmlNode[], name: string): XmlNode | undefined {
  return nodes.find((node) => localName(tagOf(node) ?? '') === name);
}

const childrenNamed = (nodes: XmlNode[], name: string) => nodes.filter((node) => localName(tagOf(node) ?? '') === name);

/** Markup compatibility holds the same content twice (Choice, Fallback); reading both would double the text. */
function contentOf(node: XmlNode): XmlNode[] {
  const children = childrenOf(node);
  if (localName(tagOf(node) ?? '') !== 'AlternateContent') return children;
  return childrenOf(childNamed(children, 'Choice') ?? childNamed(children, 'Fallback'));
}

interface Relationship {
  id: string;
  type: string;
  /** The target's part name inside the archive. */
  part: string;
}

async function relationshipsOf(parts: PartReader, partName: string): Promise<Relationship[]> {
  const folder = path.posix.dirname(partName);
  const document = await parts.xml(`${folder === '.' ? '' : `${folder}/`}_rels/${path.posix.basename(partName)}.rels`);
  const list = childrenNamed(childrenOf(childNamed(document ?? [], 'Relationships')), 'Relationship');
  return list
    .map(attributesOf)
    .filter((attributes) => attributes.TargetMode !== 'External' && attributes.Id && attributes.Target)
    .map((attributes) => ({ id: attributes.Id!, type: attributes.Type ?? '', part: resolvePart(folder, attributes.Target!) }));
}

function resolvePart(folder: string, target: string): string {
  const joined = target.startsWith('/') ? target.slice(1) : path.posix.join(folder, target);
  return path.posix.normalize(joined);
}

/** The package's own pointer to its main part, falling back to where PowerPoint always puts it. */
async function mainPartName(parts: PartReader): Promise<string> {
  const root = await relationshipsOf(parts, '');
  return root.find((relationship) => relationship.type.endsWith('/officeDocument'))?.part ?? 'ppt/presentation.xml';
}

async function slidePartNames(parts: PartReader, presentationName: string, presentation: XmlNode[]): Promise<string[]> {
  const relationships = await relationshipsOf(parts, presentationName);
  const slideIds = childrenNamed(childrenOf(childNamed(childrenOf(childNamed(presentation, 'presentation')), 'sldIdLst')), 'sldId');
  return slideIds.map((slideId) => {
    // The relationship id is r:id; the plain `id` beside it is the slide's numeric id.
    const [, relationshipId] = Object.entries(attributesOf(slideId)).find(([name]) => name.endsWith(':id')) ?? [];
    const slide = relationships.find((relationship) => relationship.id === relationshipId && relationship.type.endsWith('/slide'));
    if (!slide) throw unreadableArchive(`slide ${relationshipId ?? '?'} has no part`);
    return slide.part;
  });
}

const titleTypes = new Set(['title', 'ctrTitle']);
/** Placeholders PowerPoint fills in itself (slide number, date, footer, header): not what the author wrote. */
const furnitureTypes = new Set(['sldNum', 'dt', 'ftr', 'hdr']);

async function readSlide(parts: PartReader, name: string, number: number): Promise<ParsedSlide> {
  const document = await parts.xml(name);
  if (!document) throw unreadableArchive(`slide part ${name} is missing`);
  const root = childNamed(document, 'sld');
  const blocks = textBlocks(childrenOf(root));
  const titleLines = blocks.filter((block) => titleTypes.has(block.placeholder ?? '')).flatMap((block) => block.paragraphs);
  const textLines = blocks.filter((block) => !titleTypes.has(block.placeholder ?? '') && !furnitureTypes.has(block.placeholder ?? '')).flatMap((block) => block.paragraphs);
  const title = titleLines.join(' ').replace(/\s+/g, ' ') || null;
  const text = textLines.join('\n');
  const notes = await readNotes(parts, name);
  const show = root ? attributesOf(root).show : undefined;
  return { number, title, text, notes, hidden: show === '0' || show === 'false', words: countWords(`${title ?? ''} ${text}`), noteWords: countWords(notes) };
}

async function readNotes(parts: PartReader, slideName: string): Promise<string> {
  const notesPart = (await relationshipsOf(parts, slideName)).find((relationship) => relationship.type.endsWith('/notesSlide'));
  const document = notesPart && (await parts.xml(notesPart.part));
  if (!document) return '';
  // Only the body placeholder holds what the speaker wrote; the others are the slide image and its number.
  return textBlocks(childrenOf(childNamed(document, 'notes')))
    .filter((block) => block.placeholder === 'body')
    .flatMap((block) => block.paragraphs)
    .join('\n');
}

interface TextBlock {
  /** The placeholder type of the shape, or null for a free text box or table. */
  placeholder: string | null;
  paragraphs: string[];
}

function textBlocks(nodes: XmlNode[], blocks: TextBlock[] = []): TextBlock[] {
  for (const node of nodes) {
    const name = localName(tagOf(node) ?? '');
    if (name === 'sp') blocks.push({ placeholder: placeholderType(node), paragraphs: paragraphsIn(childrenOf(node)) });
    else if (name === 'p') blocks.push({ placeholder: null, paragraphs: paragraphsIn([node]) });
    else if (name !== '#text') textBlocks(contentOf(node), blocks);
  }
  return blocks;
}

function placeholderType(shape: XmlNode): string | null {
  const properties = childrenOf(childNamed(childrenOf(shape), 'nvSpPr'));
  const placeholder = childNamed(childrenOf(childNamed(properties, 'nvPr')), 'ph');
  if (!placeholder) return null;
  // A placeholder without a type is a content placeholder ("obj" in the schema).
  return attributesOf(placeholder).type ?? 'obj';
}

function paragraphsIn(nodes: XmlNode[], paragraphs: string[] = []): string[] {
  for (const node of nodes) {
    const name = localName(tagOf(node) ?? '');
    if (name === 'p') {
      const line = decodeXmlText(runText(childrenOf(node))).replace(/\r\n?/g, '\n').trim();
      if (line) paragraphs.push(line);
    } else if (name !== '#text') paragraphsIn(contentOf(node), paragraphs);
  }
  return paragraphs;
}

/** The text of a paragraph's runs and fields (a:t), with a:br as a line break. */
function runText(nodes: XmlNode[]): string {
  let text = '';
  for (const node of nodes) {
    const name = localName(tagOf(node) ?? '');
    if (name === 't') text += childrenOf(node).map((child) => String(child['#text'] ?? '')).join('');
    else if (name === 'br') text += '\n';
    else if (name !== '#text') text += runText(contentOf(node));
  }
  return text;
}

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
