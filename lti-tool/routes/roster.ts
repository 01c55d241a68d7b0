import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { rosterForLeader, syncRosterAsLeader } from '../services/roster';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

/** The participant list (NRPS) for leaders and staff; leaders can refresh it from the course. */
export function rosterRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/roster', (req, res, next) => {
    const launch = launchOf(res);
    rosterForLeader(deps.db, launch).then(
      (roster) => renderPage(res, 'roster/list', { title: 'roster.title', roster, synced: req.query.synced === '1' }),
      next,
    );
  });
  router.post('/roster/sync', (_req, res, next) => {
    const launch = launchOf(res);
    syncRosterAsLeader({ db: deps.db, lti: deps.lti }, launch).then(() => res.redirect(303, `${launch.base}/roster?synced=1`), next);
  });
  return router;
}
