import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { gradebookFor, parseGradebookFilters } from '../services/gradebook/gradebook';
import { gradebookCsv } from '../services/gradebook/export-csv';
import { gradebookReportPdf } from '../services/gradebook/report';
import { rememberingSay } from '../services/gradebook/texts';
import { translator } from '../i18n';
import { attachmentHeader } from './http/downloads';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { authorize } from '../policies';

/** The gradebook (staff, leaders, school leaders for their own teachers), its CSV and the steering group's PDF report. */
export function gradebookRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;
  const { dataDir } = deps.config;

  router.get('/gradebook', (req, res, next) => {
    const launch = launchOf(res);
    // Moodle shows a placed "Gradebook" activity to the whole course: a participant who opens it lands on their own progress.
    if (!authorize(launch, 'gradebook.read') && authorize(launch, 'progress.readOwn')) {
      res.redirect(303, `${launch.base}/progress`);
      return;
    }
    Promise.resolve()
      .then(() => gradebookFor(db, dataDir, launch, parseGradebookFilters(req.query)))
      .then(
        (gradebook) => renderPage(res, 'gradebook/page', { title: 'gradebook.title', gradebook, say: rememberingSay(translator(launch.lang)), scripts: ['gradebook.js'] }),
        next,
      );
  });

  router.get('/gradebook.csv', (req, res, next) => {
    const launch = launchOf(res);
    Promise.resolve()
      .then(() => gradebookCsv(db, dataDir, launch, parseGradebookFilters(req.query)))
      .then((csv) => {
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', attachmentHeader(csv.fileName));
        res.setHeader('Cache-Control', 'private, no-store');
        res.send(csv.body);
      }, next);
  });

  router.get('/gradebook/report.pdf', (_req, res, next) => {
    gradebookReportPdf(db, dataDir, launchOf(res)).then((pdf) => {
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', attachmentHeader(pdf.fileName));
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(pdf.body);
    }, next);
  });
  return router;
}
