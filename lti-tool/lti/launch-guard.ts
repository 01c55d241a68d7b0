import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { Db } from '../db';
import { LaunchRejected } from '../errors';
import { consumeLoginState, findPlatformForLogin, insertLoginState, type DeploymentRow, type PlatformRow } from '../../models/platforms';
import type { JwksCache } from './jwks-cache';

const claim = (name: string) => `https://purl.imsglobal.org/spec/lti/claim/${name}`;
const messageTypes = new Set(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']);
export const clockSkewSeconds = 60;
const loginStateLifetimeMs = 10 * 60_000;

interface GuardDeps {
  db: Db;
  jwks: JwksCache;
  /** The redirect URIs we register (BASE and BASE/): the only target_link_uri we accept. */
  redirectUris: readonly string[];
}

const asyncHandler =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).then(() => next(), next);
  };

/**
 * Before ltijs's OIDC login: the platform must be registered and active, the deployment known, the
 * target ours. The state and nonce ltijs puts in the redirect are recorded so the id_token can be held
 * to them (ltijs itself accepts any nonce it has not seen before).
 */
export function loginGuard(deps: GuardDeps): RequestHandler {
  return (req, res, next) => {
    checkLogin(deps, req, res, next).then(() => next(), next);
  };
}

/** OIDC login initiation parameters come by GET (query) or POST (form), as ltijs reads them. */
export function loginParamsOf(req: Request): Record<string, unknown> {
  return { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
}

async function checkLogin(deps: GuardDeps, req: Request, res: Response, next: NextFunction): Promise<void> {
  const params = loginParamsOf(req);
  const issuer = stringParam(params.iss);
  if (!issuer || !stringParam(params.login_hint) || !stringParam(params.target_link_uri)) {
    throw new LaunchRejected('MISSING_LOGIN_PARAMETERS', 400);
  }
  const deploymentId = stringParam(params.lti_deployment_id);
  const found = await findPlatformForLogin(deps.db, issuer, stringParam(params.client_id), deploymentId);
  const platform = found?.platform;
  assertActive(platform);
  if (deploymentId) assertDeploymentAllowed(platform, found?.deployment, deploymentId);
  const target = stringParam(params.target_link_uri) ?? '';
  if (!deps.redirectUris.includes(target.split('?')[0] ?? '')) throw new LaunchRejected('UNKNOWN_TARGET_LINK_URI', 400, target);
  captureLoginState(deps.db, platform.id, res, next);
}

/** Wraps res.redirect so the state and nonce ltijs sends are stored before the browser leaves. */
function captureLoginState(db: Db, platformId: number, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (url: string) => void;
  res.redirect = ((url: string) => {
    const query = new URL(url).searchParams;
    const state = query.get('state');
    const nonce = query.get('nonce');
    if (!state || !nonce) {
      redirect(url);
      return;
    }
    insertLoginState(db, state, nonce, platformId, new Date(Date.now() + loginStateLifetimeMs)).then(
      () => redirect(url),
      // The guard has passed the request on already; this continues that chain to our error handler.
      (error: unknown) => next(error),
    );
  }) as Response['redirect'];
}

/**
 * Before ltijs validates an id_token: checks ltijs leaves out or gets wrong. All of them only ever refuse
 * a token, so reading the payload before its signature is checked is safe: ltijs verifies it next.
 */
export function idTokenGuard(deps: GuardDeps): RequestHandler {
  return asyncHandler(async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const idToken = stringParam(body.id_token);
    if (!idToken) return; // not a launch: ltijs answers it
    const { header, payload } = decode(idToken);
    const state = stringParam(body.state);
    const deploymentId = String(payload[claim('deployment_id')] ?? '');
    const login = state ? await consumeLoginState(deps.db, state, deploymentId, new Date()) : undefined;
    if (!login) throw new LaunchRejected('STATE_MISMATCH');
    if (payload.nonce !== login.nonce) throw new LaunchRejected('NONCE_MISMATCH');
    const { platform, deployment } = login;
    assertActive(platform);
    checkAudience(payload, platform);
    await checkSigningKey(deps.jwks, platform, header);
    checkTimes(payload);
    checkLtiClaims(payload);
    assertDeploymentAllowed(platform, deployment, deploymentId);
    // Handed to the launch handler, which runs after ltijs has verified the signature.
    res.locals.launchPlatform = { platform, deployment } satisfies GuardedLaunch;
  });
}

