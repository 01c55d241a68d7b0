import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { gradesForLeader } from '../services/grades';
import { resendScore } from '../services/progress/resend';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { redirectDone } from './http/flash';
import { parseId } from '../services/form-fields';

/** The visible send state of every score queued for the platform's gradebook, and sending a failed one again. */
export function gradeRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/grades', (_req, res, next) => {
    const launch = launchOf(res);
    gradesForLeader(deps.db, launch).then(
      (entries) => renderPage(res, 'grades/list', { title: 'grades.title', entries }),
      next,
    );
  });
  router.post('/grades/:id/resend', (req, res, next) => {
    const launch = launchOf(res);
    resendScore({ db: deps.db }, launch, parseId(req.params.id)).then(() => redirectDone(res, `${launch.base}/grades`, 'grade_resent'), next);
  });
  return router;
}
