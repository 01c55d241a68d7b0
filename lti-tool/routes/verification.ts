import { Router, type Request, type Response } from 'express';
import type { AppDeps } from './http/app-deps';
import { renderPage } from './http/render';
import { verificationLimiter } from './http/rate-limits';
import { languageFromAcceptHeader, languages, type Language } from '../i18n';
import { verificationJson, verificationOf, verificationPathOf } from '../services/certificates/verification';
import { badgeKeySetOf, issuerProfileOf } from '../services/certificates/badge';

/**
 * Outside any launch, for anyone holding a certificate's code: the public verification page and its JSON
 * (also the badges' status), and the badge issuer's profile and public keys. Nothing here needs a login,
 * and nothing here says more than the certificate itself does.
 */
export function verificationRouter(deps: AppDeps): Router {
  const router = Router();
  const { db, config } = deps;
  const limiter = verificationLimiter(deps.logger);
  // Verifiers fetch the keys on their own schedule: their allowance is not spent by code look-ups.
  const keyLimiter = verificationLimiter(deps.logger, 600);
  const asked = (req: Request): Language | undefined => (languages as readonly string[]).find((lang) => lang === req.query.lang) as Language | undefined;
  const publicHeaders = (res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    res.setHeader('Referrer-Policy', 'no-referrer');
  };

  router.get('/verify', limiter, (req, res) => {
    publicHeaders(res);
    const typed = typeof req.query.code === 'string' ? req.query.code : '';
    if (typed.trim()) {
      const lang = asked(req);
      res.redirect(303, `${verificationPathOf(typed)}${lang ? `?lang=${lang}` : ''}`);
      return;
    }
    res.locals.lang = asked(req) ?? languageFromAcceptHeader(req.get('accept-language'));
    renderPage(res, 'certificates/verify-form', { title: 'certificates.verify.title', typed: '' });
  });

  const answerJson = (res: Response, code: string) =>
    verificationOf(db, code).then((verification) => {
      publicHeaders(res);
      if (!verification) res.status(404).json({ code, status: 'unknown', error: 'no certificate with this code' });
      else res.json(verificationJson(verification, config.publicUrl));
    });

  router.get('/verify/:code.json', limiter, (req, res, next) => {
    answerJson(res, String(req.params.code)).catch(next);
  });

  router.get('/verify/:code', limiter, (req, res, next) => {
    const code = String(req.params.code);
    if (req.accepts(['html', 'json']) === 'json') {
      answerJson(res, code).catch(next);
      return;
    }
    verificationOf(db, code, asked(req))
      .then((verification) => {
        publicHeaders(res);
        if (!verification) {
          res.locals.lang = asked(req) ?? languageFromAcceptHeader(req.get('accept-language'));
          renderPage(res, 'certificates/verify-form', { title: 'certificates.verify.notFoundTitle', typed: code, notFound: true }, 404);
          return;
        }
        res.locals.lang = verification.language;
        renderPage(res, 'certificates/verify', { title: 'certificates.verify.title', verification, otherLanguages: languages.filter((lang) => lang !== verification.language) });
      })
      .catch(next);
  });

  router.get('/badges/issuer', keyLimiter, (_req, res, next) => {
    issuerProfileOf(config, 'Nätverk').then((profile) => {
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.json(profile);
    }, next);
  });

  router.get('/badges/keys', keyLimiter, (_req, res, next) => {
    badgeKeySetOf(config).then((keys) => {
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.json(keys);
    }, next);
  });
  return router;
}
