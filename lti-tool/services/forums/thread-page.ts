import type { Db } from '../../db';
import { authorize, type Actor } from '../../policies';
import { findThreadReader, type ForumPerson, type ThreadRow } from '../../../models/forums';
import { hasPostedIn, listAttachmentsOfThread, listMentionsOfThread, listPostsOfThread, type AttachmentRow, type PostWithAuthor } from '../../../models/forum-posts';
import { findMeetingInNetwork } from '../../../models/year';
import { findAssignmentInNetwork } from '../../../models/assignments';
import { listDocuments } from '../../../models/documents';
import { supervisionPhases, type SupervisionPhase } from '../../../models/schema';
import { peopleOfForum, readableThread, type ForumAccess } from './access';
import { htmlForReader, renderPostCached } from './markdown';
import { linkCardsFor, type LinkCard } from './links';
import { mayEditPost } from './posts';
import { markThreadRead, threadLevelChoice, type LevelChoice } from './reading';
import { supervisionPanelOf, type SupervisionPanel } from './supervision-rules';
import { maxAttachments } from './attachments';

export interface PostView {
  id: number;
  number: number;
  phase: SupervisionPhase | null;
  authorId: number | null;
  authorName: string | null;
  html: string;
  privateToUserId: number | null;
  privateToName: string | null;
  replyToNumber: number | null;
  createdAt: Date;
  edited: boolean;
  deletedAt: Date | null;
  /** Shown with its text to the leaders, who can restore it; others see that it was deleted. */
  showDeletedText: boolean;
  editable: boolean;
  deletable: boolean;
  restorable: boolean;
  mayReplyPrivately: boolean;
  mayAttach: boolean;
  source: string;
  body: string | null;
  attachments: Array<Pick<AttachmentRow, 'id' | 'fileName' | 'bytes'>>;
  cards: LinkCard[];
}

export interface PostGroup {
  /** i18n key of the heading (before/during/after a meeting, a supervision phase), or null for one plain list. */
  heading: string | null;
  posts: PostView[];
}

/** A stretch of the thread: a long thread is read a page at a time, as Discourse loads it in chunks. */
export interface ThreadWindow {
  page: number;
  pages: number;
  /** The first post number of each page, for the page links (`?at=`). */
  starts: number[];
}

/** Posts a thread page holds: enough for a meeting's or a phase's worth, few enough for a phone. */
export const postsPerPage = 50;

/** A post the reply form can name as the one answered, wherever in the thread it is. */
export interface ReplyTarget {
  id: number;
  number: number;
  authorId: number | null;
  authorName: string | null;
  mayReplyPrivately: boolean;
}

export interface ThreadPage {
  thread: ThreadRow;
  forum: ForumAccess['forum'];
  /** The posts of the page shown. */
  posts: PostView[];
  window: ThreadWindow;
  replyTargets: ReplyTarget[];
  groups: PostGroup[];
  /** Others' posts a post-first thread keeps from the viewer until they have posted. */
  waiting: number;
  postFirstClosed: boolean;
  mayReply: boolean;
  /** The thread is locked and the viewer may not reply because of it. */
  lockedForViewer: boolean;
  mayModerate: boolean;
  people: Array<{ userId: number; name: string }>;
  meeting: { id: number; number: number; theme: string; startsAt: Date; endsAt: Date; documents: Array<{ id: number; kind: string; title: string }> } | null;
  assignment: { id: number; letter: string; title: string; dueAt: Date } | null;
  supervision: SupervisionPanel | null;
  highestShown: number;
  lastReadNumber: number;
  /** How the reader follows the thread (their own level, else the forum's, else normal) and why, for the level chooser. */
  level: LevelChoice;
}

const nameOf = (people: Map<number, string | null>, id: number | null) => (id === null ? null : (people.get(id) ?? null));

/**
 * A thread as this reader sees it: private replies only to their two people and the leaders, deleted posts as
 * such (with their text to leaders), a post-first thread closed until the reader has posted, each post's
 * Markdown rendered safely with its mentions, link cards and files. Marks the thread read up to what was shown.
 */
