import { Router, type Request, type Response } from 'express';
import type { ZodError } from 'zod';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { commentInScope, feedbackPage, hideComment, hideSchema, markHelpful, replySchema, replyToComment, respondToComment, responseSchema, unhideComment } from '../services/gallery/feedback';
import { myFeedback, walkOverview, whoCommented } from '../services/gallery/feedback-overview';
import { feedbackPdf } from '../services/gallery/feedback-pdf';
import { parseId } from '../services/form-fields';
import { attachmentHeader } from './http/downloads';
import { redirectDone, type Confirmation } from './http/flash';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

type Next = (error?: unknown) => void;
type FormState = { errors: Record<string, string>; values: Record<string, unknown> };

const stationQuery = (req: Request): number | undefined => (req.query.station === undefined ? undefined : parseId(req.query.station));

/** Which of the field's own messages a refused form gets: empty and too long say different things. */
function messageOf(error: ZodError, prefix: string): string {
  const issue = error.issues[0];
  if (issue?.code === 'too_big') return `galleryFeedback.errors.${prefix}_too_long`;
  if (issue?.code === 'too_small') return `galleryFeedback.errors.${prefix}_empty`;
  return `galleryFeedback.errors.${prefix}_invalid`;
}

/** The author's feedback page, the visitor's "my feedback", the leader's overview and the open gallery's "who". */
export function galleryFeedbackRoutes(deps: AppDeps): Router {
  const router = Router();

  const showFeedback = (res: Response, walkId: number, stationId: number | undefined, state: FormState = { errors: {}, values: {} }, status = 200) =>
    feedbackPage(deps.db, launchOf(res), walkId, stationId).then((page) => renderPage(res, 'gallery/feedback', { titleText: page.walk.title, page, ...state }, status));

  const showMine = (res: Response, walkId: number, state: FormState = { errors: {}, values: {} }, status = 200) =>
    myFeedback(deps.db, launchOf(res), walkId).then((page) => renderPage(res, 'gallery/feedback-mine', { title: 'galleryFeedback.mine.title', page, ...state }, status));

  router.get('/gallery/:walkId/feedback', (req, res, next) => {
    showFeedback(res, parseId(req.params.walkId), stationQuery(req)).catch(next);
  });

  router.get('/gallery/:walkId/feedback.pdf', (req, res, next) => {
    feedbackPdf(deps, launchOf(res), parseId(req.params.walkId), stationQuery(req)).then(({ pdf, fileName }) => {
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', attachmentHeader(fileName));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(pdf);
    }, next);
  });

  router.get('/gallery/:walkId/mine', (req, res, next) => {
    showMine(res, parseId(req.params.walkId)).catch(next);
  });

  router.get('/gallery/:walkId/overview', (req, res, next) => {
    walkOverview(deps.db, launchOf(res), parseId(req.params.walkId))
      .then((page) => renderPage(res, 'gallery/feedback-overview', { title: 'galleryFeedback.overview.title', page }))
      .catch(next);
  });

  router.get('/gallery/:walkId/who', (req, res, next) => {
    whoCommented(deps.db, launchOf(res), parseId(req.params.walkId))
      .then((page) => renderPage(res, 'gallery/feedback-who', { title: 'galleryFeedback.who.title', page }))
      .catch(next);
  });

  /** The station of the comment a refused form was about, checked as the action itself would be. */
  const stationOfComment = (_req: Request, res: Response, walkId: number, commentId: number) =>
    commentInScope(deps.db, launchOf(res), walkId, commentId).then((found) => found.comment.stationId);

  /** Back to the comment acted on, on the page the form was on; a refusal is said beside that comment's form. */
  const act =
    (done: Confirmation, field: string, work: (req: Request, res: Response, walkId: number, commentId: number) => Promise<{ stationId: number }>) =>
    (req: Request, res: Response, next: Next) => {
      const launch = launchOf(res);
      const walkId = parseId(req.params.walkId);
      const commentId = parseId(req.params.commentId);
      const fromMine = req.body?.from === 'mine';
      const refuse = (stationId: number | undefined, message: string) => {
        const state = { errors: { [`${field}${commentId}`]: message }, values: { [`${field}${commentId}`]: req.body?.body ?? req.body?.reason ?? '' } };
        (fromMine ? showMine(res, walkId, state, 422) : showFeedback(res, walkId, stationId, state, 422)).catch(next);
      };
      work(req, res, walkId, commentId).then(
        ({ stationId }) => redirectDone(res, `${launch.base}/gallery/${walkId}/${fromMine ? 'mine' : `feedback?station=${stationId}`}`, done, `comment-${commentId}`),
        (error: unknown) => {
          if (error instanceof Refused) refuse(error.stationId, error.message);
          else if (error instanceof AppError && error.status === 422) refuse(undefined, `errors.${error.code}.body`);
          else next(error);
        },
      );
    };

  router.post(
    '/gallery/:walkId/comments/:commentId/replies',
    act('feedback_reply_sent', 'reply', async (req, res, walkId, commentId) => {
      const parsed = replySchema.safeParse(req.body);
      if (!parsed.success) throw new Refused(messageOf(parsed.error, 'reply'), await stationOfComment(req, res, walkId, commentId));
      return replyToComment(deps.db, launchOf(res), walkId, commentId, parsed.data);
    }),
  );

  router.post(
    '/gallery/:walkId/comments/:commentId/response',
    act('feedback_response_saved', 'response', (req, res, walkId, commentId) => {
      const parsed = responseSchema.safeParse(req.body);
      if (!parsed.success) throw new AppError(422, 'gallery_feedback_response_invalid');
      return respondToComment(deps.db, launchOf(res), walkId, commentId, parsed.data);
    }),
  );

  router.post(
    '/gallery/:walkId/comments/:commentId/helpful',
    act('feedback_response_saved', 'response', (req, res, walkId, commentId) => markHelpful(deps.db, launchOf(res), walkId, commentId, req.body?.helpful === '1')),
  );

  router.post(
    '/gallery/:walkId/comments/:commentId/hide',
    act('comment_hidden', 'reason', async (req, res, walkId, commentId) => {
      const parsed = hideSchema.safeParse(req.body);
      if (!parsed.success) throw new Refused(messageOf(parsed.error, 'reason'), await stationOfComment(req, res, walkId, commentId));
      return hideComment(deps.db, launchOf(res), walkId, commentId, parsed.data);
    }),
  );

  router.post(
    '/gallery/:walkId/comments/:commentId/unhide',
    act('comment_unhidden', 'reason', (_req, res, walkId, commentId) => unhideComment(deps.db, launchOf(res), walkId, commentId)),
  );

  return router;
}

/** A form this route refuses before the service is asked: shown again with the message, nothing written. */
class Refused extends Error {
  constructor(
    message: string,
    readonly stationId: number,
  ) {
    super(message);
  }
}
