import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { authorize } from '../policies';
import { attachDocument, documentFormSchema, documentMaxBytes, openDocument, publishDocument, removeDocument } from '../services/documents';
import { sendStoredFile } from './http/downloads';
import { fieldErrors } from './http/forms';
import { showMeetingPage } from './pages/meeting';
import { launchOf } from './http/session-context';
import { redirectDone } from './http/flash';
import { uploadErrorOf, uploadOf, type UploadTarget } from './http/uploads';
import { parseId } from '../services/form-fields';


export const documentUploadTarget: UploadTarget = {
  path: /^\/meetings\/\d+\/documents$/,
  mayUpload: (launch) => authorize(launch, 'document.manage'),
  maxBytes: () => documentMaxBytes,
};

/** A refused file is explained next to the upload field; the page and everything saved stay as they were. */
const fileFieldError = (error: AppError) => ({ file: `errors.${error.code}.body` });

/** A meeting's documents: leaders upload, publish and remove; members of the network download. */
export function documentRoutes(deps: AppDeps): Router {
  const router = Router();

  router.post('/meetings/:id/documents', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const upload = uploadOf(req);
    const parsed = documentFormSchema.safeParse(req.body);
    const refusedBeforehand = uploadErrorOf(res);
    const showForm = (errors: Record<string, string>) => showMeetingPage(deps, res, id, { errors, values: req.body }, 422);
    if (refusedBeforehand || !upload || !parsed.success) {
      const errors = {
        ...(parsed.success ? {} : fieldErrors(parsed.error, 'documents.errors')),
        ...(refusedBeforehand ? fileFieldError(refusedBeforehand) : upload ? {} : { file: 'documents.errors.file' }),
      };
      Promise.resolve(upload && deps.files.discard(upload.tempPath))
        .then(() => showForm(errors))
        .catch(next);
      return;
    }
    attachDocument(deps, launch, id, parsed.data, upload).then(
      () => redirectDone(res, `${launch.base}/meetings/${id}`, 'document_added', 'documents'),
      (error: unknown) => {
        if (error instanceof AppError && error.code.startsWith('file_')) showForm(fileFieldError(error)).catch(next);
        else next(error);
      },
    );
  });

  router.post('/meetings/:id/documents/:documentId/publish', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    publishDocument(deps.db, launch, id, parseId(req.params.documentId)).then(() => redirectDone(res, `${launch.base}/meetings/${id}`, 'document_published', 'documents'), next);
  });

  router.post('/meetings/:id/documents/:documentId/delete', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    removeDocument(deps, launch, id, parseId(req.params.documentId)).then(() => redirectDone(res, `${launch.base}/meetings/${id}`, 'document_removed', 'documents'), next);
  });

  router.get('/meetings/:id/documents/:documentId', (req, res, next) => {
    const launch = launchOf(res);
    openDocument(deps, launch, parseId(req.params.id), parseId(req.params.documentId)).then(
      ({ document, content }) => sendStoredFile(res, { type: document.mimeType, size: document.size, name: document.originalName }, content, next),
      next,
    );
  });

  return router;
}
