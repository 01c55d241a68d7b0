import { Router, type Response } from 'express';
import type { AppDeps } from './http/app-deps';
import { attachmentHeader } from './http/downloads';
import { redirectDone } from './http/flash';
import { fieldErrors } from './http/forms';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { parseId } from '../services/form-fields';
import { issueAllComplete, issueCertificate, revokeCertificate } from '../services/certificates/issue';
import { certificateBadge, certificatePdf, certificatesOverview, mayIssueCertificates, myCertificates } from '../services/certificates/read';
import { issueSchema, revokeSchema } from '../services/certificates/forms';

/** In a launch: leaders issue and revoke certificates; participants download their own, as PDF or Open Badge. */
export function certificateRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;

  const showList = (res: Response, extra: Record<string, unknown> = {}, status = 200) =>
    certificatesOverview(db, launchOf(res)).then((overview) => renderPage(res, 'certificates/list', { title: 'certificates.title', overview, refusal: null, errors: {}, revoking: null, ...extra }, status));

  router.get('/certificates', (_req, res, next) => {
    const launch = launchOf(res);
    if (!mayIssueCertificates(launch)) {
      res.redirect(303, `${launch.base}/certificates/mine`);
      return;
    }
    showList(res).catch(next);
  });

  router.get('/certificates/mine', (_req, res, next) => {
    myCertificates(db, launchOf(res)).then((certificates) => renderPage(res, 'certificates/mine', { title: 'certificates.mine.title', certificates }), next);
  });

  router.post('/certificates/issue', (req, res, next) => {
    const launch = launchOf(res);
    const { userId } = issueSchema.parse(req.body);
    issueCertificate(db, launch, userId)
      .then((outcome) => {
        if (outcome.kind === 'issued') return redirectDone(res, `${launch.base}/certificates`, 'certificate_issued', `participant-${userId}`);
        return showList(res, { refusal: outcome }, outcome.kind === 'exists' ? 409 : 422);
      })
      .catch(next);
  });

  router.post('/certificates/issue-all', (_req, res, next) => {
    const launch = launchOf(res);
    issueAllComplete(db, launch).then(() => redirectDone(res, `${launch.base}/certificates`, 'certificate_issued'), next);
  });

  router.post('/certificates/:id/revoke', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const parsed = revokeSchema.safeParse(req.body);
    if (!parsed.success) {
      showList(res, { errors: fieldErrors(parsed.error, 'certificates.errors'), revoking: id }, 422).catch(next);
      return;
    }
    revokeCertificate(db, launch, id, parsed.data.reason).then(() => redirectDone(res, `${launch.base}/certificates`, 'certificate_revoked'), next);
  });

  router.get('/certificates/:id/pdf', (req, res, next) => {
    certificatePdf(db, launchOf(res), parseId(req.params.id), deps.config.publicUrl).then(({ pdf, fileName }) => {
      send(res, 'application/pdf', fileName, pdf);
    }, next);
  });

  router.get('/certificates/:id/badge', (req, res, next) => {
    certificateBadge(db, launchOf(res), parseId(req.params.id), deps.config).then(({ jwt, fileName }) => {
      send(res, 'application/vc+jwt', fileName, jwt);
    }, next);
  });
  return router;
}

function send(res: Response, type: string, fileName: string, body: Buffer | string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', attachmentHeader(fileName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(body);
}
