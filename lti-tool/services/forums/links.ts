import type { Db } from '../../db';
import { authorize, networkOf, type Actor } from '../../policies';
import { findMeetingInNetwork } from '../../../models/year';
import { findUserName } from '../../../models/forum-posts';
import { viewableSubmission } from '../submissions';

/** What a link in a post points to, as this reader may see it; `hidden` when they may not open it. */
export type LinkCard =
  | { kind: 'meeting'; href: string; number: number; theme: string; startsAt: Date }
  | { kind: 'slide'; href: string; deckTitle: string; authorName: string | null; slide: number | null; slideTitle: string | null; thumbnail: string | null }
  | { kind: 'hidden' };

const meetingPath = /^\/meetings\/(\d{1,9})(?:[/?#].*)?$/;
const slidePath = /^\/assignments\/(\d{1,9})\/submissions\/(\d{1,9})(?:\?[^#]*)?(?:#slide-(\d{1,4}))?$/;

/** Cards for the tool's own links in a post (at most a few per post), each checked against what the reader may open. */
export async function linkCardsFor(db: Db, actor: Actor, base: string, paths: string[], cache: Map<string, LinkCard | null>): Promise<LinkCard[]> {
  const cards: LinkCard[] = [];
  for (const path of [...new Set(paths)].slice(0, 5)) {
    if (!cache.has(path)) cache.set(path, await cardOf(db, actor, base, path));
    const card = cache.get(path);
    if (card) cards.push(card);
  }
  return cards;
}

async function cardOf(db: Db, actor: Actor, base: string, path: string): Promise<LinkCard | null> {
  const meeting = meetingPath.exec(path);
  if (meeting) {
    const row = authorize(actor, 'year.read') ? await findMeetingInNetwork(db, networkOf(actor), Number(meeting[1])) : undefined;
    return row ? { kind: 'meeting', href: `${base}/meetings/${row.id}`, number: row.number, theme: row.theme, startsAt: row.startsAt } : { kind: 'hidden' };
  }
  const slide = slidePath.exec(path);
  if (!slide) return null;
  const [assignmentId, submissionId, slideNumber] = [Number(slide[1]), Number(slide[2]), slide[3] ? Number(slide[3]) : null];
  // viewableSubmission asks submission.view: an author's draft, another network's deck or a wrong id all end here as "cannot open".
  const viewable = await viewableSubmission(db, actor, assignmentId, submissionId).catch(() => undefined);
  if (!viewable) return { kind: 'hidden' };
  const slides = viewable.version.content?.slides ?? [];
  const shown = slideNumber === null ? undefined : slides.find((candidate) => candidate.number === slideNumber);
  const imageNumber = shown && !shown.hidden ? slides.filter((candidate) => !candidate.hidden && candidate.number <= shown.number).length : null;
  const versionBase = `${base}/assignments/${assignmentId}/submissions/${submissionId}/versions/${viewable.version.id}`;
  return {
    kind: 'slide',
    href: `${base}/assignments/${assignmentId}/submissions/${submissionId}${slideNumber ? `#slide-${slideNumber}` : ''}`,
    deckTitle: viewable.assignment.title,
    authorName: await findUserName(db, viewable.submission.userId),
    slide: slideNumber,
    slideTitle: shown?.title ?? null,
    thumbnail: imageNumber && viewable.version.renderState === 'done' && viewable.version.slideImages[imageNumber - 1] ? `${versionBase}/slides/${imageNumber}.png` : null,
  };
}
