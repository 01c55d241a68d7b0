import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from '../app';
import { AppError } from '../errors';
import { hasKnownRole } from '../policies';
import { csrfTokenMatches, launchOf, loadLaunchContext, sessionCookieName } from './session-context';
import { uploadParser } from './uploads';
import { homeRoutes } from './home';
import { deepLinkRoutes } from './deep-link';
import { rosterRoutes } from './roster';
import { gradeRoutes } from './grades';
import { newWindowLinkRoutes } from './new-window';
import { yearRoutes } from './year';
import { meetingRoutes } from './meetings';
import { documentRoutes, documentUploadTarget } from './documents';
import { assignmentRoutes } from './assignments';
import { submissionRoutes, submissionUploadTarget } from './submissions';
import { settingsRoutes } from './settings';
import { calendarRoutes } from './calendar';

/** Everything under /l/<handle>/: the launch's session, checked on every request. */
export function sessionRouter(deps: AppDeps): Router {
  const router = Router({ mergeParams: true });
  router.use((req: Request<{ handle: string }>, res: Response, next: NextFunction) => {
    const handle = req.params.handle;
    const secret = (req.cookies as Record<string, string | undefined>)[sessionCookieName(handle)];
    loadLaunchContext(deps.db, handle, secret).then((launch) => {
      res.locals.launch = launch;
      // Least privilege: a role the tool does not know (DESIGN.md) sees one page saying so, and nothing else.
      next(hasKnownRole(launch) ? undefined : new AppError(403, 'role_without_access', `user ${launch.user.id} has no known role`));
    }, next);
  });
  // Multipart forms are parsed before the CSRF check below, because their token is a form field; the parser
  // itself writes no byte of a file before the token (sent ahead of the file) has matched.
  router.use(uploadParser(deps.files, [documentUploadTarget, submissionUploadTarget(deps.db)]));
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST' && !csrfTokenMatches(launchOf(res).csrfToken, (req.body as { _csrf?: unknown } | undefined)?._csrf)) {
      next(new AppError(403, 'forbidden', 'csrf token mismatch'));
      return;
    }
    next();
  });
  router.use(homeRoutes(deps));
  router.use(deepLinkRoutes(deps));
  router.use(rosterRoutes(deps));
  router.use(gradeRoutes(deps));
  router.use(newWindowLinkRoutes(deps));
  router.use(yearRoutes(deps));
  router.use(meetingRoutes(deps));
  router.use(documentRoutes(deps));
  router.use(assignmentRoutes(deps));
  router.use(submissionRoutes(deps));
  router.use(settingsRoutes(deps));
  router.use(calendarRoutes(deps));
  return router;
}

