import type { Db } from '../db';
import { assertAllowed, networkOf, type Actor } from '../policies';
import { countNotifications, listNotifications, markAllNotificationsRead, type NotificationRow } from '../../models/notifications';
import type { NotificationKind } from '../../models/schema';

export const notificationsPerPage = 30;

export interface NotificationItem {
  id: number;
  kind: NotificationKind;
  unread: boolean;
  createdAt: Date;
  /** Where it leads, under the launch's base: the post in its thread, or the meeting or assignment. */
  path: string | null;
  /** What it is about, in the person's own words (a thread title, a meeting's theme); null when gone. */
  subject: string | null;
  authorName: string | null;
  postDeleted: boolean;
}

export interface NotificationsPage {
  items: NotificationItem[];
  unread: number;
  page: number;
  pages: number;
}

function pathOf(row: NotificationRow): string | null {
  if (row.threadId !== null) return `/forums/threads/${row.threadId}${row.postNumber !== null ? `?at=${row.postNumber}#post-${row.postNumber}` : ''}`;
  if (row.meetingId !== null) return `/meetings/${row.meetingId}`;
  // A released grade leads to "Your grade" on the assignment's page.
  if (row.assignmentId !== null) return `/assignments/${row.assignmentId}${row.kind === 'gradeReleased' ? '#your-grade' : ''}`;
  // A comment on a network plan leads to the plan, at its comments.
  if (row.planId !== null) return `/plans/${row.planId}#comments`;
  if (row.evaluationFormId !== null) return `/evaluations/${row.evaluationFormId}`;
  return null;
}

function subjectOf(row: NotificationRow): string | null {
  if (row.threadTitle !== null) return row.threadTitle;
  if (row.meetingTheme !== null) return `${row.meetingNumber}. ${row.meetingTheme}`;
  if (row.assignmentTitle !== null) return `${row.assignmentLetter} ${row.assignmentTitle}`;
  if (row.evaluationFormTitle !== null) return row.evaluationFormTitle;
  return null;
}

/** Anyone who may read the network's forums has notifications; they are their own and nobody else's. */
function ownNetwork(actor: Actor): number {
  assertAllowed(actor, 'forum.read', { kind: 'discussion', groupMemberIds: [] });
  return networkOf(actor);
}

/** A page of the person's notifications, newest first; unread ones stay marked until they say they have seen them. */
export async function notificationsPage(db: Db, actor: Actor, requestedPage: number): Promise<NotificationsPage> {
  const networkId = ownNetwork(actor);
  const counts = await countNotifications(db, networkId, actor.user.id);
  const pages = Math.max(1, Math.ceil(counts.total / notificationsPerPage));
  const page = Math.min(Math.max(1, requestedPage), pages);
  const rows = await listNotifications(db, networkId, actor.user.id, { limit: notificationsPerPage, offset: (page - 1) * notificationsPerPage });
  const items = rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    unread: row.readAt === null,
    createdAt: row.createdAt,
    path: pathOf(row),
    subject: subjectOf(row),
    authorName: row.authorName,
    postDeleted: row.postDeleted,
  }));
  return { items, unread: counts.unread, page, pages };
}

/** Marks every notification of the person in the network as read; returns how many were unread. */
export async function markAllNotificationsReadFor(db: Db, actor: Actor, now = new Date()): Promise<number> {
  return markAllNotificationsRead(db, ownNetwork(actor), actor.user.id, now);
}
