// Pure: a station's comments, its deck's versions and the reactions in; the feedback per slide out, as the
// author's page and the PDF show it. Who may see which name is decided by the caller and passed in.
import type { CommentResponse, PresentationContent, SlideRegion } from '../../../models/schema';
import type { CommentWithName, ReplyWithName } from '../../../models/gallery-feedback';

export interface DeckVersion {
  id: number;
  number: number;
  format: string;
  content: PresentationContent | null;
  slideImages: string[];
}

export interface ReplyView {
  id: number;
  body: string;
  /** null: a name this viewer may not see (an anonymous visitor). */
  name: string | null;
  mine: boolean;
  byAuthor: boolean;
  createdAt: Date;
}

export interface CommentView {
  id: number;
  slide: number;
  promptIndex: number | null;
  /** null when the comment is hidden and this viewer may not read it. */
  body: string | null;
  commenterName: string | null;
  createdAt: Date;
  /** The pointed-at region in percent of the picture, for an SVG overlay (viewBox 0 0 100 100). */
  region: { x: number; y: number; w: number; h: number } | null;
  notesQuote: string | null;
  response: CommentResponse | null;
  responseVersion: number | null;
  helpful: boolean;
  hidden: { reason: string; at: Date } | null;
  /** The version number the visitor saw, when it is not the one the page shows. */
  otherVersion: number | null;
  replies: ReplyView[];
}

export interface SlideText {
  title: string | null;
  text: string;
  notes: string;
}

export type SlideChange =
  | { kind: 'changed'; version: number; before: SlideText; after: SlideText }
  | { kind: 'removed'; version: number; before: SlideText }
  | { kind: 'no_text'; version: number };

export interface SlideFeedback {
  number: number;
  title: string | null;
  text: string;
  /** The slide picture's stored name, when it has been rendered. */
  image: string | null;
  notes: Array<{ text: string; pointed: boolean }>;
  regions: Array<{ commentId: number; x: number; y: number; w: number; h: number }>;
  reactions: Array<{ kind: string; count: number }>;
  groups: Array<{ promptIndex: number | null; prompt: string | null; comments: CommentView[] }>;
  change: SlideChange | null;
}

export interface SlideInput {
  comments: CommentWithName[];
  replies: ReplyWithName[];
  /** The versions of the deck, newest first. */
  versions: DeckVersion[];
  prompts: string[];
  reactions: Array<{ slide: number; kind: string; count: number }>;
  viewerId: number;
  /** May this viewer read a hidden comment (leaders and staff)? */
  readsHidden: boolean;
  /** May this viewer see who wrote this comment? */
  seesCommenter: (commenterId: number) => boolean;
}

/** The sentences of a slide's notes, as the visitor's page numbers them (the quote is kept with the comment besides). */
export function splitSentences(notes: string): string[] {
  const segmenter = new Intl.Segmenter('sv', { granularity: 'sentence' });
  return [...segmenter.segment(notes)].map((part) => part.segment.trim()).filter(Boolean);
}

const percent = (fraction: number) => Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;

function regionOf(region: SlideRegion | null): CommentView['region'] {
  if (!region) return null;
  const x = percent(region.x);
  const y = percent(region.y);
  return { x, y, w: Math.min(percent(region.w), 100 - x), h: Math.min(percent(region.h), 100 - y) };
}

/** The version the page shows: the newest one visitors commented on, or the newest one when nobody has. */
export function shownVersion(versions: DeckVersion[], comments: Array<Pick<CommentWithName, 'versionId'>>): DeckVersion | undefined {
  const commented = new Set(comments.map((comment) => comment.versionId));
  return versions.find((version) => commented.has(version.id)) ?? versions[0];
}

const slideText = (content: PresentationContent | null, number: number): SlideText | undefined => {
  const slide = content?.slides.find((candidate) => candidate.number === number);
  return slide ? { title: slide.title, text: slide.text, notes: slide.notes } : undefined;
};

const sameText = (a: SlideText, b: SlideText) => a.title === b.title && a.text.trim() === b.text.trim() && a.notes.trim() === b.notes.trim();

