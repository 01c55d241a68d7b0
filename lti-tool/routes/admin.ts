import { createHmac, timingSafeEqual } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from '../app';
import { redirectUris } from '../app';
import { AppError } from '../errors';
import type { FrameAncestors } from '../lti/frame-ancestors';
import {
  addDeployment,
  allowNewDeployments,
  changePlatformStatus,
  listPlatforms,
  manualPlatformSchema,
  registerPlatformManually,
  removePlatform,
} from '../services/platforms';
import { fieldErrors } from './forms';
import { renderPage } from './render';
import { parseId } from '../services/form-fields';

const cookieName = 'nv_admin';

/** The tool administrator's page: platform registrations, protected by ADMIN_TOKEN. */
export function adminRouter(deps: AppDeps, frameAncestors: FrameAncestors): Router {
  const router = Router();
  const platformDeps = { db: deps.db, lti: deps.lti, onChange: () => frameAncestors.refresh() };
  const sessionValue = createHmac('sha256', deps.adminToken).update('admin-session').digest('base64url');
  const secure = deps.config.publicUrl.startsWith('https://');

  router.post('/login', (req, res) => {
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    if (!equal(token, deps.adminToken)) {
      renderPage(res, 'admin/login', { title: 'admin.login.title', failed: true }, 401);
      return;
    }
    // SameSite=Strict: a cross-site page can never post to the admin routes with this cookie.
    res.cookie(cookieName, sessionValue, { httpOnly: true, sameSite: 'strict', secure, path: '/admin', maxAge: 8 * 3600_000 });
    res.redirect(303, '/admin');
  });
  router.use((req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const cookie = (req.cookies as Record<string, string | undefined>)[cookieName];
    if ((bearer && equal(bearer, deps.adminToken)) || (cookie && equal(cookie, sessionValue))) {
      next();
      return;
    }
    if (req.method === 'GET') renderPage(res, 'admin/login', { title: 'admin.login.title', failed: false }, 401);
    else next(new AppError(401, 'admin_required'));
  });

  const showPlatforms = async (res: Response, extra: { errors?: Record<string, string>; values?: unknown } = {}, status = 200) => {
    renderPage(
      res,
      'admin/platforms',
      { title: 'admin.platforms.title', platforms: await listPlatforms(deps.db), urls: toolUrls(deps.config.publicUrl), errors: extra.errors ?? {}, values: extra.values ?? {} },
      status,
    );
  };
  router.get('/', (_req, res, next) => {
    showPlatforms(res).catch(next);
  });
  router.post('/platforms', (req, res, next) => {
    const parsed = manualPlatformSchema.safeParse(req.body);
    if (!parsed.success) {
      const errors = Object.fromEntries(Object.keys(fieldErrors(parsed.error, 'admin.errors')).map((field) => [field, 'admin.errors.invalid']));
      showPlatforms(res, { errors, values: req.body }, 422).catch(next);
      return;
    }
    registerPlatformManually(platformDeps, req.body).then(() => res.redirect(303, '/admin'), next);
  });
  router.post('/platforms/:id/:action', (req, res, next) => {
    const id = parseId(req.params.id);
    const action = req.params.action;
    const done = () => res.redirect(303, '/admin');
    const run = (): Promise<unknown> => {
      switch (action) {
        case 'activate':
          return changePlatformStatus(platformDeps, id, 'active');
        case 'deactivate':
          return changePlatformStatus(platformDeps, id, 'inactive');
        case 'remove':
          return removePlatform(platformDeps, id);
        case 'allow-deployments':
          return allowNewDeployments(platformDeps, id, req.body?.allow === 'true');
        case 'deployments':
          return addDeployment(platformDeps, id, String(req.body?.deploymentId ?? ''));
        default:
          return Promise.reject(new AppError(404, 'not_found'));
      }
    };
    run().then(done, next);
  });
  return router;
}

export function toolUrls(publicUrl: string) {
  const [base, withSlash] = redirectUris({ publicUrl });
  return {
    registration: `${publicUrl}/register`,
    login: `${publicUrl}/login`,
    redirect: [base, withSlash],
    launch: `${publicUrl}/`,
    deepLinking: `${publicUrl}/`,
    jwks: `${publicUrl}/keys`,
  };
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
