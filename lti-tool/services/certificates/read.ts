import type { Db } from '../../db';
import { notFound } from '../../errors';
import { authorize, contextOf, networkFor, networkOf, type Actor } from '../../policies';
import type { Language } from '../../i18n';
import { findCertificateInNetwork, findCertificateSettings, listCertificates, type CertificateRow } from '../../../models/certificates';
import { listActiveMembersWithRole } from '../../../models/members';
import { listAssignments } from '../../../models/assignments';
import type { CompletionRule } from '../../../models/schema';
import { completionOf, type RequirementStatus } from '../progress/completion';
import { certificateAddresses } from './addresses';
import { criteriaNarrative, signedBadgeOf } from './badge';
import { missingOf } from './issue';
import { renderCertificatePdf } from './pdf';
import { certificateWording } from './wording';

export interface CertificateSummary {
  id: number;
  code: string;
  participantName: string;
  issuedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

export interface ParticipantCertificateRow {
  userId: number;
  name: string | null;
  complete: boolean;
  missing: RequirementStatus[];
  /** The participant's valid certificate, if any. */
  certificate: CertificateSummary | null;
}

export interface CertificatesOverview {
  participants: ParticipantCertificateRow[];
  /** Complete participants without a valid certificate: what "issue to everyone complete" would issue. */
  readyCount: number;
  revoked: CertificateSummary[];
}

const summaryOf = (row: CertificateRow): CertificateSummary => ({
  id: row.id,
  code: row.code,
  participantName: row.content.participantName,
  issuedAt: row.issuedAt,
  revokedAt: row.revokedAt,
  revokedReason: row.revokedReason,
});

/** Whether this person may issue and revoke certificates here (the page's flag). */
export const mayIssueCertificates = (actor: Actor) => authorize(actor, 'certificate.issue');

/** Leaders' page: every participant, complete or not and what is missing, with their certificate. */
export async function certificatesOverview(db: Db, actor: Actor): Promise<CertificatesOverview> {
  const networkId = networkFor(actor, 'certificate.issue');
  const participants = await listActiveMembersWithRole(db, contextOf(actor), 'participant');
  const [completions, certificates] = await Promise.all([
    completionOf(db, networkId, participants.map((person) => person.userId)),
    listCertificates(db, networkId),
  ]);
  const valid = new Map(certificates.filter((row) => row.revokedAt === null).map((row) => [row.userId, row]));
  const rows = participants.map((person): ParticipantCertificateRow => {
    const completion = completions.get(person.userId);
    const certificate = valid.get(person.userId);
    return { userId: person.userId, name: person.name, complete: completion?.complete ?? false, missing: missingOf(completion?.requirements ?? []), certificate: certificate ? summaryOf(certificate) : null };
  });
  return {
    participants: rows,
    readyCount: rows.filter((row) => row.complete && !row.certificate).length,
    revoked: certificates.filter((row) => row.revokedAt !== null).map(summaryOf),
  };
}

/** A participant's own certificates, valid and revoked. */
export async function myCertificates(db: Db, actor: Actor): Promise<CertificateSummary[]> {
  const networkId = networkFor(actor, 'certificate.read', { participantId: actor.user.id });
  return (await listCertificates(db, networkId, actor.user.id)).map(summaryOf);
}

/** One certificate, for those who may read it; anyone else is told it does not exist. */
async function readableCertificate(db: Db, actor: Actor, certificateId: number): Promise<CertificateRow> {
  const networkId = networkOf(actor);
  const row = await findCertificateInNetwork(db, networkId, certificateId);
  if (!row || !authorize(actor, 'certificate.read', { participantId: row.userId })) throw notFound(`certificate ${certificateId} for user ${actor.user.id}`);
  return row;
}

/** The certificate's PDF, drawn from what was stored when it was issued. */
export async function certificatePdf(db: Db, actor: Actor, certificateId: number, publicUrl: string): Promise<{ pdf: Buffer; fileName: string }> {
  const row = await readableCertificate(db, actor, certificateId);
  const language = row.language as Language;
  const pdf = await renderCertificatePdf({ wording: certificateWording(row.content, language), language, code: row.code, verifyUrl: certificateAddresses(publicUrl).verify(row.code), issuedAt: row.issuedAt });
  return { pdf, fileName: `certificate-${row.code}.pdf` };
}

const defaultRule: CompletionRule = { assignments: 'all', minMeetings: null, minGalleryComments: 0 };

/** The certificate as a signed Open Badges 3.0 credential (a VC-JWT). */
export async function certificateBadge(db: Db, actor: Actor, certificateId: number, config: { publicUrl: string; dataDir: string }): Promise<{ jwt: string; fileName: string }> {
  const row = await readableCertificate(db, actor, certificateId);
  const rule = (await findCertificateSettings(db, row.networkId))?.rule ?? defaultRule;
  const letters = rule.assignments === 'all' ? [] : (await listAssignments(db, row.networkId)).filter((assignment) => (rule.assignments as number[]).includes(assignment.id)).map((assignment) => assignment.letter);
  const criteria = criteriaNarrative(rule, letters, row.language as Language);
  return { jwt: await signedBadgeOf(row, { ...config, criteria }), fileName: `badge-${row.code}.jwt` };
}
