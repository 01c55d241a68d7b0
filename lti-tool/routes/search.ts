import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { searchNetwork } from '../services/search';

/** A repeated or odd parameter is read as no query / the first page rather than refused: it came from a link. */
const searchQuery = z.object({
  q: z.string().catch(''),
  page: z.coerce.number().int().positive().catch(1),
});

/** In a launch: search across what the person may read. */
export function searchRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/search', (req, res, next) => {
    const { q, page } = searchQuery.parse({ q: req.query.q ?? '', page: req.query.page ?? 1 });
    searchNetwork(deps.db, launchOf(res), { query: q, page }).then(
      (search) => renderPage(res, 'search/results', { title: 'search.title', search, errors: search.problem ? { q: `errors.${search.problem}.body` } : {} }, search.problem ? 422 : 200),
      next,
    );
  });
  return router;
}
