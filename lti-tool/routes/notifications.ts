import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { parseId } from '../services/form-fields';
import { setForumLevel, setThreadLevel } from '../services/forums/reading';
import { openForumStream } from '../services/forums/reading-stream';
import { markAllNotificationsReadFor, notificationsPage } from '../services/notifications';
import { mailStatusFor } from '../services/mail/preferences';
import { redirectDone } from './http/flash';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { openEventStream } from './http/sse';

const clientId = z.string().regex(/^[\w-]{8,64}$/);
/** A page number from the address: anything else is the first page, as a list's paging should forgive. */
const pageNumber = z.coerce.number().int().min(1).max(100_000).catch(1);

/**
 * Keeping up: the level choosers of threads and forums, the person's notifications, and the live stream of
 * new posts that keeps open forum pages' counts current. Registered before the forum pages, so `/forums/live`
 * is not read as a forum's id.
 */
export function notificationRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;

  router.post('/forums/threads/:id/level', (req, res, next) => {
    const launch = launchOf(res);
    setThreadLevel(db, launch, parseId(req.params.id), req.body).then(
      ({ threadId }) => redirectDone(res, `${launch.base}/forums/threads/${threadId}`, 'forum_level_saved', 'level'),
      next,
    );
  });

  router.get('/forums/live', (req, res, next) => {
    const launch = launchOf(res);
    const tab = clientId.safeParse(req.query.clientId);
    openForumStream(db, launch).then(
      (stream) => openEventStream(req, res, deps.live, { ...stream, clientId: tab.success ? tab.data : undefined, userId: launch.user.id }),
      next,
    );
  });

  router.post('/forums/:forumId/level', (req, res, next) => {
    const launch = launchOf(res);
    setForumLevel(db, launch, parseId(req.params.forumId), req.body).then(
      ({ forumId }) => redirectDone(res, `${launch.base}/forums/${forumId}`, 'forum_level_saved', 'level'),
      next,
    );
  });

  router.get('/notifications', (req, res, next) => {
    const launch = launchOf(res);
    Promise.all([notificationsPage(db, launch, pageNumber.parse(req.query.page)), mailStatusFor(db, deps.config, launch)]).then(
      ([page, mail]) => renderPage(res, 'notifications/list', { title: 'notifications.title', page, mail }),
      next,
    );
  });

  router.post('/notifications/read', (_req, res, next) => {
    const launch = launchOf(res);
    markAllNotificationsReadFor(db, launch).then(() => redirectDone(res, `${launch.base}/notifications`, 'notifications_read'), next);
  });

  return router;
}
