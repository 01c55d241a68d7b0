import type { CookieOptions, RequestHandler } from 'express';
import { isHttps, type Config } from '../config';

/**
 * Cookie attributes for everything set during a launch. Over https the tool lives in a cross-site iframe,
 * where Chromium only keeps `Secure; SameSite=None; Partitioned` (CHIPS) cookies; ltijs has no option for
 * Partitioned, so res.cookie/res.clearCookie are wrapped here. Plain http only works when the tool and the
 * platform are on the same site (development), with SameSite=Lax.
 */
export function launchCookieOptions(config: Pick<Config, 'publicUrl'>): CookieOptions {
  return isHttps(config)
    ? { secure: true, sameSite: 'none', partitioned: true, httpOnly: true }
    : { secure: false, sameSite: 'lax', httpOnly: true };
}

export function cookieAttributes(config: Pick<Config, 'publicUrl'>): RequestHandler {
  const attributes = launchCookieOptions(config);
  return (_req, res, next) => {
    const cookie = res.cookie.bind(res) as (name: string, value: string, options: CookieOptions) => typeof res;
    const clearCookie = res.clearCookie.bind(res);
    res.cookie = ((name: string, value: string, options: CookieOptions = {}) =>
      cookie(name, value, { ...options, ...attributes })) as typeof res.cookie;
    res.clearCookie = ((name: string, options: CookieOptions = {}) => clearCookie(name, { ...options, ...attributes })) as typeof res.clearCookie;
    next();
  };
}
