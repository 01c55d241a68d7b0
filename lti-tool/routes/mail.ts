import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { redirectDone } from './http/flash';
import { fieldErrors } from './http/forms';
import { parseId } from '../services/form-fields';
import { mailOutboxOf, mailPreferencesSchema, mailSettingsOf, retryMail, saveMailSettings } from '../services/mail/preferences';

/** In a launch: each person's mail settings, and the network's outbox for leaders. */
export function mailRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/mail', (_req, res, next) => {
    mailSettingsOf(deps.db, deps.config, launchOf(res)).then((settings) => renderPage(res, 'mail/settings', { title: 'mail.title', settings, errors: {} }), next);
  });
  router.post('/mail', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = mailPreferencesSchema.safeParse(req.body);
    if (!parsed.success) {
      mailSettingsOf(deps.db, deps.config, launch).then(
        (settings) => renderPage(res, 'mail/settings', { title: 'mail.title', settings, errors: fieldErrors(parsed.error, 'mail.errors') }, 422),
        next,
      );
      return;
    }
    saveMailSettings(deps.db, launch, parsed.data).then(() => redirectDone(res, `${launch.base}/mail`, 'mail_preferences_saved'), next);
  });
  router.get('/mail/outbox', (_req, res, next) => {
    mailOutboxOf(deps.db, deps.config, launchOf(res)).then((outbox) => renderPage(res, 'mail/outbox', { title: 'mail.outbox.title', outbox }), next);
  });
  router.post('/mail/outbox/:id/retry', (req, res, next) => {
    const launch = launchOf(res);
    retryMail(deps.db, launch, parseId(req.params.id)).then(() => redirectDone(res, `${launch.base}/mail/outbox`, 'mail_retry_queued'), next);
  });
  return router;
}
