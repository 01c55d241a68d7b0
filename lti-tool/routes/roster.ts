import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { rosterForLeader, syncRosterAsLeader } from '../services/roster';
import { peopleExtrasFor } from '../services/people';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

/** The participant list (NRPS) for leaders and staff; leaders can refresh it from the course. */
export function rosterRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/roster', (req, res, next) => {
    const launch = launchOf(res);
    Promise.all([rosterForLeader(deps.db, launch), peopleExtrasFor(deps.db, launch)]).then(
      ([roster, people]) => renderPage(res, 'roster/list', { title: 'roster.title', roster, people, synced: req.query.synced === '1', saved: req.query.saved === '1' }),
      next,
    );
  });
  router.post('/roster/sync', (_req, res, next) => {
    const launch = launchOf(res);
    syncRosterAsLeader({ db: deps.db, lti: deps.lti }, launch).then(() => res.redirect(303, `${launch.base}/roster?synced=1`), next);
  });
  return router;
}
