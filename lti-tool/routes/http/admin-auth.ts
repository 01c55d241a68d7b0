import { Router, type Request, type RequestHandler } from 'express';
import type { AppDeps } from './app-deps';
import { AppError, forbidden } from '../../errors';
import { adminCsrfToken, adminSessionLifetimeMs, adminSessionValid, csrfTokenMatches, sameSecret, signInAdmin, signOutAdmin } from '../../services/admin';
import { adminAuthLimiter } from './rate-limits';
import { renderPage } from './render';

export const adminCookieName = 'nv_admin';

/**
 * Sign-in, sign-out and the guard of every other admin route. A browser holds a random session (8 hours
 * from sign-in) and must send the session's form token and no foreign Origin with every POST; the CLI's
 * equivalent calls send ADMIN_TOKEN as Bearer and carry no ambient credential, so they need neither.
 */
export function adminAuthRouter(deps: AppDeps): Router {
  const router = Router();
  const secure = deps.config.publicUrl.startsWith('https://');
  const cookieOptions = { httpOnly: true, sameSite: 'strict' as const, secure, path: '/admin' };
  const ownOrigin = new URL(deps.config.publicUrl).origin;

  router.use(adminAuthLimiter(deps.logger, adminCookieName));
  router.post('/login', sameOriginOnly(ownOrigin), (req, res, next) => {
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    signInAdmin(deps.db, deps.adminToken, token).then(
      ({ secret }) => {
        // SameSite=Strict: a cross-site page never sends this cookie along.
        res.cookie(adminCookieName, secret, { ...cookieOptions, maxAge: adminSessionLifetimeMs });
        res.redirect(303, '/admin');
      },
      (error: unknown) => {
        if (error instanceof AppError && error.status === 401) renderPage(res, 'admin/login', { title: 'admin.login.title', errors: { token: 'admin.login.failed' } }, 401);
        else next(error);
      },
    );
  });

  router.use((req, res, next) => {
    const bearer = bearerToken(req);
    if (bearer !== undefined) {
      if (sameSecret(bearer, deps.adminToken)) next();
      else next(new AppError(401, 'admin_required', 'wrong Bearer token'));
      return;
    }
    const secret = sessionSecret(req);
    const refuse = () => {
      if (secret !== undefined) res.clearCookie(adminCookieName, cookieOptions);
      if (req.method === 'GET') renderPage(res, 'admin/login', { title: 'admin.login.title' }, 401);
      else next(new AppError(401, 'admin_required'));
    };
    if (secret === undefined) return refuse();
    adminSessionValid(deps.db, secret).then((valid) => {
      if (!valid) return refuse();
      res.locals.adminSecret = secret;
      res.locals.csrfToken = adminCsrfToken(secret);
      next();
    }, next);
  });
  router.use(sameOriginOnly(ownOrigin), (req, res, next) => {
    const secret = res.locals.adminSecret as string | undefined;
    if (req.method === 'GET' || req.method === 'HEAD' || secret === undefined) return next();
    if (!csrfTokenMatches(secret, req.body?._csrf)) return next(forbidden('admin form without its CSRF token'));
    next();
  });

  router.post('/logout', (_req, res, next) => {
    const secret = res.locals.adminSecret as string | undefined;
    (secret ? signOutAdmin(deps.db, secret) : Promise.resolve()).then(() => {
      res.clearCookie(adminCookieName, cookieOptions);
      res.redirect(303, '/admin');
    }, next);
  });
  return router;
}

/**
 * Refuses a state-changing request a browser says came from another site. Sec-Fetch-Site, where the browser
 * sends it, decides: our pages carry `Referrer-Policy: no-referrer`, under which Chromium posts our own forms
 * with `Origin: null`, so Origin alone would refuse them. Without Sec-Fetch-Site (older browsers, the CLI)
 * the Origin must be ours or absent.
 */
function sameOriginOnly(ownOrigin: string): RequestHandler {
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const site = req.get('sec-fetch-site');
    if (site !== undefined) {
      if (site !== 'same-origin' && site !== 'none') return next(forbidden(`admin request from ${site}`));
      return next();
    }
    const origin = req.get('origin');
    if (origin !== undefined && origin !== ownOrigin) return next(forbidden(`admin request from origin ${origin}`));
    next();
  };
}

function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

function sessionSecret(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[adminCookieName];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
