import type { Response } from 'express';

/**
 * Every page may post forms to the tool only (CSP form-action 'self', set in app.ts). The two pages that
 * post elsewhere widen it for their own response, to exactly the origins they need:
 * - the deep-linking return page posts the signed response to the platform's deep_link_return_url;
 * - the cookie-check page posts to /login, which redirects to the platform's login endpoint, and browsers
 *   apply form-action to the redirect as well.
 */
export function allowFormActionTo(res: Response, origins: readonly string[]): void {
  const policy = res.getHeader('Content-Security-Policy');
  if (typeof policy !== 'string') return;
  const sources = ["'self'", ...origins.filter((origin) => /^https?:\/\/[^\s;,']+$/.test(origin))].join(' ');
  res.setHeader('Content-Security-Policy', policy.replace(/form-action [^;]*/, `form-action ${sources}`));
}

/** The origin of a URL the tool will post a form to, or none when it is not an http(s) URL. */
export function originOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? [parsed.origin] : [];
  } catch {
    return [];
  }
}
