import { createHmac } from 'node:crypto';
import { loadOrCreateSecret } from '../../secrets';

const fileName = 'evaluation-answer-key';
const secrets = new Map<string, string>();

/**
 * The key that turns (form, person) into an answer's row key. It lives in the data folder beside the tool's other
 * secrets and never in the database: the tool can find a person's own answer again (to edit it, to know who still
 * has to answer), but a copy of the database alone cannot tell whose an anonymous answer is.
 */
function secretOf(dataDir: string): string {
  let secret = secrets.get(dataDir);
  if (!secret) {
    secret = loadOrCreateSecret(dataDir, fileName, undefined).value;
    secrets.set(dataDir, secret);
  }
  return secret;
}

/** The row key of this person's answer to this form: the same every time, unguessable without the key. */
export function answerKeyOf(dataDir: string, formId: number, userId: number): string {
  return createHmac('sha256', secretOf(dataDir)).update(`evaluation-answer:${formId}:${userId}`).digest('base64url');
}
