import { ZipArchive, unreadableArchive } from '../files/zip-archive';
import { findCitations } from './citations';
import type { ParsedPresentation, ParsedSlide } from './pptx-parser';
import { PartReader, attributeNamed, childNamed, childrenNamed, childrenOf, countWords, decodeXmlText, localName, tagOf, type XmlNode } from './safe-xml';

/** Frames the presentation fills in itself (page number, date, footer, header): not what the author wrote. */
const furnitureClasses = new Set(['page-number', 'date-time', 'footer', 'header']);

/**
 * Reads an OpenDocument presentation (.odp, as LibreOffice Impress saves it) into the same slides, notes
 * and sources as a .pptx: pages in order, the title frame, the other text, the notes page's text and the
 * hidden flag of the page's style. Same safe XML reading as for PowerPoint.
 */
export async function parseOdp(filePath: string): Promise<ParsedPresentation> {
  const archive = await ZipArchive.open(filePath);
  try {
    const content = await new PartReader(archive).xml('content.xml');
    if (!content) throw unreadableArchive('OpenDocument without content.xml');
    const root = childrenOf(childNamed(content, 'document-content'));
    const hiddenStyles = hiddenPageStyles(childrenOf(childNamed(root, 'automatic-styles')));
    const pages = childrenNamed(childrenOf(childNamed(childrenOf(childNamed(root, 'body')), 'presentation')), 'page');
    const slides = pages.map((page, index) => readPage(page, index + 1, hiddenStyles));
    return { slides, citations: findCitations(slides) };
  } finally {
    archive.close();
  }
}

/** Impress hides a slide through its page style: presentation:visibility="hidden". */
function hiddenPageStyles(styles: XmlNode[]): Set<string> {
  const hidden = new Set<string>();
  for (const style of childrenNamed(styles, 'style')) {
    const properties = childNamed(childrenOf(style), 'drawing-page-properties');
    const name = attributeNamed(style, 'name');
    if (name && properties && attributeNamed(properties, 'visibility') === 'hidden') hidden.add(name);
  }
  return hidden;
}

function readPage(page: XmlNode, number: number, hiddenStyles: Set<string>): ParsedSlide {
  const children = childrenOf(page);
  const frames = children.filter((node) => localName(tagOf(node) ?? '') !== 'notes');
  const blocks = frames.map((frame) => ({ kind: attributeNamed(frame, 'class') ?? null, paragraphs: paragraphsIn([frame]) }));
  const title = blocks.filter((block) => block.kind === 'title').flatMap((block) => block.paragraphs).join(' ').replace(/\s+/g, ' ') || null;
  const text = blocks
    .filter((block) => block.kind !== 'title' && !furnitureClasses.has(block.kind ?? ''))
    .flatMap((block) => block.paragraphs)
    .join('\n');
  const notesFrames = childrenOf(childNamed(children, 'notes')).filter((node) => attributeNamed(node, 'class') === 'notes');
  const notes = notesFrames.flatMap((frame) => paragraphsIn([frame])).join('\n');
  const styleName = attributeNamed(page, 'style-name');
  return {
    number,
    title,
    text,
    notes,
    hidden: styleName !== undefined && hiddenStyles.has(styleName),
    words: countWords(`${title ?? ''} ${text}`),
    noteWords: countWords(notes),
  };
}

/** Every paragraph (text:p) and heading (text:h) below the nodes, lists and tables included. */
function paragraphsIn(nodes: XmlNode[], paragraphs: string[] = []): string[] {
  for (const node of nodes) {
    const name = localName(tagOf(node) ?? '');
    if (name === 'p' || name === 'h') {
      const line = decodeXmlText(inlineText(childrenOf(node))).trim();
      if (line) paragraphs.push(line);
    } else if (name !== '#text') paragraphsIn(childrenOf(node), paragraphs);
  }
  return paragraphs;
}

/** A paragraph's text: spans and links read through, text:s as its count of spaces, tabs and line breaks kept. */
function inlineText(nodes: XmlNode[]): string {
  let text = '';
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === undefined) continue;
    if (tag === '#text') text += String(node['#text'] ?? '');
    else {
      const name = localName(tag);
      if (name === 's') text += ' '.repeat(Math.min(Number(attributeNamed(node, 'c') ?? 1) || 1, 100));
      else if (name === 'tab') text += '\t';
      else if (name === 'line-break') text += '\n';
      else text += inlineText(childrenOf(node));
    }
  }
  return text;
}
