import { Router } from 'express';
import type { AppDeps } from '../app';
import type { FrameAncestors } from '../lti/frame-ancestors';
import { registerDynamically } from '../services/registration';
import { renderPage } from './render';

/** GET /register: the URL an administrator pastes into Moodle ("Add LTI Advantage"). */
export function registrationRouter(deps: AppDeps, frameAncestors: FrameAncestors): Router {
  const router = Router();
  router.get('/register', (req, res, next) => {
    registerDynamically({ ...deps, onChange: () => frameAncestors.refresh() }, req.query).then((platform) => {
      // Moodle shows this page in its own iframe; the registration dialog waits for it.
      res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors *");
      renderPage(res, 'registration/done', { title: 'registration.done.title', platform });
    }, next);
  });
  return router;
}
