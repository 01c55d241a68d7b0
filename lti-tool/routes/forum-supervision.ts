import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { badRequest } from '../errors';
import { parseId } from '../services/form-fields';
import { openNextPhase, openPhaseSchema } from '../services/forums/supervision';
import { redirectDone } from './http/flash';
import { launchOf } from './http/session-context';

/** Peer supervision: the facilitator opens the next phase of a supervision thread (registered before the forum's own pages). */
export function supervisionRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;

  router.post('/forums/threads/:id/phase', (req, res, next) => {
    const launch = launchOf(res);
    const threadId = parseId(req.params.id);
    const parsed = openPhaseSchema.safeParse(req.body);
    if (!parsed.success) {
      next(badRequest('supervision_phase_unknown', 'expectedCurrent is not a phase'));
      return;
    }
    openNextPhase(db, launch, threadId, parsed.data.expectedCurrent).then(
      () => redirectDone(res, `${launch.base}/forums/threads/${threadId}`, 'supervision_phase_opened', 'phases'),
      next,
    );
  });

  return router;
}
