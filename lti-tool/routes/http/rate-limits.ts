import { rateLimit, type Options } from 'express-rate-limit';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../../errors';

const window = 15 * 60_000;

function limiter(logger: Logger, options: Partial<Options>): RequestHandler {
  return rateLimit({
    windowMs: window,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The one error path renders the refusal, in the caller's language.
    handler: (_req, _res, next) => next(new AppError(429, 'too_many_requests')),
    logger: { error: (err, msg) => logger.error({ err }, msg ?? 'rate limiter'), warn: (err, msg) => logger.warn({ err }, msg ?? 'rate limiter') },
    ...options,
  });
}

/** Registration attempts per client address in 15 minutes: each one makes the tool fetch from the platform. */
export function registrationLimiter(logger: Logger, limit: number): RequestHandler {
  return limiter(logger, { limit });
}

/**
 * Failed administrator authentications per client address in 15 minutes (a wrong token at sign-in or as
 * Bearer, a dead session cookie); over the limit, even the right token waits for the window to pass.
 */
export function adminAuthLimiter(logger: Logger, cookieName: string, limit = 10): RequestHandler {
  const presentsCredentials = (req: Request) =>
    (req.method === 'POST' && req.path === '/login') ||
    req.get('authorization') !== undefined ||
    (req.cookies as Record<string, unknown> | undefined)?.[cookieName] !== undefined;
  return limiter(logger, {
    limit,
    skip: (req) => !presentsCredentials(req),
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
  });
}

/**
 * Posts per person in a minute where people write live (gallery comments and reactions): far above what
 * anyone types or taps, low enough that a script cannot flood a walk's open pages. Over the limit the
 * answer is 429, which the phone's queue takes as "try again later", so nothing typed is lost.
 */
export function livePostLimiter(logger: Logger, personOf: (res: Response) => string, limit = 120): RequestHandler {
  return limiter(logger, { windowMs: 60_000, limit, keyGenerator: (_req, res) => personOf(res) });
}

/** Unsubscribe links (outside any launch) per client address in 15 minutes: plenty for people, little for a guesser. */
export function mailLinkLimiter(logger: Logger, limit = 60): RequestHandler {
  return limiter(logger, { limit });
}

/** Certificate look-ups (public, outside any launch) per client address in 15 minutes: enough to check many, too few to guess codes. */
export function verificationLimiter(logger: Logger, limit = 120): RequestHandler {
  return limiter(logger, { limit });
}
