import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { translator } from '../i18n';
import { buildDeepLinkResponse, chosenItems, contentItemsFor, deepLinkPage, deepLinkSelectionSchema } from '../services/deep-linking';
import { fieldErrors } from './http/forms';
import { renderPage } from './http/render';
import { allowFormActionTo, originOf } from './http/form-action';
import { launchOf } from './http/session-context';

export function deepLinkRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/deep-link', (_req, res, next) => {
    const launch = launchOf(res);
    deepLinkPage(deps, launch, translator(launch.lang)).then(
      ({ choices, suggested }) => renderPage(res, 'deep-link/choose', { title: 'deepLink.title', choices, values: { items: suggested, progressMaximum: 100 }, errors: {} }),
      next,
    );
  });
  router.post('/deep-link', (req, res, next) => {
    const launch = launchOf(res);
    const t = translator(launch.lang);
    deepLinkPage(deps, launch, t)
      .then(async ({ choices }) => {
        const parsed = deepLinkSelectionSchema.safeParse(req.body);
        if (!parsed.success) {
          renderPage(res, 'deep-link/choose', { title: 'deepLink.title', choices, values: req.body, errors: fieldErrors(parsed.error, 'deepLink.errors') }, 422);
          return;
        }
        const items = contentItemsFor(deps.config, chosenItems(choices, parsed.data), parsed.data.progressMaximum);
        const { returnUrl, jwt } = await buildDeepLinkResponse(deps.lti, launch, items, t('deepLink.placed', { count: items.length }));
        allowFormActionTo(res, originOf(returnUrl));
        renderPage(res, 'deep-link/return', { title: 'deepLink.title', returnUrl, jwt });
      })
      .catch(next);
  });
  return router;
}
