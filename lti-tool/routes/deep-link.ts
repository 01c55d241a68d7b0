import { Router } from 'express';
import type { AppDeps } from '../app';
import { translator } from '../i18n';
import {
  assertDeepLinkingLeader,
  buildDeepLinkResponse,
  contentItemsFor,
  deepLinkItemKinds,
  deepLinkSelectionSchema,
} from '../services/deep-linking';
import { renderPage } from './render';
import { launchOf } from './session-context';

export function deepLinkRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/deep-link', (_req, res) => {
    const launch = launchOf(res);
    assertDeepLinkingLeader(launch);
    renderPage(res, 'deep-link/choose', { title: 'deepLink.title', kinds: deepLinkItemKinds, values: { items: ['home'], progressMaximum: 100 }, errors: {} });
  });
  router.post('/deep-link', (req, res, next) => {
    const launch = launchOf(res);
    assertDeepLinkingLeader(launch);
    const parsed = deepLinkSelectionSchema.safeParse(req.body);
    if (!parsed.success) {
      const errors = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), `deepLink.errors.${String(issue.path[0])}`]));
      renderPage(res, 'deep-link/choose', { title: 'deepLink.title', kinds: deepLinkItemKinds, values: req.body, errors }, 422);
      return;
    }
    const t = translator(launch.lang);
    const titles = { home: t('deepLink.items.home.title'), progress: t('deepLink.items.progress.title') };
    const items = contentItemsFor(deps.config, parsed.data, titles);
    buildDeepLinkResponse(deps.lti, launch, items, t('deepLink.placed', { count: items.length })).then(
      ({ returnUrl, jwt }) => renderPage(res, 'deep-link/return', { title: 'deepLink.title', returnUrl, jwt }),
      next,
    );
  });
  return router;
}
