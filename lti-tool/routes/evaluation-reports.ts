import { Router, type Response } from 'express';
import type { AppDeps } from './http/app-deps';
import { attachmentHeader } from './http/downloads';
import { launchOf } from './http/session-context';
import { formResultsCsv } from '../services/evaluations/export-csv';
import { formReportPdf, yearReportPdf } from '../services/evaluations/reports';
import { parseId } from '../services/form-fields';

function sendDownload(res: Response, type: string, file: { fileName: string; body: Buffer | string }): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', attachmentHeader(file.fileName));
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(file.body);
}

/** The evaluations' reports for leaders and staff: a form's PDF and CSV, and the year's PDF for the steering group. */
export function evaluationReportRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;

  router.get('/evaluations/report.pdf', (_req, res, next) => {
    const launch = launchOf(res);
    yearReportPdf(db, launch, launch.lang).then((pdf) => sendDownload(res, 'application/pdf', pdf), next);
  });

  router.get('/evaluations/:formId(\\d+)/report.pdf', (req, res, next) => {
    const launch = launchOf(res);
    Promise.resolve()
      .then(() => formReportPdf(db, launch, parseId(req.params.formId), launch.lang))
      .then((pdf) => sendDownload(res, 'application/pdf', pdf), next);
  });

  router.get('/evaluations/:formId(\\d+)/results.csv', (req, res, next) => {
    const launch = launchOf(res);
    Promise.resolve()
      .then(() => formResultsCsv(db, launch, parseId(req.params.formId), launch.lang))
      .then((csv) => sendDownload(res, 'text/csv; charset=utf-8', csv), next);
  });
  return router;
}
