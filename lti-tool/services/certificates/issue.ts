import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import { contextOf, networkFor, type Actor } from '../../policies';
import { findCertificateInNetwork, findUserName, findValidCertificate, insertCertificate, listCertificates, revokeCertificateRow, type CertificateRow } from '../../../models/certificates';
import { listActiveMembersWithRole } from '../../../models/members';
import { completionOf, type RequirementStatus } from '../progress/completion';
import { newVerificationCode } from './code';
import { certificateContentOf } from './content';

export type IssueOutcome =
  | { kind: 'issued'; certificate: CertificateRow }
  /** The participant already holds a valid certificate: it is shown, not a second one made. */
  | { kind: 'exists'; certificate: CertificateRow }
  /** Not complete under the network's rule: what is still missing. */
  | { kind: 'incomplete'; participantName: string; missing: RequirementStatus[] };

/** The requirements neither met nor exempted. */
export const missingOf = (requirements: RequirementStatus[]) => requirements.filter((requirement) => !requirement.met && !requirement.exempt);

/** Issues a certificate to one participant who has completed the network (leaders only). */
export async function issueCertificate(db: Db, actor: Actor, participantId: number, now = new Date()): Promise<IssueOutcome> {
  const networkId = networkFor(actor, 'certificate.issue');
  const participants = await listActiveMembersWithRole(db, contextOf(actor), 'participant');
  const participant = participants.find((person) => person.userId === participantId);
  if (!participant) throw notFound(`participant ${participantId} in network ${networkId}`);
  const existing = await findValidCertificate(db, networkId, participantId);
  if (existing) return { kind: 'exists', certificate: existing };
  const completion = (await completionOf(db, networkId, [participantId])).get(participantId);
  if (!completion?.complete) return { kind: 'incomplete', participantName: participant.name ?? '', missing: missingOf(completion?.requirements ?? []) };
  return issueTo(db, actor, networkId, participantId, now);
}

/** Issues a certificate to every complete participant who holds no valid one yet; how many were issued. */
export async function issueAllComplete(db: Db, actor: Actor, now = new Date()): Promise<number> {
  const networkId = networkFor(actor, 'certificate.issue');
  const ids = (await listActiveMembersWithRole(db, contextOf(actor), 'participant')).map((person) => person.userId);
  const [completions, certificates] = await Promise.all([completionOf(db, networkId, ids), listCertificates(db, networkId)]);
  const holders = new Set(certificates.filter((row) => row.revokedAt === null).map((row) => row.userId));
  let issued = 0;
  for (const id of ids) {
    if (!completions.get(id)?.complete || holders.has(id)) continue;
    if ((await issueTo(db, actor, networkId, id, now)).kind === 'issued') issued++;
  }
  return issued;
}

async function issueTo(db: Db, actor: Actor, networkId: number, participantId: number, now: Date): Promise<IssueOutcome> {
  const content = await certificateContentOf(db, networkId, participantId, { id: actor.user.id, name: await findUserName(db, actor.user.id) }, now);
  const language = actor.network?.language ?? 'sv';
  // A code already taken (one chance in 2^60 per certificate) just draws again; a valid certificate made meanwhile wins.
  for (let attempt = 0; attempt < 5; attempt++) {
    const certificate = await insertCertificate(db, { networkId, userId: participantId, code: newVerificationCode(), language, content, issuedByUserId: actor.user.id, issuedAt: now });
    if (certificate) return { kind: 'issued', certificate };
    const existing = await findValidCertificate(db, networkId, participantId);
    if (existing) return { kind: 'exists', certificate: existing };
  }
  throw new AppError(500, 'server_error', 'no free verification code after 5 draws');
}

/** Revokes a valid certificate with the reason, which the public verification page then shows. */
export async function revokeCertificate(db: Db, actor: Actor, certificateId: number, reason: string, now = new Date()): Promise<void> {
  const networkId = networkFor(actor, 'certificate.issue');
  if (!(await findCertificateInNetwork(db, networkId, certificateId))) throw notFound(`certificate ${certificateId} in network ${networkId}`);
  if (!(await revokeCertificateRow(db, networkId, certificateId, reason, actor.user.id, now))) {
    throw new AppError(409, 'certificate_not_valid', `certificate ${certificateId} in network ${networkId} is revoked or absent`);
  }
}
