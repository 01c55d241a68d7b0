import type { Db } from '../../db';
import { assertAllowed, authorize, type Actor } from '../../policies';
import type { CommentResponse } from '../../../models/schema';
import { listStations, listWalkers, type WalkRow } from '../../../models/gallery-walks';
import { countCommentsByStationAndCommenter, listCommentsOfCommenter, listReplies, namesOf } from '../../../models/gallery-feedback';
import { walkInScope } from './scope';

type WalkSummary = Pick<WalkRow, 'id' | 'title' | 'mode' | 'anonymous'>;
const summaryOf = (walk: WalkRow): WalkSummary => ({ id: walk.id, title: walk.title, mode: walk.mode, anonymous: walk.anonymous });

export interface WalkOverview {
  walk: WalkSummary;
  stations: Array<{ id: number; number: number; authorName: string | null; comments: number; hidden: number; people: number }>;
  /** Presentations nobody has commented on yet: said first, so the leader can act at the meeting. */
  receivedNone: Array<{ id: number; number: number; authorName: string | null }>;
  givers: Array<{ userId: number; name: string | null; comments: number; stations: number }>;
}

/** Leaders and staff: every station's feedback, who gave how much and who received none. */
export async function walkOverview(db: Db, actor: Actor, walkId: number): Promise<WalkOverview> {
  assertAllowed(actor, 'gallery.moderate');
  const walk = await walkInScope(db, actor, walkId);
  const [stations, counts, walkers] = await Promise.all([listStations(db, walk.id), countCommentsByStationAndCommenter(db, walk.id), listWalkers(db, walk.id)]);
  const rows = stations.map(({ station, authorName }) => {
    const mine = counts.filter((count) => count.stationId === station.id);
    return {
      id: station.id,
      number: station.number,
      authorName,
      comments: mine.reduce((sum, count) => sum + count.visible, 0),
      hidden: mine.reduce((sum, count) => sum + count.hidden, 0),
      people: mine.filter((count) => count.visible > 0).length,
    };
  });
  // Everyone who could have given feedback: the walk's roster, the authors, and anyone who did.
  const people = new Set([...walkers.map((walker) => walker.userId), ...stations.flatMap((station) => station.authorIds), ...counts.map((count) => count.commenterId)]);
  const names = await namesOf(db, [...people]);
  const givers = [...people]
    .map((userId) => {
      const given = counts.filter((count) => count.commenterId === userId);
      return { userId, name: names.get(userId) ?? null, comments: given.reduce((sum, count) => sum + count.visible + count.hidden, 0), stations: given.length };
    })
    .sort((a, b) => a.comments - b.comments || (a.name ?? '').localeCompare(b.name ?? ''));
  return { walk: summaryOf(walk), stations: rows, receivedNone: rows.filter((row) => row.comments === 0), givers };
}

export interface WhoCommented {
  walk: WalkSummary;
  /** Leaders and staff see the list of presentations without feedback as its own warning. */
  runsWalk: boolean;
  stations: Array<{ id: number; number: number; authorName: string | null; own: boolean; comments: number; people: number; names: string[]; unnamed: number }>;
  receivedNone: Array<{ id: number; number: number; authorName: string | null }>;
}

/**
 * The open gallery's "who has commented on whom", so that everyone gets feedback: names where the walk's
 * anonymity lets this viewer see them, otherwise only how many people.
 */
export async function whoCommented(db: Db, actor: Actor, walkId: number): Promise<WhoCommented> {
  const walk = await walkInScope(db, actor, walkId);
  const [stations, counts] = await Promise.all([listStations(db, walk.id), countCommentsByStationAndCommenter(db, walk.id)]);
  const rows = stations.map(({ station, authorIds, authorName }) => {
    const visible = counts.filter((count) => count.stationId === station.id && count.visible > 0);
    const named = visible.filter((count) => authorize(actor, 'gallery.seeCommenter', { anonymous: walk.anonymous, commenterId: count.commenterId }));
    return {
      id: station.id,
      number: station.number,
      authorName,
      own: authorIds.includes(actor.user.id),
      comments: visible.reduce((sum, count) => sum + count.visible, 0),
      people: visible.length,
      names: named.map((count) => count.commenterName ?? '').sort((a, b) => a.localeCompare(b)),
      unnamed: visible.length - named.length,
    };
  });
  return {
    walk: summaryOf(walk),
    runsWalk: authorize(actor, 'gallery.moderate'),
    stations: rows,
    receivedNone: rows.filter((row) => row.comments === 0).map(({ id, number, authorName }) => ({ id, number, authorName })),
  };
}

export interface GivenComment {
  id: number;
  stationNumber: number;
  authorName: string | null;
  slide: number;
  prompt: string | null;
  body: string;
  hidden: { reason: string } | null;
  response: CommentResponse | null;
  responseVersion: number | null;
  helpful: boolean;
  replies: Array<{ id: number; body: string; mine: boolean; name: string | null; createdAt: Date }>;
  mayReply: boolean;
}

/** The visitor's "my feedback": each comment they gave and what became of it. */
export async function myFeedback(db: Db, actor: Actor, walkId: number): Promise<{ walk: WalkSummary; comments: GivenComment[] }> {
  const walk = await walkInScope(db, actor, walkId);
  const [stations, comments] = await Promise.all([listStations(db, walk.id), listCommentsOfCommenter(db, walk.id, actor.user.id)]);
  const replies = await listReplies(db, comments.map((comment) => comment.id));
  return {
    walk: summaryOf(walk),
    comments: comments.flatMap((comment) => {
      const station = stations.find((candidate) => candidate.station.id === comment.stationId);
      if (!station) return [];
      return [
        {
          id: comment.id,
          stationNumber: station.station.number,
          authorName: station.authorName,
          slide: comment.slide,
          prompt: comment.promptIndex === null ? null : (walk.prompts[comment.promptIndex] ?? null),
          body: comment.body,
          hidden: comment.hiddenAt ? { reason: comment.hiddenReason ?? '' } : null,
          response: comment.response,
          responseVersion: comment.responseVersion,
          helpful: comment.helpful,
          replies: replies
            .filter((reply) => reply.commentId === comment.id)
            .map((reply) => ({ id: reply.id, body: reply.body, mine: reply.authorUserId === actor.user.id, name: reply.name, createdAt: reply.createdAt })),
          mayReply: !comment.hiddenAt && authorize(actor, 'gallery.reply', { authorIds: station.authorIds, commenterId: comment.authorUserId }),
        },
      ];
    }),
  };
}
