import type { Request, RequestHandler, Response } from 'express';
import multer, { MulterError, type StorageEngine } from 'multer';
import { AppError } from '../../errors';
import type { FileStore, ReceivedUpload } from '../../files/file-store';
import { csrfTokenMatches, launchOf, type LaunchContext } from './session-context';

/** A route that takes one file in the form field `file`: who may send one, and its size limit. */
export interface UploadTarget {
  path: RegExp;
  /** Checked before a byte is written; the route's service checks again with everything it knows. */
  mayUpload(launch: LaunchContext): boolean;
  maxBytes(launch: LaunchContext, req: Request): number | Promise<number>;
}

interface StoredFile {
  path: string;
  size: number;
  sha256: string;
}

/**
 * Parses multipart forms for the upload routes only, before the session's CSRF check. The file streams into
 * the store's holding area, and only after the form's `_csrf` field (which comes first) has matched: a
 * cross-site form cannot make us write a byte. A refused file (too large) does not end the request: the
 * route gets `res.locals.uploadError` and shows the form again with the reason, keeping the other fields.
 */
export function uploadParser(files: FileStore, targets: UploadTarget[]): RequestHandler {
  const storage: StorageEngine = {
    _handleFile(req, file, done) {
      const res = req.res!;
      const launch = launchOf(res);
      const target = targets.find((candidate) => candidate.path.test(req.path));
      if (!target || !csrfTokenMatches(launch.csrfToken, (req.body as { _csrf?: unknown })._csrf)) {
        file.stream.resume();
        done(new AppError(403, 'forbidden', 'upload without a matching csrf token before the file'));
        return;
      }
      if (!target.mayUpload(launch)) {
        file.stream.resume();
        done(new AppError(403, 'forbidden', `${launch.role} may not upload to ${req.path}`));
        return;
      }
      Promise.resolve(target.maxBytes(launch, req))
        .then((maxBytes) => files.receive(file.stream, maxBytes))
        .then((received) => done(null, { path: received.tempPath, size: received.size, sha256: received.sha256 } as StoredFile), done);
    },
    _removeFile(_req, file, done) {
      files.discard(file.path).then(() => done(null), done);
    },
  };
  // Browsers send file names as UTF-8 (Swedish names keep their å, ä and ö).
  const parse = multer({ storage, defParamCharset: 'utf8', limits: { files: 1, fields: 30, fieldSize: 20_000, parts: 32 } }).single('file');
  return (req, res, next) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) {
      next();
      return;
    }
    if (!targets.some((target) => target.path.test(req.path))) {
      next(new AppError(415, 'bad_request', `multipart form to ${req.path}`));
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (error instanceof AppError && error.code.startsWith('file_')) {
        res.locals.uploadError = error;
        next();
      } else if (error instanceof MulterError) {
        next(new AppError(400, 'bad_request', `${error.code} ${error.field ?? ''}`));
      } else if (isMalformedMultipart(error)) {
        next(new AppError(400, 'bad_request', `malformed multipart form: ${(error as Error).message}`));
      } else {
        next(error);
      }
    });
  };
}

/**
 * Busboy's own errors (no boundary, a broken part header, a form cut short) are plain Errors: the client
 * sent a form we cannot read. Our errors are AppErrors, and the file store's are system errors (with a syscall).
 */
function isMalformedMultipart(error: unknown): boolean {
  return error instanceof Error && !(error instanceof AppError) && !('syscall' in error);
}

/** The file a route received, or undefined when the form had none. */
export function uploadOf(req: Request): ReceivedUpload | undefined {
  const file = req.file as (Express.Multer.File & { sha256?: string }) | undefined;
  if (!file?.path || file.sha256 === undefined) return undefined;
  return { tempPath: file.path, size: file.size, sha256: file.sha256, originalName: file.originalname };
}

/** Why the upload was refused before the route saw it (too large), if it was. */
export const uploadErrorOf = (res: Response): AppError | undefined => res.locals.uploadError as AppError | undefined;