export async function threadPageFor(
  db: Db,
  actor: Actor,
  threadId: number,
  base: string,
  options: { at?: number; atPostId?: number; now?: Date } = {},
): Promise<ThreadPage> {
  const now = options.now ?? new Date();
  const { thread, ...access } = await readableThread(db, actor, threadId);
  // The reads are independent of each other: one round of queries, not six in a row.
  const [people, all, mentionRows, attachments, reader] = await Promise.all([
    peopleOfForum(db, actor, access),
    listPostsOfThread(db, thread.id),
    listMentionsOfThread(db, thread.id),
    listAttachmentsOfThread(db, thread.id),
    findThreadReader(db, thread.id, actor.user.id),
  ]);
  const names = new Map(people.map((person: ForumPerson) => [person.userId, person.name]));
  const mayModerate = authorize(actor, 'forum.moderate');
  const seesPrivate = (post: PostWithAuthor) => post.privateToUserId === null || authorize(actor, 'forum.readPrivate', { authorId: post.authorId, recipientId: post.privateToUserId });
  const readable = all.filter(seesPrivate);
  const postFirstClosed = thread.kind === 'postFirst' && !authorize(actor, 'forum.seeBeforePosting') && !(await hasPostedIn(db, thread.id, actor.user.id));
  const shown = postFirstClosed ? readable.filter((post) => post.number === 1 || post.authorId === actor.user.id) : readable;
  const mayReply = authorize(actor, 'forum.reply', { ...access.thing, locked: thread.lockedAt !== null });
  const lockedForViewer = !mayReply && thread.lockedAt !== null && authorize(actor, 'forum.reply', { ...access.thing, locked: false });
  const numberOf = new Map(all.map((post) => [post.id, post.number]));
  const mentionsOf = groupBy(mentionRows, (row) => row.postId);
  const filesOf = groupBy(attachments, (file) => file.postId);
  const cardCache = new Map<string, LinkCard | null>();
  const mayReplyPrivatelyTo = (post: PostWithAuthor) =>
    mayReply && post.deletedAt === null && post.authorId !== null && post.authorId !== actor.user.id && post.privateToUserId === null && names.has(post.authorId);
  const at = options.at ?? shown.find((post) => post.id === options.atPostId)?.number;
  const window = windowOf(shown, at, reader.lastReadNumber);
  const posts: PostView[] = [];
  for (const post of shown.slice((window.page - 1) * postsPerPage, window.page * postsPerPage)) {
    const mentions = new Map((mentionsOf.get(post.id) ?? []).map((row) => [row.userId, row.name ?? '?']));
    const files = filesOf.get(post.id) ?? [];
    const deleted = post.deletedAt !== null;
    const showText = !deleted || mayModerate;
    const rendered = showText ? renderPostCached(post.id, post.editedAt, post.body, mentions) : null;
    const editable = mayEditPost(actor, post, now);
    posts.push({
      id: post.id,
      number: post.number,
      phase: post.phase,
      authorId: post.authorId,
      authorName: post.authorName,
      html: rendered ? htmlForReader(rendered, base) : '',
      privateToUserId: post.privateToUserId,
      privateToName: nameOf(names, post.privateToUserId),
      replyToNumber: post.replyToPostId === null ? null : (numberOf.get(post.replyToPostId) ?? null),
      createdAt: post.createdAt,
      edited: post.editedAt !== null,
      deletedAt: post.deletedAt,
      showDeletedText: deleted && mayModerate,
      editable,
      deletable: !deleted && authorize(actor, 'forum.deletePost', { authorId: post.authorId }),
      restorable: deleted && mayModerate,
      mayReplyPrivately: mayReplyPrivatelyTo(post),
      mayAttach: editable && files.length < maxAttachments,
      source: post.source,
      body: editable ? post.body : null,
      attachments: deleted && !mayModerate ? [] : files.map(({ id, fileName, bytes }) => ({ id, fileName, bytes })),
      cards: rendered && rendered.links.length ? await linkCardsFor(db, actor, base, rendered.links.map((link) => link.path), cardCache) : [],
    });
  }
  const meeting = thread.meetingId ? await meetingOf(db, actor, thread) : null;
  const assignmentRow = thread.assignmentId ? await findAssignmentInNetwork(db, thread.networkId, thread.assignmentId) : undefined;
  const highestShown = posts.reduce((highest, post) => Math.max(highest, post.privateToUserId === null ? post.number : 0), 0);
  const page: ThreadPage = {
    thread,
    forum: access.forum,
    posts,
    window,
    replyTargets: shown.map((post) => ({ id: post.id, number: post.number, authorId: post.authorId, authorName: post.authorName, mayReplyPrivately: mayReplyPrivatelyTo(post) })),
    groups: groupPosts(thread, posts, meeting),
    waiting: readable.length - shown.length,
    postFirstClosed,
    mayReply,
    lockedForViewer,
    mayModerate,
    people: people.filter((person) => person.userId !== actor.user.id).map((person) => ({ userId: person.userId, name: person.name ?? '?' })),
    meeting,
    assignment: assignmentRow ? { id: assignmentRow.id, letter: assignmentRow.letter, title: assignmentRow.title, dueAt: assignmentRow.dueAt } : null,
    supervision: thread.kind === 'supervision' ? supervisionPanelOf(thread, actor) : null,
    highestShown,
    lastReadNumber: reader.lastReadNumber,
    level: await threadLevelChoice(db, actor, thread.id),
  };
  // Read up to the end of the page shown; the last page reads the whole thread (private replies between others included).
  const onLastPage = window.page === window.pages;
  await markThreadRead(db, actor, thread.id, postFirstClosed ? 0 : onLastPage ? Math.max(highestShown, thread.highestNumber) : highestShown);
  return page;
}

