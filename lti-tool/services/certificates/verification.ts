import type { Db } from '../../db';
import { languages, type Language } from '../../i18n';
import type { CertificateContent } from '../../../models/schema';
import { findCertificateByCode } from '../../../models/certificates';
import { certificateAddresses } from './addresses';
import { normaliseVerificationCode } from './code';
import { certificateWording, type CertificateWording } from './wording';

/** What the public verification page shows: everything that was issued, and whether it still stands. */
export interface Verification {
  code: string;
  status: 'valid' | 'revoked';
  language: Language;
  issuedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  content: CertificateContent;
  wording: CertificateWording;
}

/**
 * The certificate with this code, as anyone may see it; null for a code that is not one. A malformed
 * code still asks the database the same way, so a refusal says nothing about why.
 */
export async function verificationOf(db: Db, typedCode: string, language?: string): Promise<Verification | null> {
  const code = normaliseVerificationCode(typedCode) ?? '-';
  const row = await findCertificateByCode(db, code);
  if (!row) return null;
  const lang = (languages as readonly string[]).includes(language ?? '') ? (language as Language) : (row.language as Language);
  return {
    code: row.code,
    status: row.revokedAt ? 'revoked' : 'valid',
    language: lang,
    issuedAt: row.issuedAt,
    revokedAt: row.revokedAt,
    revokedReason: row.revokedReason,
    content: row.content,
    wording: certificateWording(row.content, lang),
  };
}

/**
 * The verification as JSON for machines. It is also the credential's status list (1EdTech Revocation List):
 * a revoked certificate lists its credential id in `revokedCredentials`.
 */
export function verificationJson(verification: Verification, publicUrl: string): Record<string, unknown> {
  const at = certificateAddresses(publicUrl);
  return {
    id: at.verifyJson(verification.code),
    code: verification.code,
    status: verification.status,
    issuedAt: verification.issuedAt.toISOString(),
    revokedAt: verification.revokedAt?.toISOString() ?? null,
    revokedReason: verification.revokedReason,
    content: verification.content,
    revokedCredentials: verification.status === 'revoked' ? [{ id: at.verify(verification.code), revocationReason: verification.revokedReason ?? '' }] : [],
  };
}

/** What stands where a normalised code goes in an address (the form on /verify sends any typing there). */
export const verificationPathOf = (typed: string) => `/verify/${encodeURIComponent(normaliseVerificationCode(typed) ?? typed.trim())}`;
