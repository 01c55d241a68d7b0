import { Router, type Request, type Response, type NextFunction } from 'express';
import type { AppDeps } from './http/app-deps';
import type { FrameAncestors } from '../lti/frame-ancestors';
import { registerDynamically } from '../services/registration';
import { registrationLimiter } from './http/rate-limits';
import { renderPage } from './http/render';

/**
 * GET /register/<link token> (minted in /admin) and GET /register (pending only): the URL an administrator
 * pastes into Moodle ("Add LTI Advantage"); Moodle appends openid_configuration and registration_token.
 */
export function registrationRouter(deps: AppDeps, frameAncestors: FrameAncestors): Router {
  const router = Router();
  const registrationDeps = { ...deps, onChange: () => frameAncestors.refresh() };
  const register = (linkToken: string | undefined) => (req: Request, res: Response, next: NextFunction) => {
    // Moodle shows this page, or the failure page, in its own dialog's iframe, whichever platform it is.
    res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors *");
    registerDynamically(registrationDeps, req.query, linkToken).then((platform) => {
      renderPage(res, 'registration/done', { title: 'registration.done.title', platform });
    }, next);
  };
  const limiter = registrationLimiter(deps.logger, deps.config.registrationRateLimit);
  router.get('/register', limiter, register(undefined));
  router.get('/register/:token', limiter, (req, res, next) => register(req.params.token)(req, res, next));
  return router;
}
