import type { Response } from 'express';
import type { AppDeps } from '../http/app-deps';
import { renderPage } from '../http/render';
import { launchOf } from '../http/session-context';
import { threadPageFor } from '../../services/forums/thread-page';
import { manyDateTimes } from '../../i18n/many-dates';

/** A new random key per form shown, so a form sent twice makes one post. */
export const newClientKey = () => crypto.randomUUID().replace(/-/g, '');

/** A post's place: the page of the thread that holds it (the fragment scrolls to it). */
export const postPath = (base: string, threadId: number, number: number) => `${base}/forums/threads/${threadId}?at=${number}`;

/** Where in a thread a page opens: at a post number, or at a post by id (the one a refused form was about). */
export interface ThreadPlace {
  at?: number;
  atPostId?: number;
}

/**
 * The thread page, for the forum's router and the posts' router; after a refused form, with the person's text
 * kept and the reason beside it, on the page of the post the form was about.
 */
export function showThread(deps: AppDeps, res: Response, threadId: number, extra: Record<string, unknown> = {}, status = 200, place: ThreadPlace = {}): Promise<void> {
  const launch = launchOf(res);
  return threadPageFor(deps.db, launch, threadId, launch.base, place).then((page) =>
    renderPage(
      res,
      'forums/thread',
      { titleText: page.thread.title, page, errors: {}, values: {}, clientKey: (extra.values as { clientKey?: string } | undefined)?.clientKey || newClientKey(), scripts: ['forum-live.js', 'forum-compose.js'], manyDateTimes, ...extra },
      status,
    ),
  );
}
