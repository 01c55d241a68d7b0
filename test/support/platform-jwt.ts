// Keys and JWTs of the test platform: its own RSA key pair (JWKS at certs.php), id_token signing with
// deliberate breakage for negative tests, and verification of JWTs signed by tools.
import { KeyObject, randomInt, sign as cryptoSign } from 'node:crypto';
import {
  SignJWT,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import type { IdTokenTamper, PlatformInternals, PlatformKeys } from './platform-types';

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

/** One remote key set per tool JWKS URL, so jose's cache works across requests (as Moodle caches keys). */
function toolKeySet(internals: PlatformInternals, jwksUrl: string): JWTVerifyGetKey {
  let keySet = internals.toolKeySets.get(jwksUrl);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000 });
    internals.toolKeySets.set(jwksUrl, keySet);
  }
  return keySet;
}

/** Verifies a JWT signed by a tool against the tool's JWKS; throws with jose's reason on failure. */
export async function verifyToolJwt(
  internals: PlatformInternals,
  jwksUrl: string,
  token: string,
  options: JWTVerifyOptions,
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, toolKeySet(internals, jwksUrl), {
    algorithms: ['RS256'],
    clockTolerance: 5,
    ...options,
  });
  return payload;
}
