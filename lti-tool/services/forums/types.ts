import type { ForumKind, SupervisionPhase, ThreadKind } from '../../../models/schema';
import type { AddedNotification } from '../../../models/notifications';

/** The topic of a network's forum activity on the live bus (new posts, counts). */
export const forumTopic = (networkId: number) => `forums:${networkId}`;

/** A post just written, as the parts that react to it (reading state, notifications, mail, live pages) see it. */
export interface PostCreated {
  networkId: number;
  forumId: number;
  forumKind: ForumKind;
  /** The conversation group of a group forum; null for the network's forums. */
  groupId: number | null;
  threadId: number;
  threadTitle: string;
  threadKind: ThreadKind;
  postId: number;
  number: number;
  /** The thread's highest number visible to everyone after this post (unchanged by a private reply). */
  highestNumber: number;
  authorId: number;
  authorName: string;
  privateToUserId: number | null;
  /** Members of the network mentioned with @ (already resolved and stored in forum_mentions). */
  mentionedUserIds: number[];
  phase: SupervisionPhase | null;
  body: string;
  createdAt: Date;
  /** The thread's opening post (number 1). */
  opensThread: boolean;
  source: 'web' | 'email';
}

/** A row just added to `notifications`, handed to the mail queue: the row as the model returns it. */
export type NotificationCreated = AddedNotification;
