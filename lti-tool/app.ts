import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import cookieParser from 'cookie-parser';
import { pinoHttp } from 'pino-http';
import type { AppDeps } from './routes/http/app-deps';
import { idTokenGuard, loginGuard } from './lti/launch-guard';
import { cookieAttributes } from './lti/cookies';
import { FrameAncestors } from './lti/frame-ancestors';
import { toolUrls } from './lti/tool-urls';
import { errorHandler, notFoundHandler } from './routes/http/errors';
import { launchRouter } from './routes/launch';
import { registrationRouter } from './routes/registration';
import { adminRouter } from './routes/admin';
import { sessionGate } from './routes/http/session';
import { homeRoutes } from './routes/home';
import { deepLinkRoutes } from './routes/deep-link';
import { rosterRoutes } from './routes/roster';
import { gradeRoutes } from './routes/grades';
import { newWindowLinkRoutes } from './routes/new-window';
import { yearRoutes } from './routes/year';
import { meetingRoutes } from './routes/meetings';
import { documentRoutes, documentUploadTarget } from './routes/documents';
import { assignmentRoutes } from './routes/assignments';
import { submissionRoutes, submissionUploadTarget } from './routes/submissions';
import { peopleRoutes, schoolsUploadTarget } from './routes/people';
import { groupRoutes } from './routes/groups';
import { settingsRoutes } from './routes/settings';
import { galleryFeedbackRoutes } from './routes/gallery-feedback';
import { calendarRoutes } from './routes/calendar';
import { windowRouter } from './routes/new-window';
import { calendarFeedRouter } from './routes/calendar';
import { landingRouter } from './routes/landing';
import { forumRoutes } from './routes/forums';
import { forumAttachmentUploadTarget } from './routes/forum-posts';
import { notificationRoutes } from './routes/notifications';
import { mailRoutes } from './routes/mail';
import { mailPublicRouter } from './routes/mail-public';
import { searchRoutes } from './routes/search';
import { supervisionRoutes } from './routes/forum-supervision';
import { gradebookRoutes } from './routes/gradebook';
import { gradingRoutes } from './routes/grading';
import { markingRoutes } from './routes/marking';
import { progressRoutes } from './routes/progress';
import { certificateRoutes } from './routes/certificates';
import { evaluationRoutes } from './routes/evaluations';
import { evaluationResultRoutes } from './routes/evaluation-results';
import { evaluationReportRoutes } from './routes/evaluation-reports';
import { evaluationAnswerRoutes } from './routes/evaluation-answers';
import { evaluatePublicRouter } from './routes/evaluate-public';
import { planRoutes } from './routes/plans';
import { verificationRouter } from './routes/verification';
import { cookieCheck } from './routes/cookie-check';
import { gallerySetupRoutes } from './routes/gallery-setup';
import { galleryConsoleRoutes } from './routes/gallery-console';
import { galleryWalkRoutes } from './routes/gallery-walk';

export type { AppDeps };

export interface App {
  express: Express;
  frameAncestors: FrameAncestors;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * ltijs's app, used as a handler, re-points req and res at its own Express prototypes (its res.render has
 * no view engine). When it hands control back (an error, a route it does not serve) ours are restored,
 * as Express does for apps mounted with app.use.
 */
function handBackFromLtijs(ltijsApp: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const requestPrototype = Object.getPrototypeOf(req) as object;
    const responsePrototype = Object.getPrototypeOf(res) as object;
    ltijsApp(req, res, (error?: unknown) => {
      Object.setPrototypeOf(req, requestPrototype);
      Object.setPrototypeOf(res, responsePrototype);
      next(error);
    });
  };
}

/** Everything a launch opens, under /l/<handle>/, behind the session gate. */
function launchPages(deps: AppDeps): Router {
  const router = Router({ mergeParams: true });
  router.use(sessionGate(deps, [documentUploadTarget, submissionUploadTarget(deps.db), schoolsUploadTarget, forumAttachmentUploadTarget]));
  const routers = [peopleRoutes, homeRoutes, deepLinkRoutes, rosterRoutes, gradeRoutes, newWindowLinkRoutes, yearRoutes, meetingRoutes, documentRoutes, assignmentRoutes, submissionRoutes, settingsRoutes, calendarRoutes, groupRoutes, supervisionRoutes, notificationRoutes, mailRoutes, searchRoutes, forumRoutes, gradebookRoutes, markingRoutes, gradingRoutes, progressRoutes, certificateRoutes, evaluationRoutes, evaluationResultRoutes, evaluationReportRoutes, evaluationAnswerRoutes, planRoutes];
  // The set-up's two-segment pages (/gallery/meeting/:id) come before the walk's own /gallery/:walkId/… pages.
  const galleryRouters = [gallerySetupRoutes, galleryConsoleRoutes, galleryFeedbackRoutes, galleryWalkRoutes];
  for (const routes of [...routers, ...galleryRouters]) {
    router.use(routes(deps));
  }
  return router;
}

