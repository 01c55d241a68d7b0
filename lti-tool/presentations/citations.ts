export interface Citation {
  kind: 'author-year' | 'url' | 'doi';
  /** As written (whitespace collapsed); for a doi.org link, the DOI itself. */
  text: string;
  /** The number of the slide where it first appears. */
  slide: number;
}

export interface CitableSlide {
  number: number;
  title: string | null;
  text: string;
  notes: string;
}

// Every pattern here is linear: names are single words joined by explicit separators that a name cannot
// contain, and parenthesised groups are bounded, so a hostile deck cannot make a regex backtrack for long.
const year = String.raw`(?:19|20)\d{2}[a-z]?`;
const page = String.raw`(?:, ?(?:s|ss|sid|sidan|p|pp)\.? ?\d+(?: ?[-–] ?\d+)?)?`;
const particle = String.raw`(?:(?:van|von|de|der|den|af|la|le|di|du) ){0,3}`;
const name = String.raw`${particle}\p{Lu}[\p{L}'’-]{0,40}`;
const joiner = String.raw`(?:, ?| ?& ?| (?:och|og|and|samt) )`;
const others = String.raw`(?: (?:et al\.?|m\. ?fl\.?|mfl\.?|med flera|ym\.?))?`;
// In-text citations name at most a handful of authors (then "et al."); the bound keeps each attempt short.
const authors = String.raw`${name}(?:${joiner}${name}){0,5}${others}`;

/** "Hargreaves & Fullan (2013)", "Dufour m.fl. (2006)", "Timperley (2013, s. 12)" */
const narrative = new RegExp(String.raw`(?<![\p{L}\p{N}])${authors} ?\(${year}${page}\)`, 'gu');
/** One part of "(Hattie, 2009; Timperley 2013, s. 23)". */
const parenthetical = new RegExp(String.raw`^(?:(?:se|jfr|t\.ex\.|bl\.a\.|e\.g\.|cf\.|se även|se också) )?${authors},? ${year}${page}$`, 'u');
const parentheses = /\(([^()\n]{1,400})\)/g;
const urls = /\bhttps?:\/\/[^\s<>"'{}|\\^`]+/gi;
const dois = /\b10\.\d{4,9}\/[^\s<>"]+/g;
const doiLink = /^https?:\/\/(?:dx\.)?doi\.org\/(10\.\d{4,9}\/.+)$/i;

const referenceTitles = new Set([
  ...['referenser', 'referenslista', 'källor', 'källförteckning', 'källhänvisningar', 'litteratur', 'litteraturlista', 'litteraturförteckning', 'källor och litteratur'],
  ...['kilder', 'kildeliste', 'kildehenvisninger', 'litteraturliste', 'referencer', 'referenceliste', 'referanser', 'referanseliste', 'kilder og litteratur'],
  ...['references', 'reference list', 'sources', 'literature', 'bibliography', 'works cited'],
]);
const referenceEntry = {
  yearInParentheses: new RegExp(String.raw`\(${year}\)`),
  surnameInitial: /^\p{Lu}[\p{L}'’-]*, ?\p{Lu}\./u,
  anyYear: /\b(?:19|20)\d{2}/,
};

/** Whether a slide title names a reference list, in the Nordic languages or English. */
export function isReferencesTitle(title: string | null): boolean {
  return referenceTitles.has((title ?? '').trim().replace(/:$/, '').trim().toLowerCase());
}

/**
 * The sources a deck cites, in slide order, each once: author–year citations as Nordic academic
 * writing has them, URLs, DOIs, and every entry of a reference slide.
 */
export function findCitations(slides: CitableSlide[]): Citation[] {
  const found = new Map<string, Citation>();
  const add = (slide: number) => (hit: Hit) => {
    const key = `${hit.kind}:${hit.text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')}`;
    if (!found.has(key)) found.set(key, { kind: hit.kind, text: hit.text, slide });
  };
  for (const slide of slides) {
    let slideText = slide.text;
    if (isReferencesTitle(slide.title)) {
      const lines = slide.text.split('\n').map((line) => line.replace(/^[\s•▪◦*–-]+/, '').trim());
      for (const entry of lines.filter(looksLikeReference).map(collapse)) {
        add(slide.number)({ index: 0, kind: 'author-year', text: entry });
        linksIn(entry).hits.forEach(add(slide.number));
      }
      slideText = lines.filter((line) => !looksLikeReference(line)).join('\n');
    }
    for (const chunk of [slide.title ?? '', slideText, slide.notes]) citationsIn(collapse(chunk)).forEach(add(slide.number));
  }
  return [...found.values()];
}

interface Hit {
  index: number;
  kind: Citation['kind'];
  text: string;
}

function looksLikeReference(line: string): boolean {
  if (!line) return false;
  return referenceEntry.yearInParentheses.test(line) || (referenceEntry.surnameInitial.test(line) && referenceEntry.anyYear.test(line));
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Every citation in the text, in the order they are written. */
function citationsIn(text: string): Hit[] {
  const { hits, rest } = linksIn(text);
  for (const match of rest.matchAll(narrative)) hits.push({ index: match.index, kind: 'author-year', text: match[0] });
  for (const match of rest.matchAll(parentheses)) {
    for (const part of match[1]!.split(';')) {
      const citation = part.trim();
      if (parenthetical.test(citation)) hits.push({ index: match.index, kind: 'author-year', text: `(${citation})` });
    }
  }
  // A stable sort keeps the parts of one parenthesis in their written order.
  return hits.sort((a, b) => a.index - b.index);
}

/** URLs and DOIs, and the text with them blanked out so that nothing inside a link is found again. */
function linksIn(text: string): { hits: Hit[]; rest: string } {
  const hits: Hit[] = [];
  const rest = text.replace(urls, (match, index: number) => {
    const url = trimTrailing(match);
    const doi = doiLink.exec(url);
    hits.push(doi ? { index, kind: 'doi', text: safeDecode(doi[1]!) } : { index, kind: 'url', text: url });
    return ' '.repeat(match.length);
  });
  for (const match of rest.matchAll(dois)) hits.push({ index: match.index, kind: 'doi', text: trimTrailing(match[0]) });
  return { hits, rest };
}

/** Sentence punctuation after a link is not part of it; a closing parenthesis is, when the link opened one. */
function trimTrailing(link: string): string {
  const open = count(link, '(');
  let close = count(link, ')');
  let end = link.length;
  while (end > 0) {
    const last = link[end - 1]!;
    if (last === ')' && close > open) close -= 1;
    else if (!'.,;:!?\'"]'.includes(last)) break;
    end -= 1;
  }
  return link.slice(0, end);
}

const count = (text: string, character: string) => text.split(character).length - 1;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
