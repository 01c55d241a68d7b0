import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

/** The tool's own key for signing Open Badges, and its public half as a JWK. */
export interface BadgeKey {
  privateKey: KeyObject;
  publicJwk: JWK;
  /** The key's JWK thumbprint (RFC 7638): stable for as long as the key file is. */
  thumbprint: string;
}

const fileName = 'badge-signing-key.pem';
const loaded = new Map<string, Promise<BadgeKey>>();

/**
 * The badge signing key, generated once (RSA 2048, for RS256 as Open Badges 3.0 asks) and kept in the data
 * folder with mode 0600 beside the tool's other secrets, so badges issued before a restart still verify.
 * Two processes starting at once do not make two keys: the file is created exclusively and the loser reads it.
 */
export function badgeKeyOf(dataDir: string): Promise<BadgeKey> {
  const file = path.join(dataDir, fileName);
  let key = loaded.get(file);
  if (!key) {
    key = publicHalfOf(createPrivateKey(readOrCreate(dataDir, file)));
    key.catch(() => loaded.delete(file));
    loaded.set(file, key);
  }
  return key;
}

function readOrCreate(dataDir: string, file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  fs.mkdirSync(dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    return pem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8');
    throw error;
  }
}

async function publicHalfOf(privateKey: KeyObject): Promise<BadgeKey> {
  const jwk = await exportJWK(createPublicKey(privateKey));
  const publicJwk: JWK = { kty: jwk.kty, n: jwk.n, e: jwk.e };
  return { privateKey, publicJwk, thumbprint: await calculateJwkThumbprint(publicJwk) };
}
