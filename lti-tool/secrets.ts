import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * A secret from the environment, or else generated once and kept in the data folder so restarts keep
 * cookies, encrypted ltijs rows and the admin token valid. `generated` tells the caller to warn.
 */
export function loadOrCreateSecret(dataDir: string, fileName: string, fromEnv: string | undefined): { value: string; generated: boolean; file?: string } {
  if (fromEnv) return { value: fromEnv, generated: false };
  const file = path.join(dataDir, fileName);
  fs.mkdirSync(dataDir, { recursive: true });
  if (fs.existsSync(file)) return { value: fs.readFileSync(file, 'utf8').trim(), generated: false, file };
  const value = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return { value, generated: true, file };
}
