import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { toolUrls } from '../lti/tool-urls';
import { renderPage } from './http/render';

/** GET /: what someone (or Moodle's cartridge check) sees outside a launch. */
export function landingRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    renderPage(res, 'landing', { title: 'landing.title', urls: toolUrls(deps.config.publicUrl) });
  });
  return router;
}
