import { Router, type Response } from 'express';
import type { AppDeps } from './http/app-deps';
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
import { listRegistrationLinks, mintRegistrationLink, revokeRegistrationLink } from '../services/registration-links';
import { toolUrls } from '../lti/tool-urls';
import { adminAuthRouter } from './http/admin-auth';
import { fieldErrors } from './http/forms';
import { redirectDone } from './http/flash';
import { renderPage } from './http/render';
import { parseId } from '../services/form-fields';


/** The tool administrator's page: platform registrations and registration links, behind adminAuthRouter. */
export function adminRouter(deps: AppDeps, frameAncestors: FrameAncestors): Router {
  const router = Router();
  const platformDeps = { db: deps.db, lti: deps.lti, onChange: () => frameAncestors.refresh() };
  router.use(adminAuthRouter(deps));

  const showPlatforms = async (res: Response, extra: { errors?: Record<string, string>; values?: unknown; mintedUrl?: string } = {}, status = 200) => {
    renderPage(
      res,
      'admin/platforms',
      {
        title: 'admin.platforms.title',
        platforms: await listPlatforms(deps.db),
        links: await listRegistrationLinks(deps.db),
        mintedUrl: extra.mintedUrl,
        urls: toolUrls(deps.config.publicUrl),
        errors: extra.errors ?? {},
        // One message for every field of this form, so the summary names the field it is about.
        fieldLabels: Object.fromEntries(Object.keys(extra.errors ?? {}).map((field) => [field, `admin.manual.${field}`])),
        values: extra.values ?? {},
      },
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
    registerPlatformManually(platformDeps, req.body).then(() => redirectDone(res, '/admin', 'platform_saved'), next);
  });
  router.post('/links', (req, res, next) => {
    // The URL is shown on this answer only: it is not kept, and not put in a redirect's address.
    mintRegistrationLink(deps.db, deps.config.publicUrl, req.body)
      .then(({ url }) => showPlatforms(res.setHeader('Cache-Control', 'no-store'), { mintedUrl: url }, 201))
      .catch(next);
  });
  router.post('/links/:id/revoke', (req, res, next) => {
    revokeRegistrationLink(deps.db, parseId(req.params.id)).then(() => redirectDone(res, '/admin', 'link_revoked'), next);
  });
  router.post('/platforms/:id/:action', (req, res, next) => {
    const id = parseId(req.params.id);
    const action = req.params.action;
    const done = () => redirectDone(res, '/admin', 'platform_changed');
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
