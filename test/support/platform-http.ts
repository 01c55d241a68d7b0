// HTTP helpers shared by the platform's routes: Moodle's error bodies and format checks,
// bearer-token checks for the services, and the failWith() failure injection.
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AccessToken, PlatformInternals } from './platform-types';

/** Services get the raw body, because Moodle compares content types itself and parses JSON itself. */
export const rawBody: RequestHandler = express.text({ type: () => true, limit: '1mb' });
export const formBody: RequestHandler = express.urlencoded({ extended: false, limit: '1mb' });

/** A request value as a string ('' when missing or repeated), like Moodle's optional_param. */
export function param(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#039;');
}

/** Moodle's service response for an error without a body (mod/lti/classes/local/ltiservice/response.php). */
export function serviceError(req: Request, res: Response, status: number, reason?: string): void {
  const request: Record<string, string> = { method: req.method, url: req.originalUrl };
  if (req.headers.accept) request.accept = req.headers.accept;
  const contentType = req.headers['content-type'];
  if (contentType) request.contentType = contentType.split(';')[0] ?? contentType;
  res
    .status(status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ status, reason: reason ?? defaultReason(status), request }, null, 4));
}

function defaultReason(status: number): string {
  const reasons: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    409: 'Conflict',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  return reasons[status] ?? 'Error';
}

/**
 * Moodle's services.php dispatch rule: a GET passes when Accept is empty, contains * / *, or equals one
 * of the resource's formats exactly; other methods need a Content-Type exactly equal to a format.
 */
export function formatsAccepted(req: Request, formats: string[], wildcard = true): boolean {
  if (req.method === 'GET') {
    const accept = req.headers.accept ?? '';
    return accept === '' || (wildcard && accept.includes('*/*')) || formats.includes(accept);
  }
  if (req.method === 'DELETE') return true;
  return formats.includes(req.headers['content-type'] ?? '');
}

/**
 * Middleware form of formatsAccepted. `wildcard: false` mirrors resources such as lineitems, whose own
 * check then needs the exact container format (Accept: * / * gets a 400 there in Moodle).
 */
export function requireFormats(formats: string[], wildcard = true): RequestHandler {
  return (req, res, next) => {
    if (formatsAccepted(req, formats, wildcard)) next();
    else serviceError(req, res, 400, 'No context or unsupported content type');
  };
}

/** Parses a JSON request body, or undefined. */
export function parseJson(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'string' || body === '') return undefined;
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** PHP's is_numeric, which Moodle uses on scoreGiven and scoreMaximum. */
export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
}

/** Checks the access token and its scope; Moodle answers 401 when the tool cannot be authenticated. */
export function requireToken(internals: PlatformInternals, anyOfScopes: string[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearer(req);
    const grant = token ? internals.accessTokens.get(token) : undefined;
    if (!grant || grant.expiresAt <= Date.now() || !grant.scopes.some((s) => anyOfScopes.includes(s))) {
      serviceError(req, res, 401);
      return;
    }
    res.locals.grant = grant;
    next();
  };
}

export function grantOf(res: Response): AccessToken {
  return res.locals.grant as AccessToken;
}

export function bearer(req: Request): string | undefined {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** Applies failWith(): answers the configured status (after the delay) for the next `count` requests. */
export function failureGate(internals: PlatformInternals): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const rule = internals.failure;
    if (!rule || rule.remaining <= 0) {
      next();
      return;
    }
    rule.remaining -= 1;
    const act = () => {
      // A rule with only a delay slows the platform down without failing.
      if (rule.status === undefined) next();
      else serviceError(req, res, rule.status, 'Injected failure');
    };
    if (rule.delayMs > 0) setTimeout(act, rule.delayMs);
    else act();
  };
}

/** Wraps an async handler so a rejection becomes a 500 instead of an unhandled rejection. */
export function asyncHandler(fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    fn(req, res).catch(next);
  };
}
