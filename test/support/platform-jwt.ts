// Keys and JWTs of the test platform: its own RSA key pair (JWKS at certs.php), id_token signing with
// deliberate breakage for negative tests, and verification of JWTs signed by tools.
import { KeyObject, randomInt, sign as cryptoSign } from 'node:crypto';
import {
  SignJWT,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JWTHeaderParameters,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import type { IdTokenTamper, PlatformInternals, PlatformKeys, ToolRegistration } from './platform-types';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Like Moodle's random_string(): letters and digits, used for client ids, kids and `data`. */
export function randomId(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

export async function createPlatformKeys(): Promise<PlatformKeys> {
  const [main, stray] = await Promise.all([
    generateKeyPair('RS256', { extractable: true }),
    generateKeyPair('RS256', { extractable: true }),
  ]);
  const kid = randomId(20);
  // Same members as Moodle's certs.php: kty, alg, kid, e, n, use.
  const publicJwk = { ...(await exportJWK(main.publicKey)), alg: 'RS256', kid, use: 'sig' };
  return {
    kid,
    privateKey: main.privateKey,
    publicKey: main.publicKey,
    privateKeyObject: KeyObject.from(main.privateKey),
    publicJwk,
    strayPrivateKey: stray.privateKey,
  };
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Signs an id_token, or deliberately breaks it as the tamper options say. */
export async function signIdToken(
  keys: PlatformKeys,
  payload: Record<string, unknown>,
  tamper: IdTokenTamper,
): Promise<string> {
  if (tamper.alg === 'none') {
    return `${base64UrlJson({ alg: 'none', typ: 'JWT' })}.${base64UrlJson(payload)}.`;
  }
  // Moodle (firebase/php-jwt) writes typ, alg and kid.
  const header: JWTHeaderParameters = { typ: 'JWT', alg: 'RS256' };
  const kid = tamper.kid === undefined ? keys.kid : tamper.kid;
  if (kid !== null) header.kid = kid;
  const key = tamper.badSignature ? keys.strayPrivateKey : keys.privateKey;
  return new SignJWT(payload as JWTPayload).setProtectedHeader(header).sign(key);
}

/**
 * Signs synchronously with node:crypto (RS256 = RSASSA-PKCS1-v1_5 over SHA-256), because
 * registrationToken() is a synchronous API and jose only signs asynchronously.
 */
export function signJwtSync(keys: PlatformKeys, payload: Record<string, unknown>): string {
  const input = `${base64UrlJson({ typ: 'JWT', alg: 'RS256', kid: keys.kid })}.${base64UrlJson(payload)}`;
  const signature = cryptoSign('sha256', Buffer.from(input), keys.privateKeyObject);
  return `${input}.${signature.toString('base64url')}`;
}

/** Verifies a JWT the platform signed itself (registration tokens). */
export async function verifyOwnJwt(keys: PlatformKeys, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, keys.publicKey, { algorithms: ['RS256'] });
  return payload;
}

/** Downloads a tool's JWKS (Moodle's download_file_content of the keyset URL). */
async function downloadKeySet(jwksUrl: string): Promise<JWTVerifyGetKey> {
  const res = await fetch(jwksUrl, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`tool JWKS answered ${res.status}`);
  return createLocalJWKSet((await res.json()) as JSONWebKeySet);
}

/**
 * Verifies a JWT signed by a tool against the tool's JWKS; throws with jose's reason on failure.
 * Like Moodle's lti_verify_with_keyset: the keyset is cached per client id, and any failure with the
 * cached one downloads it again and retries once (no cooldown, so a tool's new key works at once).
 */
export async function verifyToolJwt(
  internals: PlatformInternals,
  tool: ToolRegistration,
  token: string,
  options: JWTVerifyOptions,
): Promise<JWTPayload> {
  const verify = async (keys: JWTVerifyGetKey) =>
    (await jwtVerify(token, keys, { algorithms: ['RS256'], clockTolerance: 5, ...options })).payload;
  const cacheKey = `${tool.clientId} ${tool.jwksUrl}`;
  const cached = internals.toolKeySets.get(cacheKey);
  if (cached) {
    try {
      return await verify(cached);
    } catch {
      // Fall through: refresh the keyset and try again, as Moodle does.
    }
  }
  const fresh = await downloadKeySet(tool.jwksUrl);
  internals.toolKeySets.set(cacheKey, fresh);
  return verify(fresh);
}
