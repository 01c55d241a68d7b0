import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { parseId } from '../services/form-fields';
import { comparePage } from '../services/evaluations/compare-page';
import { liveResults, resultsPage } from '../services/evaluations/results-page';
import { openEvaluationStream, screenPage } from '../services/evaluations/screen';
import { selfAssessmentEntry, selfAssessmentPage } from '../services/evaluations/self-assessment';
import { slidePage } from '../services/evaluations/slide';
import { translator } from '../i18n';
import { openEventStream } from './http/sse';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

const resultsQuery = z.object({ school: z.literal('all').optional().catch(undefined) });
/** Without JavaScript the big screen reloads itself this often; with it, the live stream keeps it current and nothing reloads. */
const screenRefreshSeconds = 30;

/** Results that come back to the room: the results page, the big screen with its live stream, the slide, comparisons, self-assessment. */
export function evaluationResultRoutes(deps: AppDeps): Router {
  const router = Router();
  const db = deps.db;

  router.get('/evaluations/compare', (req, res, next) => {
    const launch = launchOf(res);
    comparePage(db, launch, launch.lang).then((page) => renderPage(res, 'evaluations/compare', { title: 'evaluationResults.compare.title', ...page }), next);
  });

  router.get('/evaluations/self-assessment', (req, res, next) => {
    const launch = launchOf(res);
    (async () => {
      // Leaders and staff choose a participant; a participant reads their own.
      const entry = await selfAssessmentEntry(db, launch, deps.config.dataDir);
      if (entry.participants) renderPage(res, 'evaluations/self-assessment-list', { title: 'evaluationResults.self.title', participants: entry.participants });
      else await renderSelf(res, launch.user.id);
    })().catch(next);
  });

  router.get('/evaluations/self-assessment/:userId(\\d+)', (req, res, next) => {
    renderSelf(res, parseId(req.params.userId)).catch(next);
  });

  async function renderSelf(res: Response, userId: number) {
    const launch = launchOf(res);
    const page = await selfAssessmentPage(db, launch, userId, launch.lang, deps.config.dataDir);
    renderPage(res, 'evaluations/self-assessment', { title: 'evaluationResults.self.title', ...page });
  }

  router.get('/evaluations/:formId(\\d+)/results', (req, res, next) => {
    const launch = launchOf(res);
    const bySchool = resultsQuery.parse(req.query).school === 'all';
    resultsPage(db, launch, parseId(req.params.formId), launch.lang, { bySchool }).then((page) => renderPage(res, 'evaluations/results', { titleText: page.form.title, ...page }), next);
  });

  router.get('/evaluations/:formId(\\d+)/screen', (req, res, next) => {
    const launch = launchOf(res);
    screenPage(db, launch, parseId(req.params.formId), launch.lang, deps.config.publicUrl).then(
      (page) => renderPage(res, 'evaluations/screen', { titleText: page.form.title, ...page, projector: true, refreshWithoutScript: screenRefreshSeconds, scripts: ['evaluation-live.js'] }),
      next,
    );
  });

  router.get('/evaluations/:formId(\\d+)/live', (req, res, next) => {
    const launch = launchOf(res);
    liveResults(db, launch, parseId(req.params.formId), launch.lang).then((page) => {
      res.setHeader('Cache-Control', 'no-store');
      res.render('evaluations/_live', { ...page, t: translator(launch.lang), lang: launch.lang, launch }, (error: Error | null, html?: string) => (error ? next(error) : res.type('html').send(html)));
    }, next);
  });

  router.get('/evaluations/:formId(\\d+)/stream', (req, res, next) => {
    const launch = launchOf(res);
    openEvaluationStream(db, launch, parseId(req.params.formId)).then((stream) => openEventStream(req, res, deps.live, { ...stream, userId: launch.user.id }), next);
  });

  router.get('/evaluations/:formId(\\d+)/slide', (req, res, next) => {
    const launch = launchOf(res);
    slidePage(db, launch, parseId(req.params.formId), launch.lang).then((page) => renderPage(res, 'evaluations/slide', { titleText: page.heading, ...page, projector: true }), next);
  });

  return router;
}
