import { randomInt } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not mistaken. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const groups = 3;
const groupLength = 4;

/** A new verification code, `XXXX-XXXX-XXXX`: 12 symbols of 5 random bits each, 60 bits no one can guess. */
export function newVerificationCode(): string {
  const symbols = Array.from({ length: groups * groupLength }, () => alphabet[randomInt(alphabet.length)]).join('');
  return dashed(symbols);
}

/**
 * The stored form of a code as someone typed it: any case, with or without dashes and spaces, and with the
 * letters Crockford reads as digits (O → 0, I and L → 1). Null when it cannot be a code at all.
 */
export function normaliseVerificationCode(typed: string): string | null {
  const plain = typed
    .toUpperCase()
    .replace(/[\s\-–—_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (plain.length !== groups * groupLength || ![...plain].every((char) => alphabet.includes(char))) return null;
  return dashed(plain);
}

function dashed(symbols: string): string {
  const parts: string[] = [];
  for (let index = 0; index < symbols.length; index += groupLength) parts.push(symbols.slice(index, index + groupLength));
  return parts.join('-');
}
