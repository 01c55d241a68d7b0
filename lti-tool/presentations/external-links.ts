import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeXmlText, safeParserOptions } from './safe-xml';

/*
 * What counts as a reference outside the deck, and how one is taken out of an XML part. A deck may point
 * anywhere (linked pictures, OLE and DDE links, section and table sources); the converter must only ever
 * see references into its own package.
 */

/** Attributes (by local name) that hold a URL or path LibreOffice might resolve: xlink:href, VML src, form image data, xml:base. */
const referenceAttributes = new Set(['href', 'src', 'image-data', 'base']);
/** office:dde-source and text:dde-connection-decl name a DDE server, topic and item; blank, they name nothing. */
const isDdeAttribute = (name: string) => name.startsWith('dde-');

const scheme = /^[a-z][a-z0-9+.-]*:/i;

/**
 * A path into the package, as `Pictures/x.png`, `./Object 1` or `#slide2`; anything else (a scheme such as
 * http:, file:, smb:, vnd.sun.star.*:, an absolute or UNC path, a climb with `..`, a backslash) is external.
 * A data: URI is inside the deck. Percent-encoding is looked through, since LibreOffice decodes it before resolving.
 */
export function isPackageReference(reference: string): boolean {
  // A data: URI carries its content with it (SVG pictures often embed their bitmaps so).
  if (/^\s*data:/i.test(reference)) return true;
  const candidates = [reference.trim()];
  try {
    candidates.push(decodeURIComponent(reference.trim()));
  } catch {
    return false;
  }
  return candidates.every((value) => !scheme.test(value) && !/^[/\\]/.test(value) && !value.includes('\\') && !value.split('/').includes('..') && !/[\u0000-\u001f]/.test(value));
}

/**
 * A relationship target inside the package: relative (`../media/image1.png`) or package-absolute
 * (`/ppt/slides/slide1.xml`) paths resolve in the zip, so only schemes, backslashes and `//host` are external.
 */
export function isPackageTarget(target: string): boolean {
  const value = target.trim();
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return false;
  }
  return [value, decoded].every((candidate) => !scheme.test(candidate) && !candidate.includes('\\') && !candidate.startsWith('//') && !/[\u0000-\u001f]/.test(candidate));
}

const startTagOrSkipped = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<[A-Za-z_][^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>/g;
const attribute = /(\s)([^\s=<>"'/]+)(\s*=\s*)(?:"([^"]*)"|'([^']*)')/g;

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

function shouldBlank(name: string, rawValue: string) {
  const local = localName(name);
  if (isDdeAttribute(local)) return rawValue !== '';
  if (!referenceAttributes.has(local)) return false;
  if (local === 'base') return rawValue !== '';
  return !isPackageReference(decodeXmlText(rawValue));
}

/**
 * Blanks every external reference attribute of an XML part, leaving all other bytes as they were (so the
 * converter sees the author's document, not a re-serialisation). The rewrite walks start tags, skipping
 * comments, CDATA and processing instructions; `verifyNoExternalReferences` then checks the result with a
 * real parser, so a part this scan misreads is refused rather than passed on.
 */
export function blankExternalReferences(xml: string): { xml: string; blanked: number } {
  let blanked = 0;
  const rewritten = xml.replace(startTagOrSkipped, (token) => {
    if (!/^<[A-Za-z_]/.test(token)) return token;
    return token.replace(attribute, (whole, space: string, name: string, equals: string, doubleQuoted?: string, singleQuoted?: string) => {
      const value = doubleQuoted ?? singleQuoted ?? '';
      if (!shouldBlank(name, value)) return whole;
      blanked += 1;
      return `${space}${name}${equals}""`;
    });
  });
  return { xml: rewritten, blanked };
}

const verifier = new XMLParser(safeParserOptions);

export class UnsafeXml extends Error {}

/** Refuses a part that is not well-formed XML or that still holds an external reference after the rewrite. */
export function verifyNoExternalReferences(xml: string, partName: string): void {
  if (/<!(?:DOCTYPE|ENTITY)/i.test(xml)) throw new UnsafeXml(`${partName} declares a DOCTYPE or entities`);
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) throw new UnsafeXml(`${partName} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const stack = verifier.parse(xml) as Record<string, unknown>[];
  while (stack.length) {
    const node = stack.pop()!;
    for (const [name, value] of Object.entries((node[':@'] ?? {}) as Record<string, string>)) {
      if (shouldBlank(name, value)) throw new UnsafeXml(`${partName} still refers outside the deck (${name})`);
    }
    for (const [key, children] of Object.entries(node)) if (key !== ':@' && Array.isArray(children)) stack.push(...(children as Record<string, unknown>[]));
  }
}
