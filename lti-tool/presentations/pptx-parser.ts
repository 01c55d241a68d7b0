import path from 'node:path';
import { ZipArchive, unreadableArchive } from '../files/zip-archive';
import { PartReader, attributesOf, childNamed, childrenNamed, childrenOf, countWords, decodeXmlText, localName, tagOf, type XmlNode } from './safe-xml';
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

/**
 * Reads a .pptx into its slides in presentation order, their speaker notes and the sources they cite,
 * straight from the zip (nothing is extracted to disk), through the safe XML reader (no DOCTYPEs, no entities).
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
