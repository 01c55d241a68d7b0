import { createHash } from 'node:crypto';
import type { Db } from '../../db';
import { authorize, isParticipant, type Actor } from '../../policies';
import { galleryReactionKinds, type GalleryReactionKind, type SlideRegion } from '../../../models/schema';
import { isCheckedIn, visitsOfRound, listStations, listStationsWithDecks, type StationOfWalk, type StationWithDeck, type WalkRow } from '../../../models/gallery-walks';
import { countReactions, listVisibleComments, type CommentWithName, type ReactionCount } from '../../../models/gallery-comments';
import { ensureWalker } from './walk-plan';
import { walkInScope } from './scope';
import { readClock, type ClockReading } from './walk-clock';
import { slideNumbersOf } from './stations';
import { notesSentences } from './notes';

export interface CommentView {
  id: number;
  slide: number;
  body: string;
  prompt: string | null;
  region: SlideRegion | null;
  notesQuote: string | null;
  /** Null where the walk keeps the writer from this viewer. */
  commenterName: string | null;
  mine: boolean;
}

export interface SlideView {
  number: number;
  title: string | null;
  text: string;
  /** The picture's number in the rendered deck, when it has been rendered. */
  imageNumber: number | null;
  /** The notes as sentences, only where this viewer may read them here. */
  notes: string[] | null;
  comments: CommentView[];
  reactions: Array<{ kind: GalleryReactionKind; count: number; mine: boolean }>;
}

export interface StationView {
  id: number;
  number: number;
  authorName: string | null;
  /** A group stands at it: named as the group's presentation rather than one person's. */
  isGroup: boolean;
  assignmentId: number;
  submissionId: number;
  versionId: number;
  slides: SlideView[];
  /** With hideUntilPosted: earlier comments are withheld until this viewer has posted here. */
  commentsWithheld: boolean;
}

export interface WalkPage {
  walk: Pick<WalkRow, 'id' | 'title' | 'mode' | 'prompts' | 'anonymous' | 'hideUntilPosted' | 'rounds'>;
  clock: ClockReading & { serverNow: Date };
  /** Open gallery: whether its period is on now. */
  open: boolean;
  facilitator: boolean;
  /** Whether this viewer gives feedback at all (participants do; a school leader follows the walk). */
  givesFeedback: boolean;
  /**
   * A participant not checked in to the walk's meeting is not among its walkers and gets no station: the
   * meeting to check in at (then opening the walk places them), else null.
   */
  checkInAt: number | null;
  /** Where this viewer gives feedback now: the station of the round, or every other station. */
  visiting: StationView[];
  /** This viewer's own presentation, with the feedback on it. */
  own: StationView | null;
  /** Leaders and staff: every station with its feedback and names. */
  all: StationView[];
  /**
   * Names this person's unsent comments in the browser for this walk, in whichever session (frame, phone,
   * a new launch after the old one ended) they open it; another person on the same device gets another.
   */
  queueOwner: string;
}

/**
 * The walk as this person's phone shows it: their station now (or, in an open gallery and with free
 * roaming, every other one), the slides with their comments and reactions, their own presentation's
 * feedback, and for leaders and staff every station's feedback.
 */
