/**
 * A phone that opened a session through a personal link keeps a cookie naming that session's handle, sent only to
 * `/evaluate`: a big screen's QR code then opens the evaluation in that person's own session. One cookie per
 * session, so the sessions of several courses on one phone do not overwrite each other. The handle is no secret
 * (the session's own cookie is); the public page checks each one in the database before it follows it.
 */
export const phoneCookiePrefix = 'nv_phone_';
export const phoneCookiePath = '/evaluate';
const handleShape = /^[\w-]{16}$/;

/** The session handles a request's phone cookies name, well-formed ones only. */
export function phoneHandlesOf(cookies: Record<string, unknown> | undefined): string[] {
  return Object.keys(cookies ?? {})
    .filter((name) => name.startsWith(phoneCookiePrefix))
    .map((name) => name.slice(phoneCookiePrefix.length))
    .filter((handle) => handleShape.test(handle))
    .slice(0, 20);
}
