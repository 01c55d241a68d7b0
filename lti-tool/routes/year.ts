import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { assertAllowed, authorize } from '../policies';
import { timelineFor } from '../services/timeline';
import { assignmentsOfLaunch } from '../services/assignments';
import { loadYear, setUpYear, yearSetupSchema } from '../services/year';
import { templateChoices } from '../services/year-templates';
import { fieldErrors } from './http/forms';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { redirectDone } from './http/flash';

/** "?moved=4,5" after a set-up: the meetings a template moved out of the holidays; anything else is ignored. */
const movedQuery = z.object({ moved: z.string().regex(/^\d{1,3}(?:,\d{1,3}){0,49}$/).optional().catch(undefined) });

/** The year: everyone's timeline ("what's next"), and the leader's one-step set-up from a template. */
export function yearRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/year', (req, res, next) => {
    const launch = launchOf(res);
    const moved = movedQuery.parse(req.query).moved?.split(',').map(Number) ?? [];
    Promise.all([loadYear(deps.db, launch), assignmentsOfLaunch(deps.db, launch)])
      .then(([year, assignments]) => timelineFor(deps.db, year, launch.user.id, assignments))
      .then((timeline) => {
        renderPage(res, 'year/timeline', {
          title: 'year.title',
          timeline,
          canManage: authorize(launch, 'year.setUp'),
          answersMeetings: authorize(launch, 'meeting.respond'),
          movedMeetings: authorize(launch, 'year.setUp') ? timeline.year.meetings.filter((meeting) => moved.includes(meeting.number)).map((meeting) => meeting.number) : [],
        });
      }, next);
  });

  const showSetup = (res: Parameters<Parameters<typeof router.get>[1]>[1], values: Record<string, unknown>, errors: Record<string, string>, status = 200) => {
    const launch = launchOf(res);
    renderPage(res, 'year/setup', { title: 'year.setup.title', templates: templateChoices(launch.lang), values, errors }, status);
  };
  router.get('/year/setup', (_req, res, next) => {
    const launch = launchOf(res);
    assertAllowed(launch, 'year.setUp');
    loadYear(deps.db, launch).then((year) => {
      // A year that exists is edited meeting by meeting: the template form is not offered again.
      if (year.meetings.length) renderPage(res, 'year/set-up-already', { title: 'year.setupDone.title', meetings: year.meetings });
      else showSetup(res, { template: 'pilot-year', startDate: '', timeZone: 'Europe/Stockholm' }, {});
    }, next);
  });
  router.post('/year/setup', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = yearSetupSchema.safeParse(req.body);
    if (!parsed.success) {
      showSetup(res, req.body as Record<string, unknown>, fieldErrors(parsed.error, 'year.setup.errors'), 422);
      return;
    }
    setUpYear(deps.db, launch, parsed.data).then(
      ({ moved }) => redirectDone(res, `${launch.base}/year${moved.length ? `?moved=${moved.join(',')}` : ''}`, 'year_set_up'),
      (error: unknown) => {
        // A start date that lands a meeting in a clock change is the start date's fault: shown beside it.
        if (error instanceof AppError && error.status === 422) showSetup(res, req.body as Record<string, unknown>, { startDate: `errors.${error.code}.body` }, 422);
        else next(error);
      },
    );
  });
  return router;
}