/** What the guard already looked up for a launch, so recording it need not look again. */
export interface GuardedLaunch {
  platform: PlatformRow;
  deployment: DeploymentRow | undefined;
}

function decode(idToken: string): { header: ReturnType<typeof decodeProtectedHeader>; payload: JWTPayload & Record<string, unknown> } {
  try {
    return { header: decodeProtectedHeader(idToken), payload: decodeJwt(idToken) as JWTPayload & Record<string, unknown> };
  } catch {
    throw new LaunchRejected('INVALID_JWT');
  }
}

function checkAudience(payload: JWTPayload, platform: PlatformRow): void {
  if (payload.iss !== platform.issuer) throw new LaunchRejected('WRONG_ISSUER');
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(platform.clientId)) throw new LaunchRejected('WRONG_AUDIENCE');
  // OIDC core 3.1.3.7: with several audiences the authorised party must be us.
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) throw new LaunchRejected('AZP_MISMATCH');
}

async function checkSigningKey(jwks: JwksCache, platform: PlatformRow, header: { alg?: string; kid?: string }): Promise<void> {
  if (header.alg !== 'RS256') throw new LaunchRejected('ALG_NOT_RS256');
  if (!header.kid) throw new LaunchRejected('NO_KID');
  let known: boolean;
  try {
    known = await jwks.hasKid(platform.jwksUrl, header.kid);
  } catch (error) {
    throw new LaunchRejected('JWKS_UNAVAILABLE', 502, String(error));
  }
  if (!known) throw new LaunchRejected('UNKNOWN_KID');
}

function checkTimes(payload: JWTPayload): void {
  const now = Date.now() / 1000;
  if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number') throw new LaunchRejected('MISSING_IAT_OR_EXP');
  if (payload.iat > now + clockSkewSeconds) throw new LaunchRejected('IAT_IN_FUTURE');
  if (payload.exp < now - clockSkewSeconds) throw new LaunchRejected('TOKEN_EXPIRED');
}

function checkLtiClaims(payload: Record<string, unknown>): void {
  if (payload[claim('version')] !== '1.3.0') throw new LaunchRejected('WRONG_LTI_VERSION');
  const messageType = payload[claim('message_type')];
  if (typeof messageType !== 'string' || !messageTypes.has(messageType)) throw new LaunchRejected('UNKNOWN_MESSAGE_TYPE');
  if (!Array.isArray(payload[claim('roles')])) throw new LaunchRejected('MISSING_ROLES');
  if (!stringParam(payload[claim('deployment_id')])) throw new LaunchRejected('MISSING_DEPLOYMENT_ID');
  if (!stringParam(payload.sub)) throw new LaunchRejected('MISSING_SUB');
  if (messageType === 'LtiResourceLinkRequest') {
    const link = payload[claim('resource_link')] as { id?: unknown } | undefined;
    if (!link || (typeof link.id !== 'string' && typeof link.id !== 'number') || String(link.id) === '') {
      throw new LaunchRejected('MISSING_RESOURCE_LINK_ID');
    }
  } else {
    const settings = payload['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] as { deep_link_return_url?: unknown } | undefined;
    if (!settings || !stringParam(settings.deep_link_return_url)) throw new LaunchRejected('MISSING_DEEP_LINKING_SETTINGS');
  }
}

function assertActive(platform: PlatformRow | undefined): asserts platform is PlatformRow {
  if (!platform) throw new LaunchRejected('UNREGISTERED_PLATFORM', 400);
  if (platform.status !== 'active') throw new LaunchRejected('PLATFORM_NOT_ACTIVATED', 403);
}

function assertDeploymentAllowed(platform: PlatformRow, deployment: DeploymentRow | undefined, deploymentId: string): void {
  // A new deployment of a platform that allows them is recorded after verification, in recordLaunch.
  if (!deployment && !platform.allowNewDeployments) throw new LaunchRejected('UNKNOWN_DEPLOYMENT', 403, deploymentId);
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
