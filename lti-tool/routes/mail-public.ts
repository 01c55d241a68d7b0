import { Router, type Response } from 'express';
import type { AppDeps } from './http/app-deps';
import { renderPage } from './http/render';
import { mailLinkLimiter } from './http/rate-limits';
import { unsubscribe, unsubscribePageOf } from '../services/mail/preferences';
import { mailLanguageOf } from '../services/mail/render';

/**
 * The unsubscribe link of every mail, outside any launch: its token is the permission. GET only shows a
 * button (mail scanners open links); POST turns mail off, from the page or as RFC 8058's one-click POST.
 */
export function mailPublicRouter(deps: AppDeps): Router {
  const router = Router();
  const limiter = mailLinkLimiter(deps.logger);
  const show = async (res: Response, token: string, done: boolean) => {
    const page = await unsubscribePageOf(deps.db, token);
    res.locals.lang = mailLanguageOf(page.locale, page.networkLanguage);
    res.setHeader('Referrer-Policy', 'no-referrer');
    renderPage(res, 'mail/unsubscribe', { title: 'mail.unsubscribe.title', network: page.networkName, token, off: done || page.off });
  };
  router.get('/mail/unsubscribe/:token', limiter, (req, res, next) => {
    show(res, String(req.params.token), false).catch(next);
  });
  router.post('/mail/unsubscribe/:token', limiter, (req, res, next) => {
    unsubscribe(deps.db, String(req.params.token))
      .then(() => show(res, String(req.params.token), true))
      .catch(next);
  });
  return router;
}
