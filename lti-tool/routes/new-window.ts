import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { launchCookieOptions } from '../lti/cookies';
import { createWindowLink, openWindowSession, safeRelativePath, windowReturnPath } from '../services/new-window';
import { phoneCookiePath, phoneCookiePrefix } from './http/phone-cookie';
import { renderPage } from './http/render';
import { launchOf, sessionCookieName, sessionPath } from './http/session-context';

/** In the frame: a page with the one-time link to open the same launch in a new window. */
export function newWindowLinkRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/new-window', (req, res, next) => {
    const launch = launchOf(res);
    // The page the person was on, so the new window opens there rather than at Home.
    const to = windowReturnPath(launch.base, req.query.return);
    const carried = to ? `&to=${encodeURIComponent(to)}` : '';
    createWindowLink(deps.db, launch.handle).then(
      ({ handle, code }) =>
        renderPage(res, 'launch/new-window', { title: 'newWindow.title', href: `/window/${handle}?code=${encodeURIComponent(code)}${carried}`, back: `${launch.base}/${to}` }),
      next,
    );
  });
  return router;
}

const windowParams = z.object({ handle: z.string().regex(/^[\w-]{16}$/), code: z.string().min(20).max(100) });

/** In the new window: trade the one-time code for the window's own session cookie. */
export function windowRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/window/:handle', (req, res, next) => {
    const parsed = windowParams.safeParse({ handle: req.params.handle, code: req.query.code });
    if (!parsed.success) {
      next(new AppError(401, 'window_link_used'));
      return;
    }
    const { handle, code } = parsed.data;
    openWindowSession(deps.db, handle, code).then(({ secret, endsAt, phone }) => {
      const path = sessionPath(handle);
      res.cookie(sessionCookieName(handle), secret, { ...launchCookieOptions(deps.config), path, expires: endsAt });
      // A phone remembers its session for the big screen's QR code (/evaluate/…), which carries no session of its own.
      if (phone) res.cookie(`${phoneCookiePrefix}${handle}`, '1', { ...launchCookieOptions(deps.config), path: phoneCookiePath, expires: endsAt });
      // Checked again here: the link is in the person's hands and could have been edited.
      res.redirect(303, `${path}/${safeRelativePath(req.query.to)}`);
    }, next);
  });
  return router;
}
