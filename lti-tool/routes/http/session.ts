import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from './app-deps';
import { AppError } from '../../errors';
import { hasKnownRole } from '../../policies';
import { csrfTokenMatches, launchOf, loadLaunchContext, sessionCookieName } from './session-context';
import { uploadParser, type UploadTarget } from './uploads';
import { markSeen } from '../../services/mail/preferences';

/**
 * The gate in front of everything under /l/<handle>/: the launch's session, loaded and checked on every
 * request (live, known role), uploads streamed for the targets that take them, and the CSRF token of every POST.
 */
export function sessionGate(deps: AppDeps, uploadTargets: UploadTarget[]): Router {
  const router = Router({ mergeParams: true });
  router.use((req: Request<{ handle: string }>, res: Response, next: NextFunction) => {
    const handle = req.params.handle;
    const secret = (req.cookies as Record<string, string | undefined>)[sessionCookieName(handle)];
    loadLaunchContext(deps.db, handle, secret)
      .then(async (launch) => {
        res.locals.launch = launch;
        // The person is in the tool: daily digests go only to those who have not been (one throttled statement).
        if (hasKnownRole(launch)) await markSeen(deps.db, launch);
        return launch;
      })
      .then((launch) => {
        // Least privilege: a role the tool does not know (DESIGN.md) sees one page saying so, and nothing else.
        next(hasKnownRole(launch) ? undefined : new AppError(403, 'role_without_access', `user ${launch.user.id} has no known role`));
      }, next);
  });
  // Multipart forms are parsed before the CSRF check below, because their token is a form field; the parser
  // itself writes no byte of a file before the token (sent ahead of the file) has matched.
  router.use(uploadParser(deps.files, uploadTargets));
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST' && !csrfTokenMatches(launchOf(res).csrfToken, (req.body as { _csrf?: unknown } | undefined)?._csrf)) {
      next(new AppError(403, 'forbidden', 'csrf token mismatch'));
      return;
    }
    next();
  });
  return router;
}