/** The meeting's header: its page, and its published agenda and minutes as this reader may see them. */
async function meetingOf(db: Db, actor: Actor, thread: ThreadRow): Promise<ThreadPage['meeting']> {
  const meeting = await findMeetingInNetwork(db, thread.networkId, thread.meetingId!);
  if (!meeting) return null;
  const documents = (await listDocuments(db, meeting.id)).filter(
    (document) => (document.kind === 'agenda' || document.kind === 'minutes') && document.publishedAt !== null && authorize(actor, 'document.read', { published: true }),
  );
  return { id: meeting.id, number: meeting.number, theme: meeting.theme, startsAt: meeting.startsAt, endsAt: meeting.endsAt, documents: documents.map(({ id, kind, title }) => ({ id, kind, title })) };
}

/**
 * Which page to show: the one holding post `at` when asked for; else, in a thread read before, the first unread
 * post's (or the last page when all is read); a thread never opened starts at the top.
 */
function windowOf(shown: Array<{ number: number }>, at: number | undefined, lastRead: number): ThreadWindow {
  const pages = Math.max(1, Math.ceil(shown.length / postsPerPage));
  const starts = Array.from({ length: pages }, (_, index) => shown[index * postsPerPage]?.number ?? 1);
  const pageOfIndex = (index: number) => (index < 0 ? pages : Math.floor(index / postsPerPage) + 1);
  let page = 1;
  if (at !== undefined) page = pageOfIndex(shown.findIndex((post) => post.number >= at));
  else if (lastRead > 0) page = pageOfIndex(shown.findIndex((post) => post.number > lastRead));
  return { page, pages, starts };
}

/** A meeting thread reads as before / during / after the meeting; a supervision thread by phase. */
function groupPosts(thread: ThreadRow, posts: PostView[], meeting: ThreadPage['meeting']): PostGroup[] {
  if (meeting) {
    const when = (post: PostView) => (post.createdAt < meeting.startsAt ? 'before' : post.createdAt <= meeting.endsAt ? 'during' : 'after');
    return (['before', 'during', 'after'] as const).map((moment) => ({ heading: `forums.meeting.${moment}`, posts: posts.filter((post) => when(post) === moment) }));
  }
  if (thread.kind === 'supervision') {
    return supervisionPhases
      .map((phase) => ({ heading: `supervision.phases.${phase}.title`, posts: posts.filter((post) => (post.phase ?? 'case') === phase) }))
      .filter((group) => group.posts.length > 0);
  }
  return [{ heading: null, posts }];
}

function groupBy<T>(rows: T[], keyOf: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
}
