import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { parseId } from '../services/form-fields';
import { forumIndexFor, forumPageFor } from '../services/forums/forum-page';
import { assignmentThreadFor, meetingThreadFor, moderateThread, startThreadSchema, startThread } from '../services/forums/threads';
import { replySchema, replyToThread } from '../services/forums/posts';
import { fieldErrors } from './http/forms';
import { redirectDone } from './http/flash';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { forumPostRoutes } from './forum-posts';
import { newClientKey, postPath, showThread, type ThreadPlace } from './pages/forum-thread';

/** Forums: the index, a forum's threads, a thread with its posts; the meeting's and assignment's threads. */
export function forumRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;

  const showForum = (res: Response, forumId: number, extra: Record<string, unknown> = {}, status = 200) =>
    forumPageFor(db, launchOf(res), forumId).then((page) =>
      renderPage(res, 'forums/forum', { ...(page.forum.kind === 'group' ? { titleText: page.forum.groupName ?? '' } : { title: `forums.kinds.${page.forum.kind}` }), page, errors: {}, values: {}, clientKey: newClientKey(), scripts: ['forum-live.js'], ...extra }, status),
    );

  router.get('/forums', (_req, res, next) => {
    forumIndexFor(db, launchOf(res))
      .then((index) => renderPage(res, 'forums/index', { title: 'forums.title', index, scripts: ['forum-live.js'] }))
      .catch(next);
  });

  router.get('/forums/meeting/:meetingId', (req, res, next) => {
    const launch = launchOf(res);
    meetingThreadFor(db, launch, parseId(req.params.meetingId)).then((thread) => res.redirect(303, `${launch.base}/forums/threads/${thread.id}`), next);
  });

  router.get('/forums/assignment/:assignmentId', (req, res, next) => {
    const launch = launchOf(res);
    assignmentThreadFor(db, launch, parseId(req.params.assignmentId)).then((thread) => res.redirect(303, `${launch.base}/forums/threads/${thread.id}`), next);
  });

  router.get('/forums/threads/:threadId', (req, res, next) => {
    // "Reply" and "Reply privately" are plain links (no script needed): they name the post in the address.
    const values = { replyToPostId: typeof req.query.replyTo === 'string' ? req.query.replyTo : '', private: req.query.private === '1' ? '1' : '' };
    const at = postNumber.safeParse(req.query.at);
    showThread(deps, res, parseId(req.params.threadId), { values }, 200, { at: at.success ? at.data : undefined }).catch(next);
  });

  router.post('/forums/threads/:threadId/posts', (req, res, next) => {
    const launch = launchOf(res);
    const threadId = parseId(req.params.threadId);
    const parsed = replySchema.safeParse(req.body);
    if (!parsed.success) {
      showThread(deps, res, threadId, { errors: fieldErrors(parsed.error, 'forums.errors'), values: req.body }, 422, replyPlace(req.body)).catch(next);
      return;
    }
    replyToThread(db, launch, threadId, parsed.data).then(
      ({ number }) => redirectDone(res, postPath(launch.base, threadId, number), 'forum_post_saved', `post-${number}`),
      (error: unknown) => {
        // A refusal the person can act on (a supervision phase, the recipient) is shown above the form, with the text kept.
        if (error instanceof AppError && error.status === 422) showThread(deps, res, threadId, { errors: { body: formErrorOf(error) }, values: req.body }, 422, replyPlace(req.body)).catch(next);
        else next(error);
      },
    );
  });

  for (const change of ['pin', 'unpin', 'lock', 'unlock'] as const) {
    const done = ({ pin: 'forum_thread_pinned', unpin: 'forum_thread_unpinned', lock: 'forum_thread_locked', unlock: 'forum_thread_unlocked' } as const)[change];
    router.post(`/forums/threads/:threadId/${change}`, (req, res, next) => {
      const launch = launchOf(res);
      const threadId = parseId(req.params.threadId);
      moderateThread(db, launch, threadId, change).then(() => redirectDone(res, `${launch.base}/forums/threads/${threadId}`, done), next);
    });
  }

  router.use(forumPostRoutes(deps));

  router.get('/forums/:forumId', (req, res, next) => {
    showForum(res, parseId(req.params.forumId)).catch(next);
  });

  router.post('/forums/:forumId/threads', (req, res, next) => {
    const launch = launchOf(res);
    const forumId = parseId(req.params.forumId);
    const parsed = startThreadSchema.safeParse(req.body);
    if (!parsed.success) {
      showForum(res, forumId, { errors: fieldErrors(parsed.error, 'forums.errors'), values: req.body, clientKey: String(req.body?.clientKey ?? newClientKey()) }, 422).catch(next);
      return;
    }
    startThread(db, launch, forumId, parsed.data).then(
      ({ threadId }) => redirectDone(res, `${launch.base}/forums/threads/${threadId}`, 'forum_thread_started'),
      (error: unknown) => {
        if (error instanceof AppError && error.status === 422) showForum(res, forumId, { errors: { form: formErrorOf(error) }, values: req.body, clientKey: String(req.body?.clientKey ?? newClientKey()) }, 422).catch(next);
        else next(error);
      },
    );
  });

  return router;
}

/** The message of a refusal shown beside the form: a supervision rule's own key, else the error's text. */
const formErrorOf = (error: AppError) => (error.code === 'forum_supervision_refused' && error.params?.reason ? String(error.params.reason) : `errors.${error.code}.body`);

const postNumber = z.coerce.number().int().min(1).max(1_000_000_000);

/** A refused reply opens the page of the post it answered, so "in reply to" is still there beside the kept text. */
const replyPlace = (body: unknown): ThreadPlace => {
  const id = postNumber.safeParse((body as { replyToPostId?: unknown } | undefined)?.replyToPostId);
  return id.success ? { atPostId: id.data } : {};
};
