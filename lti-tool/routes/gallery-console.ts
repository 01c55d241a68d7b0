import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { parseId } from '../services/form-fields';
import { applyWalkClock, clockActions, ClockRefusal, walkState, walkStateJson } from '../services/gallery/walk-run';
import { redirectDone } from './http/flash';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

const clockSchema = z.object({ action: z.enum(clockActions) });

/** The facilitator's console (the round clock) and the room's big screen, with the small state both re-fetch on a live event. */
export function galleryConsoleRoutes(deps: AppDeps): Router {
  const router = Router();
  const db = deps.db;

  async function showConsole(res: Response, walkId: number, refusal: string | null = null) {
    const state = await walkState(db, launchOf(res), walkId);
    renderPage(res, 'gallery/console', { titleText: state.walk.title, ...state, refusal, scripts: ['js/gallery-clock.js'] }, refusal ? 409 : 200);
  }

  router.get('/gallery/:walkId/console', (req, res, next) => {
    showConsole(res, parseId(req.params.walkId)).catch(next);
  });

  router.post('/gallery/:walkId/clock', (req, res, next) => {
    const launch = launchOf(res);
    const walkId = parseId(req.params.walkId);
    const { action } = clockSchema.parse(req.body);
    applyWalkClock(db, launch, walkId, action).then(
      () => redirectDone(res, `${launch.base}/gallery/${walkId}/console`, 'gallery_clock_changed', 'clock'),
      (error: unknown) => (error instanceof ClockRefusal ? showConsole(res, walkId, error.reason).catch(next) : next(error)),
    );
  });

  router.get('/gallery/:walkId/screen', (req, res, next) => {
    walkState(db, launchOf(res), parseId(req.params.walkId)).then((state) => {
      // The room's projector shows the walk, not the tool's menus: the whole width for the room to read.
      renderPage(res, 'gallery/screen', { titleText: state.walk.title, ...state, projector: true, scripts: ['js/gallery-clock.js'] });
    }, next);
  });

  router.get('/gallery/:walkId/state.json', (req, res, next) => {
    walkState(db, launchOf(res), parseId(req.params.walkId)).then((state) => {
      res.setHeader('Cache-Control', 'no-store');
      res.json(walkStateJson(state));
    }, next);
  });
  return router;
}
