import { Router } from 'express';
import cookieParser from 'cookie-parser';
import type { AppDeps } from './http/app-deps';
import { parseId } from '../services/form-fields';
import { phoneSessionForForm } from '../services/evaluations/public-entry';
import { phoneHandlesOf } from './http/phone-cookie';
import { renderPage } from './http/render';

/**
 * The big screen's QR code, outside any launch: a phone with a live session of the form's course goes to the form
 * as its person; anyone else is told, in the browser's language, how to open it as themselves.
 */
export function evaluatePublicRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/evaluate/:formId(\\d+)', cookieParser(), (req, res, next) => {
    const formId = parseId(req.params.formId);
    phoneSessionForForm(deps.db, formId, phoneHandlesOf(req.cookies as Record<string, unknown>)).then((handle) => {
      // Never cached: the answer depends on the phone's cookies and on sessions that end.
      res.set('Cache-Control', 'no-store');
      if (handle) res.redirect(303, `/l/${handle}/evaluations/${formId}`);
      else renderPage(res, 'evaluations/public', { title: 'evaluationAnswers.public.title' });
    }, next);
  });
  return router;
}
