import type { ErrorRequestHandler, RequestHandler } from 'express';
import { decodeJwt } from 'jose';
import { ZodError } from 'zod';
import type { Logger } from 'pino';
import { AppError, LaunchRejected } from '../../errors';
import { resolveLanguage } from '../../i18n';
import { renderPage } from './render';

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new AppError(404, 'not_found'));
};

/** The one error path: typed errors become a page in the user's language; details go to the log only. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (!res.locals.launch) res.locals.lang = languageOfRejectedLaunch(req.body);
    if (error instanceof LaunchRejected) {
      logger.warn({ reason: error.reason, detail: error.detail, path: req.path }, 'launch rejected');
      renderPage(res, 'errors/launch', { title: 'errors.launch_rejected.title', reason: error.reason }, error.status);
      return;
    }
    if (error instanceof AppError) {
      if (error.status >= 500) logger.error({ err: error }, 'request failed');
      else logger.info({ code: error.code, detail: error.detail, path: req.path }, 'request refused');
      renderPage(res, 'errors/error', { title: `errors.${error.code}.title`, code: error.code, params: error.params ?? {} }, error.status);
      return;
    }
    if (error instanceof ZodError) {
      // Route parameters are parsed with zod: a malformed id in a URL is a bad request, not a crash.
      logger.info({ issues: error.issues, path: req.path }, 'request refused');
      renderPage(res, 'errors/error', { title: 'errors.bad_request.title', code: 'bad_request' }, 400);
      return;
    }
    const status = bodyParserStatus(error);
    if (status) {
      renderPage(res, 'errors/error', { title: 'errors.bad_request.title', code: 'bad_request' }, status);
      return;
    }
    logger.error({ err: error, path: req.path }, 'unexpected error');
    renderPage(res, 'errors/error', { title: 'errors.server_error.title', code: 'server_error' }, 500);
  };
}

/** Body-parser errors (too large, malformed) carry their HTTP status. */
function bodyParserStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown; type?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** A rejected launch is explained in the language it asked for; the token is read for nothing else. */
function languageOfRejectedLaunch(body: unknown) {
  const idToken = (body as { id_token?: unknown } | undefined)?.id_token;
  if (typeof idToken !== 'string') return undefined;
  try {
    const presentation = decodeJwt(idToken)['https://purl.imsglobal.org/spec/lti/claim/launch_presentation'] as { locale?: string } | undefined;
    return presentation?.locale ? resolveLanguage(presentation.locale) : undefined;
  } catch {
    return undefined;
  }
}
