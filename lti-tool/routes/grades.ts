import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { gradesForLeader } from '../services/grades';
import { gradeProgress, progressGradeSchema, resendScore } from '../services/grading';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { redirectDone } from './http/flash';
import { parseId } from '../services/form-fields';


/** Grading progress (staff, leaders) and the visible send state of every score. */
export function gradeRoutes(deps: AppDeps): Router {
  const router = Router();
  const services = { db: deps.db, lti: deps.lti };
  router.get('/grades', (_req, res, next) => {
    const launch = launchOf(res);
    gradesForLeader(deps.db, launch).then(
      (entries) => renderPage(res, 'grades/list', { title: 'grades.title', entries }),
      next,
    );
  });
  router.post('/grades', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = progressGradeSchema.safeParse(req.body);
    if (!parsed.success) {
      next(new AppError(422, 'grade_invalid', parsed.error.message));
      return;
    }
    gradeProgress(services, launch, parsed.data).then(() => redirectDone(res, `${launch.base}/grades`, 'grade_queued'), next);
  });
  router.post('/grades/:id/resend', (req, res, next) => {
    const launch = launchOf(res);
    resendScore(services, launch, parseId(req.params.id)).then(() => redirectDone(res, `${launch.base}/grades`, 'grade_resent'), next);
  });
  return router;
}
