import { Router, type Request, type Response } from 'express';
import type { AppDeps } from './http/app-deps';
import type { Db } from '../db';
import { AppError } from '../errors';
import { translator } from '../i18n';
import { authorize } from '../policies';
import {
  confirmConversationAsSchoolLeader,
  conversationSchema,
  openOriginal,
  openSlideImage,
  recordConversation,
  submitFinal,
  uploadVersion,
  uploadLimitFor,
  viewableSubmission,
  withdrawSubmission,
} from '../services/submissions';
import { sendStoredFile } from './http/downloads';
import { showAssignmentPage } from './pages/assignment';
import { fieldErrors } from './http/forms';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { doneAt, redirectDone, type Confirmation } from './http/flash';
import { uploadErrorOf, uploadOf, type UploadTarget } from './http/uploads';
import { parseId, recordId } from '../services/form-fields';


export const submissionUploadTarget = (db: Db): UploadTarget => ({
  path: /^\/assignments\/\d+\/submission$/,
  mayUpload: (launch) => authorize(launch, 'submission.create'),
  // The assignment's own limit; an id that is not the network's gets the smallest, and the service refuses it.
  async maxBytes(launch, req) {
    const id = recordId.safeParse(/^\/assignments\/(\d+)\//.exec(req.path)?.[1]);
    return id.success ? uploadLimitFor(db, launch, id.data) : 1;
  },
});

/** Why a file was not taken: told next to the upload field, not on an error page. */
const isFileRefusal = (error: AppError) => error.code.startsWith('file_') || error.code === 'legacy_ppt_unavailable';

/** The upload page's script asks for JSON, to show progress and then the processing state without leaving the page. */
const wantsJson = (req: Request) => req.get('accept')?.includes('application/json') ?? false;

/** Submitting presentations, reading them in the viewer, and the school leader's part of assignment A. */
export function submissionRoutes(deps: AppDeps): Router {
  const router = Router();

  router.post('/assignments/:id/submission', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const upload = uploadOf(req);
    const refused = uploadErrorOf(res);
    const t = translator(launch.lang);
    const fail = (error: AppError) => {
      const key = isFileRefusal(error) ? `errors.${error.code}.body` : 'assignments.errors.file';
      if (wantsJson(req)) res.status(422).json({ error: t(key) });
      else showAssignmentPage(deps, res, id, { errors: { file: key } }, 422).catch(next);
    };
    if (refused || !upload) {
      Promise.resolve(upload && deps.files.discard(upload.tempPath)).then(() => fail(refused ?? new AppError(422, 'file_missing')), next);
      return;
    }
    uploadVersion(deps, launch, id, upload).then(
      () => {
        const target = doneAt(`${launch.base}/assignments/${id}`, 'upload_saved', 'submission');
        if (wantsJson(req)) res.json({ redirect: target });
        else res.redirect(303, target);
      },
      (error: unknown) => {
        if (error instanceof AppError && isFileRefusal(error)) fail(error);
        else next(error);
      },
    );
  });

  const action = (done: Confirmation, work: (launchId: ReturnType<typeof launchOf>, id: number) => Promise<void>) => (req: Request, res: Response, next: (error?: unknown) => void) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    work(launch, id).then(
      () => redirectDone(res, `${launch.base}/assignments/${id}`, done, 'submission'),
      (error: unknown) => {
        if (error instanceof AppError && error.status === 422) showAssignmentPage(deps, res, id, { errors: { submission: `errors.${error.code}.body` } }, 422).catch(next);
        else next(error);
      },
    );
  };
  router.post('/assignments/:id/final', action('final_submitted', (launch, id) => submitFinal(deps.db, launch, id)));
  router.post('/assignments/:id/withdraw', action('withdrawn', (launch, id) => withdrawSubmission(deps.db, launch, id)));

  router.post('/assignments/:id/conversation', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const parsed = conversationSchema.safeParse(req.body);
    if (!parsed.success) {
      showAssignmentPage(deps, res, id, { errors: fieldErrors(parsed.error, 'assignments.errors'), values: req.body as Record<string, unknown> }, 422).catch(next);
      return;
    }
    recordConversation(deps.db, launch, id, parsed.data).then(() => redirectDone(res, `${launch.base}/assignments/${id}`, 'conversation_recorded', 'conversation'), next);
  });

  router.post('/assignments/:id/conversations/:conversationId/confirm', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    confirmConversationAsSchoolLeader(deps.db, launch, id, parseId(req.params.conversationId)).then(
      () => redirectDone(res, `${launch.base}/assignments/${id}`, 'conversation_confirmed', 'conversation'),
      next,
    );
  });

  router.get('/assignments/:id/submissions/:submissionId', (req, res, next) => {
    const launch = launchOf(res);
    const version = req.query.version === undefined ? undefined : parseId(req.query.version);
    viewableSubmission(deps.db, launch, parseId(req.params.id), parseId(req.params.submissionId), version)
      .then((viewable) => renderPage(res, 'assignments/viewer', { titleText: viewable.assignment.title, scripts: ['slide-viewer.js', 'render-state.js'], ...viewable }))
      .catch(next);
  });

  router.get('/assignments/:id/submissions/:submissionId/versions/:versionId/state', (req, res, next) => {
    const launch = launchOf(res);
    viewableSubmission(deps.db, launch, parseId(req.params.id), parseId(req.params.submissionId), parseId(req.params.versionId)).then(
      ({ version }) => res.json({ state: version.renderState, slides: version.slideImages.length }),
      next,
    );
  });

  router.get('/assignments/:id/submissions/:submissionId/versions/:versionId/original', (req, res, next) => {
    const launch = launchOf(res);
    openOriginal(deps, launch, parseId(req.params.id), parseId(req.params.submissionId), parseId(req.params.versionId)).then(
      ({ version, content }) => sendStoredFile(res, { type: version.mimeType, size: version.size, name: version.originalName }, content, next),
      next,
    );
  });

  router.get('/assignments/:id/submissions/:submissionId/versions/:versionId/slides/:slide.png', (req, res, next) => {
    const launch = launchOf(res);
    openSlideImage(deps, launch, parseId(req.params.id), parseId(req.params.submissionId), parseId(req.params.versionId), parseId(req.params.slide)).then(
      (content) => sendStoredFile(res, { type: 'image/png' }, content, next),
      next,
    );
  });

  return router;
}