export async function walkPage(db: Db, actor: Actor, walkId: number, now = new Date()): Promise<WalkPage> {
  const walk = await walkInScope(db, actor, walkId);
  // A participant checked in after the plan was made is placed when they open the walk.
  if (walk.mode === 'live' && isParticipant(actor)) await ensureWalker(db, actor, walk, now);
  const checkInAt =
    walk.mode === 'live' && walk.meetingId && isParticipant(actor) && !(await isCheckedIn(db, walk.meetingId, actor.user.id)) ? walk.meetingId : null;
  const reading = readClock(walk, now);
  const facilitator = authorize(actor, 'gallery.facilitate');
  const stations = await listStations(db, walkId);
  const shown = stations.filter((s) => s.submissionState === 'final');
  const others = shown.filter((s) => !s.authorIds.includes(actor.user.id));
  const open = walk.mode === 'open' && (!walk.opensAt || now >= walk.opensAt) && (!walk.closesAt || now < walk.closesAt);
  let visiting: StationOfWalk[] = [];
  if (isParticipant(actor)) {
    if (walk.mode === 'open') visiting = open ? others : [];
    else if (reading.phase === 'running' || reading.phase === 'paused') {
      const [visit] = await visitsOfRound(db, walkId, reading.round, [actor.user.id]);
      const current = others.filter((s) => s.station.id === visit?.stationId);
      visiting = walk.freeRoaming ? [...current, ...others.filter((s) => s.station.id !== visit?.stationId)] : current;
    }
  }
  const ownStation = stations.find((s) => s.authorIds.includes(actor.user.id));
  // Decks (slides, notes) only of the stations this page shows: in a live round that is one or two of many.
  const needed = facilitator ? stations : [...visiting, ...(ownStation ? [ownStation] : [])];
  const decks = new Map((await listStationsWithDecks(db, walkId, needed.map((s) => s.station.id))).map((s) => [s.station.id, s]));
  const withDeck = (list: StationOfWalk[]) => list.flatMap((s) => decks.get(s.station.id) ?? []);
  const comments = await listVisibleComments(db, walkId);
  const reactions = await countReactions(db, [...decks.keys()], actor.user.id);
  const posted = new Set(comments.filter((c) => c.authorUserId === actor.user.id).map((c) => c.stationId));
  const view = (station: StationWithDeck) => stationView(actor, walk, station, comments, reactions, facilitator || station.authorIds.includes(actor.user.id) || posted.has(station.station.id));
  const ownDeck = ownStation ? decks.get(ownStation.station.id) : undefined;
  return {
    queueOwner: createHash('sha256').update(`natverk-gallery-queue:${walkId}:${actor.user.id}`).digest('hex').slice(0, 24),
    walk,
    clock: { ...reading, serverNow: now },
    open,
    facilitator,
    givesFeedback: authorize(actor, 'gallery.comment', { authorIds: [] }),
    checkInAt,
    visiting: withDeck(visiting).map(view),
    own: ownDeck ? view(ownDeck) : null,
    all: facilitator ? withDeck(stations).map(view) : [],
  };
}

function stationView(
  actor: Actor,
  walk: WalkRow,
  station: StationWithDeck,
  comments: CommentWithName[],
  reactions: ReactionCount[],
  showsComments: boolean,
): StationView {
  const content = station.version.content;
  const rendered = station.version.renderState === 'done';
  const seesNotes = walk.notesVisible && authorize(actor, 'submission.readNotes', { authorId: station.authorId, peersSeeNotes: walk.notesVisible });
  const here = comments.filter((c) => c.stationId === station.station.id);
  const withheld = walk.hideUntilPosted && !showsComments;
  let image = 0;
  const pictures = new Map<number, number>();
  for (const slide of content?.slides ?? []) if (!slide.hidden) pictures.set(slide.number, ++image);
  const slides = slideNumbersOf(station).map((number): SlideView => {
    const slide = content?.slides.find((s) => s.number === number);
    const imageNumber = content ? (pictures.get(number) ?? null) : number;
    return {
      number,
      title: slide?.title ?? null,
      text: slide?.text ?? '',
      imageNumber: rendered && imageNumber !== null && station.version.slideImages[imageNumber - 1] ? imageNumber : null,
      notes: seesNotes && slide?.notes.trim() ? notesSentences(slide.notes) : null,
      comments: withheld
        ? here.filter((c) => c.slide === number && c.authorUserId === actor.user.id).map((c) => commentView(actor, walk, c))
        : here.filter((c) => c.slide === number).map((c) => commentView(actor, walk, c)),
      reactions: galleryReactionKinds.map((kind) => {
        const found = reactions.find((r) => r.stationId === station.station.id && r.slide === number && r.kind === kind);
        return { kind, count: found?.count ?? 0, mine: found?.mine ?? false };
      }),
    };
  });
  return {
    id: station.station.id,
    number: station.station.number,
    authorName: station.authorName,
    isGroup: station.group !== null,
    assignmentId: walk.assignmentId,
    submissionId: station.station.submissionId,
    versionId: station.version.id,
    slides,
    commentsWithheld: withheld,
  };
}

function commentView(actor: Actor, walk: WalkRow, comment: CommentWithName): CommentView {
  const named = authorize(actor, 'gallery.seeCommenter', { anonymous: walk.anonymous, commenterId: comment.authorUserId });
  return {
    id: comment.id,
    slide: comment.slide,
    body: comment.body,
    prompt: comment.promptIndex === null ? null : (walk.prompts[comment.promptIndex] ?? null),
    region: comment.region,
    notesQuote: comment.notesQuote,
    commenterName: named ? comment.commenterName : null,
    mine: comment.authorUserId === actor.user.id,
  };
}
