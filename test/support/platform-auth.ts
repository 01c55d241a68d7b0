// OIDC side of the platform: the JWKS (certs.php) and the authorization endpoint (auth.php) that turns a
// prepared launch into a signed id_token posted to the tool through an auto-submitting form.
import type { Express, Request, Response } from 'express';
import type { TestPlatform } from './platform';
import { applyOverrides } from './platform-claims';
import { asyncHandler, escapeHtml, formBody, param } from './platform-http';
import { signIdToken } from './platform-jwt';
import type { PlatformInternals, PreparedLaunch } from './platform-types';

export function mountAuthRoutes(app: Express, platform: TestPlatform, internals: PlatformInternals): void {
  app.get('/mod/lti/certs.php', (_req, res) => {
    platform.jwksRequests += 1;
    res.type('application/json; charset=utf-8').send(JSON.stringify({ keys: [internals.keys.publicJwk] }));
  });
  const authorize = asyncHandler((req, res) => handleAuth(platform, internals, req, res));
  app.get('/mod/lti/auth.php', authorize);
  app.post('/mod/lti/auth.php', formBody, authorize);
}

type AuthParam =
  | 'scope' | 'response_type' | 'client_id' | 'redirect_uri' | 'login_hint'
  | 'lti_message_hint' | 'state' | 'response_mode' | 'nonce' | 'prompt';
type AuthParams = Record<AuthParam, string>;

function readAuthParams(req: Request): AuthParams {
  const source = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown>;
  return {
    scope: param(source.scope),
    response_type: param(source.response_type),
    client_id: param(source.client_id),
    redirect_uri: param(source.redirect_uri),
    login_hint: param(source.login_hint),
    lti_message_hint: param(source.lti_message_hint),
    state: param(source.state),
    response_mode: param(source.response_mode),
    nonce: param(source.nonce),
    prompt: param(source.prompt),
  };
}

/** Moodle 4.5 sends lti_message_hint as JSON {"cmid":…,"launchid":"ltilaunch…"}. */
function launchIdOf(hint: string): string {
  try {
    const parsed = JSON.parse(hint) as { launchid?: unknown };
    return typeof parsed.launchid === 'string' ? parsed.launchid : '';
  } catch {
    return '';
  }
}

/** Returns why the request must be refused, or the launch it belongs to. */
function validate(platform: TestPlatform, internals: PlatformInternals, p: AuthParams): string | PreparedLaunch {
  const tool = platform.tools.find((t) => t.clientId === p.client_id);
  if (!tool) return 'unknown client_id';
  // Moodle compares the redirect_uri with its registered list as plain strings: no normalisation at all.
  if (!tool.redirectUris.map((u) => u.trim()).includes(p.redirect_uri)) return 'redirect_uri is not registered';
  if (p.scope !== 'openid') return 'invalid_scope';
  if (p.response_type !== 'id_token') return 'unsupported_response_type';
  if (p.response_mode !== 'form_post') return 'invalid response_mode';
  if (p.prompt !== '' && p.prompt !== 'none') return 'invalid prompt';
  if (p.nonce === '') return 'missing nonce';
  const launchId = launchIdOf(p.lti_message_hint);
  const launch = internals.launches.get(launchId);
  if (!launch) return 'unknown or already used lti_message_hint';
  if (launch.tool.clientId !== tool.clientId) return 'unauthorized_client';
  if (p.login_hint !== launch.loginHint) return 'access_denied: login_hint';
  internals.launches.delete(launchId); // Moodle unsets the launch from the session: single use.
  return launch;
}

function idTokenPayload(platform: TestPlatform, launch: PreparedLaunch, nonce: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const standard = { nonce, iat: now, exp: now + 60, iss: platform.issuer, aud: launch.tool.clientId };
  const payload = applyOverrides({ ...standard, ...launch.defaults }, launch.overrides);
  const t = launch.tamper;
  for (const key of ['nonce', 'iat', 'exp', 'iss', 'aud', 'azp'] as const) {
    if (t[key] !== undefined) payload[key] = t[key];
  }
  return payload;
}

async function handleAuth(platform: TestPlatform, internals: PlatformInternals, req: Request, res: Response) {
  const p = readAuthParams(req);
  const outcome = validate(platform, internals, p);
  if (typeof outcome === 'string') {
    res.status(400).type('html').send(invalidRequestPage(outcome));
    return;
  }
  const idToken = await signIdToken(internals.keys, idTokenPayload(platform, outcome, p.nonce), outcome.tamper);
  const state = outcome.tamper.state ?? p.state;
  res.type('html').send(autoPostForm(p.redirect_uri, { id_token: idToken, state }));
}

/** Moodle's page for a refused authentication ("Invalid request"), with the reason as debug info. */
function invalidRequestPage(reason: string): string {
  return `<!DOCTYPE html><html><head><title>Error</title></head><body>
<div class="errorbox"><p class="errormessage">Invalid request</p>
<p class="errorcode">More information about this error</p><pre>Debug info: ${escapeHtml(reason)}</pre></div>
</body></html>`;
}

/** The auto-submitting form auth.php answers with (same markup as mod/lti/auth.php). */
function autoPostForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `  <input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}"/>\n`)
    .join('');
  return (
    `<form action="${escapeHtml(action)}" name="ltiAuthForm" id="ltiAuthForm" ` +
    `method="post" enctype="application/x-www-form-urlencoded">\n${inputs}</form>\n` +
    '<script type="text/javascript">\n//<![CDATA[\ndocument.ltiAuthForm.submit();\n//]]>\n</script>\n'
  );
}