/** Builds the Express app; never listens. */
export function createApp(deps: AppDeps): App {
  const app = express();
  const frameAncestors = new FrameAncestors(deps.db);
  app.set('views', path.join(root, 'views'));
  app.set('view engine', 'ejs');
  // Compiled templates are kept even outside NODE_ENV=production: compiling on every render costs more than the page.
  app.set('view cache', true);
  app.set('trust proxy', deps.config.trustProxy);
  app.disable('x-powered-by');
  // Express's own last-resort handler prints stack traces outside production; users never see one.
  app.set('env', 'production');

  app.use(
    pinoHttp({
      logger: deps.logger,
      // Query strings carry login hints and could carry tokens: log the path only.
      serializers: {
        req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/health' },
    }),
  );
  app.use(
    helmet({
      frameguard: false, // frame-ancestors below decides who may frame us
      crossOriginEmbedderPolicy: false,
      crossOriginResourcePolicy: { policy: 'same-site' },
      referrerPolicy: { policy: 'no-referrer' },
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"], // widened per page for the two that post elsewhere: routes/form-action.ts
          frameAncestors: ["'self'", () => frameAncestors.sources()],
          upgradeInsecureRequests: deps.config.publicUrl.startsWith('https://') ? [] : null,
        },
      },
      strictTransportSecurity: deps.config.publicUrl.startsWith('https://'),
    }),
  );
  // Moodle shows the registration's logo_uri on its own pages (activity chooser, course page, gradebook), on
  // another site in production: the icon alone may be loaded cross-site; every other asset stays same-site.
  app.use(['/assets/logo.png', '/assets/logo.svg'], (_req, res, next) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  });
  // The instruction editor (EasyMDE) from our own origin: the CSP takes scripts and styles from 'self' only.
  for (const file of ['easymde.min.js', 'easymde.min.css']) {
    app.get(`/assets/vendor/${file}`, (_req, res) => res.sendFile(path.join(root, 'node_modules/easymde/dist', file), { maxAge: '1h' }));
  }
  app.use('/assets', express.static(path.join(root, 'public'), { maxAge: '1h', index: false }));
  // Browsers ask for it on every page opened in a window of its own (the phone, the big screen).
  app.get('/favicon.ico', (_req, res) => res.type('image/png').sendFile(path.join(root, 'public/logo.png'), { maxAge: '1d' }));
  app.use(express.urlencoded({ extended: false, limit: '200kb' }));
  app.use(express.json({ limit: '200kb' }));
  app.get('/health', (_req, res) => {
    res.type('text').send('ok');
  });

  const guardDeps = { db: deps.db, jwks: deps.lti.jwks, redirectUris: toolUrls(deps.config.publicUrl).redirect };
  const ltiCookies = cookieAttributes(deps.config);
  const ltijs = handBackFromLtijs(deps.lti.app);
  app.all('/login', cookieCheck(deps.config, () => frameAncestors.origins()), ltiCookies, loginGuard(guardDeps), ltijs);
  app.get('/keys', ltijs);
  app.post('/', ltiCookies, idTokenGuard(guardDeps), ltijs);
  deps.lti.bind(launchRouter(deps));

  app.use(registrationRouter(deps, frameAncestors));
  // Not on the LTI routes: ltijs parses (and signs) its own cookies there.
  app.use('/admin', cookieParser(), adminRouter(deps, frameAncestors));
  app.use('/l/:handle', cookieParser(), launchPages(deps));
  app.use(windowRouter(deps));
  app.use(calendarFeedRouter(deps));
  app.use(mailPublicRouter(deps));
  app.use(verificationRouter(deps));
  app.use(evaluatePublicRouter(deps));
  app.use(landingRouter(deps));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return { express: app, frameAncestors };
}
