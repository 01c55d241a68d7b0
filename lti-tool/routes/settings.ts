import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { languages } from '../i18n';
import { networkSettingsSchema, saveSettings, settingsOf } from '../services/settings';
import { fieldErrors } from './http/forms';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { redirectDone } from './http/flash';

/** The leader's network settings: name, description, purpose and goals, audience, language, period. */
export function settingsRoutes(deps: AppDeps): Router {
  const router = Router();
  const show = (res: Parameters<Parameters<typeof router.get>[1]>[1], values: Record<string, unknown>, errors: Record<string, string>, status = 200) =>
    renderPage(res, 'settings/edit', { title: 'settings.title', values, errors, languages }, status);
  router.get('/settings', (_req, res, next) => {
    settingsOf(deps.db, launchOf(res)).then((network) => {
      renderPage(res, 'settings/edit', { title: 'settings.title', values: network, errors: {}, languages });
    }, next);
  });
  router.post('/settings', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = networkSettingsSchema.safeParse(req.body);
    if (!parsed.success) {
      settingsOf(deps.db, launch).then(() => show(res, req.body as Record<string, unknown>, fieldErrors(parsed.error, 'settings.errors'), 422), next);
      return;
    }
    saveSettings(deps.db, launch, parsed.data).then(() => redirectDone(res, `${launch.base}/settings`, 'settings_saved'), next);
  });
  return router;
}
