import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { rosterForLeader, syncRosterAsLeader } from '../services/roster';
import { peopleExtrasFor } from '../services/people';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { redirectDone } from './http/flash';

/** The participant list (NRPS) for leaders and staff; leaders can refresh it from the course. */
export function rosterRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/roster', (_req, res, next) => {
    const launch = launchOf(res);
    Promise.all([rosterForLeader(deps.db, launch), peopleExtrasFor(deps.db, launch)]).then(
      ([roster, people]) => renderPage(res, 'roster/list', { title: 'roster.title', roster, people }),
      next,
    );
  });
  router.post('/roster/sync', (_req, res, next) => {
    const launch = launchOf(res);
    syncRosterAsLeader({ db: deps.db, lti: deps.lti }, launch).then(() => redirectDone(res, `${launch.base}/roster`, 'roster_synced'), next);
  });
  return router;
}