/** What became of a commented slide in the newest version; null when nothing newer was uploaded or nothing changed. */
export function changeOf(shown: DeckVersion, newest: DeckVersion, number: number): SlideChange | null {
  if (newest.number <= shown.number) return null;
  if (!shown.content || !newest.content) return { kind: 'no_text', version: newest.number };
  const before = slideText(shown.content, number);
  if (!before) return null;
  const after = slideText(newest.content, number);
  if (!after) return { kind: 'removed', version: newest.number, before };
  return sameText(before, after) ? null : { kind: 'changed', version: newest.number, before, after };
}

function commentView(input: SlideInput, comment: CommentWithName, shown: DeckVersion): CommentView {
  const hidden = comment.hiddenAt ? { reason: comment.hiddenReason ?? '', at: comment.hiddenAt } : null;
  const readable = !hidden || input.readsHidden;
  const seesCommenter = input.seesCommenter(comment.authorUserId);
  const replies = input.replies
    .filter((reply) => reply.commentId === comment.id)
    .map((reply) => {
      const byCommenter = reply.authorUserId === comment.authorUserId;
      return { id: reply.id, body: reply.body, name: byCommenter && !seesCommenter ? null : reply.name, mine: reply.authorUserId === input.viewerId, byAuthor: !byCommenter, createdAt: reply.createdAt };
    });
  return {
    id: comment.id,
    slide: comment.slide,
    promptIndex: comment.promptIndex,
    body: readable ? comment.body : null,
    commenterName: readable && seesCommenter ? comment.commenterName : null,
    createdAt: comment.createdAt,
    region: readable ? regionOf(comment.region) : null,
    notesQuote: readable ? comment.notesQuote : null,
    response: comment.response,
    responseVersion: comment.responseVersion,
    helpful: comment.helpful,
    hidden,
    otherVersion: comment.versionId === shown.id ? null : (input.versions.find((version) => version.id === comment.versionId)?.number ?? null),
    replies: readable ? replies : [],
  };
}

function groupsOf(prompts: string[], comments: CommentView[]): SlideFeedback['groups'] {
  const groups = prompts.map((prompt, index) => ({ promptIndex: index as number | null, prompt: prompt as string | null, comments: comments.filter((comment) => comment.promptIndex === index) }));
  const free = comments.filter((comment) => comment.promptIndex === null || comment.promptIndex < 0 || comment.promptIndex >= prompts.length);
  return [...groups, { promptIndex: null, prompt: null, comments: free }].filter((group) => group.comments.length);
}

function notesOf(notes: string, comments: CommentWithName[]): SlideFeedback['notes'] {
  const quotes = new Set(comments.map((comment) => comment.notesQuote?.trim()).filter(Boolean));
  const indexes = new Set(comments.filter((comment) => !comment.notesQuote).map((comment) => comment.notesSentence));
  return splitSentences(notes).map((text, index) => ({ text, pointed: quotes.has(text) || indexes.has(index) }));
}

/** Every slide of the shown version (and any slide a comment names beyond it), each with its feedback. */
export function feedbackBySlide(input: SlideInput): { shown: DeckVersion | undefined; slides: SlideFeedback[] } {
  const shown = shownVersion(input.versions, input.comments);
  const newest = input.versions[0];
  if (!shown || !newest) return { shown, slides: [] };
  const count = Math.max(shown.content?.slides.length ?? 0, shown.slideImages.length, ...input.comments.map((comment) => comment.slide));
  const slides: SlideFeedback[] = [];
  for (let number = 1; number <= count; number++) {
    const raw = input.comments.filter((comment) => comment.slide === number);
    const readable = raw.filter((comment) => !comment.hiddenAt || input.readsHidden);
    const comments = raw.map((comment) => commentView(input, comment, shown));
    const text = slideText(shown.content, number);
    slides.push({
      number,
      title: text?.title ?? null,
      text: text?.text ?? '',
      image: shown.slideImages[number - 1] ?? null,
      notes: notesOf(text?.notes ?? '', readable.filter((comment) => comment.versionId === shown.id)),
      regions: comments.flatMap((comment) => (comment.region && comment.otherVersion === null ? [{ commentId: comment.id, ...comment.region }] : [])),
      reactions: input.reactions.filter((reaction) => reaction.slide === number).map(({ kind, count }) => ({ kind, count })),
      groups: groupsOf(input.prompts, comments),
      change: raw.length ? changeOf(shown, newest, number) : null,
    });
  }
  return { shown, slides };
}
