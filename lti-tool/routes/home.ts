import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { homeFor } from '../services/home';
import type { ToolRole } from '../lti/roles';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

const homeViews: Record<ToolRole | 'guest', string> = {
  leader: 'home/leader',
  admin: 'home/leader',
  staff: 'home/staff',
  participant: 'home/member',
  mentor: 'home/member',
  guest: 'home/member',
};

export function homeRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/', (_req, res, next) => {
    const launch = launchOf(res);
    homeFor(deps.db, launch, new Date(), { dataDir: deps.config.dataDir }).then((home) => {
      const view = home.kind === 'network' ? homeViews[launch.role] : `home/${home.kind}`;
      renderPage(
        res,
        view,
        home.kind === 'network'
          ? { titleText: home.networkName, home }
          : { title: `home.${home.kind}.title`, home },
      );
    }, next);
  });
  return router;
}
