import { Router, type NextFunction, type Request, type Response } from 'express';
import { z, ZodError } from 'zod';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { translator } from '../i18n';
import { parseId } from '../services/form-fields';
import { commentSchema, inputErrorOf, postComment, reactionSchema, toggleWalkReaction } from '../services/gallery/comments';
import { walkPage } from '../services/gallery/walk-page';
import { openWalkStream } from '../services/gallery/walk-stream';
import { announcePhone, phoneJoinPanel, signOutWalkPhone } from '../services/gallery/phone-join';
import { livePostLimiter } from './http/rate-limits';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { openEventStream } from './http/sse';

const clientId = z.string().regex(/^[\w-]{8,64}$/);
const phoneHandle = z.string().regex(/^[\w-]{16}$/);

/** The phone's posts answer in JSON: a refusal is `{ error }` in the person's language, never an error page. */
function answerJson(res: Response, next: NextFunction, work: Promise<{ status: number; body: unknown }>): void {
  const t = translator(launchOf(res).lang);
  work.then(
    ({ status, body }) => res.status(status).json(body),
    (error: unknown) => {
      const refusal = error instanceof ZodError ? inputErrorOf(error) : error;
      if (refusal instanceof AppError && refusal.status < 500) {
        (res.req as Request).log?.info({ code: refusal.code, detail: refusal.detail }, 'gallery walk input refused');
        res.status(refusal.status).json({ error: t(`errors.${refusal.code}.body`), code: refusal.code });
      } else next(error);
    },
  );
}

/** The participant's phone in a gallery walk: the page, comments and reactions, and the live stream. */
export function galleryWalkRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/gallery/:walkId', (request, res, next) => {
    const launch = launchOf(res);
    const walkId = parseId(request.params.walkId);
    (async () => {
      const page = await walkPage(deps.db, launch, walkId);
      // The personal QR code is offered where the person sits in the course's frame, not on the phone itself.
      const phone = launch.offersNewWindow ? await phoneJoinPanel(deps.db, launch, launch.handle, walkId, deps.config.publicUrl) : null;
      if (!phone) await announcePhone(deps.db, launch, launch.handle, walkId);
      renderPage(res, 'gallery/walk', { titleText: page.walk.title, scripts: ['walk-phone.js'], page, phone });
    })().catch(next);
  });

  const livePosts = livePostLimiter(deps.logger, (res) => `user:${launchOf(res).user.id}`);

  router.post('/gallery/:walkId/comments', livePosts, (request, res, next) => {
    const launch = launchOf(res);
    const work = (async () => {
      const input = commentSchema.parse(request.body);
      const result = await postComment(deps.db, launch, parseId(request.params.walkId), input);
      return { status: result.duplicate ? 200 : 201, body: result };
    })();
    answerJson(res, next, work);
  });

  router.post('/gallery/:walkId/reactions', livePosts, (request, res, next) => {
    const launch = launchOf(res);
    const work = (async () => ({ status: 200, body: await toggleWalkReaction(deps.db, launch, parseId(request.params.walkId), reactionSchema.parse(request.body)) }))();
    answerJson(res, next, work);
  });

  router.get('/gallery/:walkId/events', (request, res, next) => {
    const launch = launchOf(res);
    const tab = clientId.safeParse(request.query.clientId);
    openWalkStream(deps.db, launch, parseId(request.params.walkId)).then(
      (stream) => openEventStream(request, res, deps.live, { ...stream, clientId: tab.success ? tab.data : undefined, userId: launch.user.id }),
      next,
    );
  });

  router.post('/gallery/:walkId/phones/:phone/sign-out', (request, res, next) => {
    const launch = launchOf(res);
    const walkId = parseId(request.params.walkId);
    const target = phoneHandle.safeParse(request.params.phone);
    if (!target.success) {
      next(new AppError(404, 'not_found'));
      return;
    }
    signOutWalkPhone(deps.db, launch, walkId, target.data).then(() => res.redirect(303, `${launch.base}/gallery/${walkId}#phone`), next);
  });

  return router;
}
