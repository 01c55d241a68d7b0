import { SignJWT, type JWK } from 'jose';
import { translator, type Language } from '../../i18n';
import type { CertificateContent, CompletionRule } from '../../../models/schema';
import type { CertificateRow } from '../../../models/certificates';
import { certificateAddresses } from './addresses';
import { badgeKeyOf } from './badge-key';

export const badgeContexts = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

export interface BadgeOptions {
  publicUrl: string;
  dataDir: string;
  /** The completion rule in words: the achievement's criteria. */
  criteria: string;
}

/**
 * The certificate as an Open Badges 3.0 OpenBadgeCredential, signed as a VC-JWT (OB 3.0 §8.2: RS256, the
 * credential in `vc`). Its id is the public verification page and its status the page's JSON, so a
 * verifier learns of a revocation from the same place as a person does.
 */
export async function signedBadgeOf(certificate: CertificateRow, options: BadgeOptions): Promise<string> {
  const key = await badgeKeyOf(options.dataDir);
  const at = certificateAddresses(options.publicUrl);
  const credential = openBadgeCredentialOf(certificate, options);
  const subject = (credential.credentialSubject as { id: string }).id;
  return new SignJWT({ vc: credential })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: at.keyId(key.thumbprint) })
    .setIssuer(at.issuer)
    .setJti(credential.id as string)
    .setSubject(subject)
    .setNotBefore(Math.floor(certificate.issuedAt.getTime() / 1000))
    .setIssuedAt(Math.floor(certificate.issuedAt.getTime() / 1000))
    .sign(key.privateKey);
}

export function openBadgeCredentialOf(certificate: CertificateRow, options: Pick<BadgeOptions, 'publicUrl' | 'criteria'>): Record<string, unknown> {
  const at = certificateAddresses(options.publicUrl);
  const content: CertificateContent = certificate.content;
  const t = translator(certificate.language as Language);
  const name = t('certificates.badge.name', { network: content.networkName });
  return {
    '@context': badgeContexts,
    id: at.verify(certificate.code),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: at.issuer, type: ['Profile'], name: content.organiser || content.networkName },
    name,
    validFrom: certificate.issuedAt.toISOString(),
    credentialSubject: {
      id: `${at.verify(certificate.code)}#holder`,
      type: ['AchievementSubject'],
      achievement: {
        id: at.achievement(certificate.networkId),
        type: ['Achievement'],
        name,
        description: t('certificates.badge.description', { network: content.networkName }),
        criteria: { narrative: options.criteria },
      },
    },
    credentialStatus: { id: at.verifyJson(certificate.code), type: '1EdTechRevocationList' },
  };
}

/** The completion rule as the achievement's criteria, in the certificate's language. */
export function criteriaNarrative(rule: CompletionRule, letters: string[], language: Language): string {
  const t = translator(language);
  const parts = [
    rule.assignments === 'all' || letters.length === 0 ? t('certificates.badge.allAssignments') : t('certificates.badge.someAssignments', { letters: letters.join(', ') }),
    rule.minMeetings === null ? t('certificates.badge.allMeetings') : t('certificates.badge.someMeetings', { count: rule.minMeetings }),
  ];
  if (rule.minGalleryComments > 0) parts.push(t('certificates.badge.galleryComments', { count: rule.minGalleryComments }));
  return parts.join(' ');
}

/** The issuer profile with its public key, where a verifier finds what `kid` points at. */
export async function issuerProfileOf(options: Pick<BadgeOptions, 'publicUrl' | 'dataDir'>, name: string): Promise<Record<string, unknown>> {
  const key = await badgeKeyOf(options.dataDir);
  const at = certificateAddresses(options.publicUrl);
  const jwk: JWK = { ...key.publicJwk, kid: at.keyId(key.thumbprint), alg: 'RS256', use: 'sig' };
  return {
    '@context': badgeContexts,
    id: at.issuer,
    type: ['Profile'],
    name,
    url: options.publicUrl,
    verificationMethod: [{ id: jwk.kid, type: 'JsonWebKey', controller: at.issuer, publicKeyJwk: key.publicJwk }],
  };
}

/** The public keys (JWKS) that verify the tool's badges. */
export async function badgeKeySetOf(options: Pick<BadgeOptions, 'publicUrl' | 'dataDir'>): Promise<{ keys: JWK[] }> {
  const key = await badgeKeyOf(options.dataDir);
  return { keys: [{ ...key.publicJwk, kid: certificateAddresses(options.publicUrl).keyId(key.thumbprint), alg: 'RS256', use: 'sig' }] };
}
