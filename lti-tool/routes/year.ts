import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { assertAllowed, authorize } from '../policies';
import { timelineFor } from '../services/timeline';
import { assignmentsOfLaunch } from '../services/assignments';
import { loadYear, setUpYear, yearSetupSchema } from '../services/year';
import { templateChoices } from '../services/year-templates';
import { formatterFor } from './http/format';
import { fieldErrors } from './http/forms';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

/** The year: everyone's timeline ("what's next"), and the leader's one-step set-up from a template. */
export function yearRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/year', (_req, res, next) => {
    const launch = launchOf(res);
    Promise.all([loadYear(deps.db, launch), assignmentsOfLaunch(deps.db, launch)])
      .then(([year, assignments]) => timelineFor(deps.db, year, launch.user.id, assignments))
      .then((timeline) => {
        renderPage(res, 'year/timeline', {
          title: 'year.title',
          timeline,
          canManage: authorize(launch, 'year.setUp'),
          fmt: formatterFor(launch.lang, timeline.year.network.timeZone),
        });
      }, next);
  });

  const showSetup = (res: Parameters<Parameters<typeof router.get>[1]>[1], values: Record<string, unknown>, errors: Record<string, string>, status = 200) => {
    const launch = launchOf(res);
    renderPage(res, 'year/setup', { title: 'year.setup.title', templates: templateChoices(launch.lang), values, errors }, status);
  };
  router.get('/year/setup', (_req, res) => {
    assertAllowed(launchOf(res), 'year.setUp');
    showSetup(res, { template: 'pilot-year', startDate: '', timeZone: 'Europe/Stockholm' }, {});
  });
  router.post('/year/setup', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = yearSetupSchema.safeParse(req.body);
    if (!parsed.success) {
      showSetup(res, req.body as Record<string, unknown>, fieldErrors(parsed.error, 'year.setup.errors'), 422);
      return;
    }
    setUpYear(deps.db, launch, parsed.data).then(
      () => res.redirect(303, `${launch.base}/year`),
      (error: unknown) => {
        // A start date that lands a meeting in a clock change is the start date's fault: shown beside it.
        if (error instanceof AppError && error.status === 422) showSetup(res, req.body as Record<string, unknown>, { startDate: `errors.${error.code}.body` }, 422);
        else next(error);
      },
    );
  });
  return router;
}
