import { DateTime } from 'luxon';
import type { Db } from '../../db';
import { notFound } from '../../errors';
import type { CertificateContent } from '../../../models/schema';
import { findNetworkById } from '../../../models/year';
import { findCertificateSettings, findUserName, listAttendedMeetings, listReleasedGrades } from '../../../models/certificates';
import { passedOf, scaleSetUpOf } from '../grading/scale';

/**
 * What a certificate will say, as of now: kept as issued, so later changes to the year (a renamed theme,
 * a grade taken back) never change a certificate someone already holds.
 */
export async function certificateContentOf(db: Db, networkId: number, participantId: number, issuer: { id: number; name: string | null }, now: Date): Promise<CertificateContent> {
  const network = await findNetworkById(db, networkId);
  if (!network) throw notFound(`network ${networkId}`);
  const [name, settings, attended, released] = await Promise.all([
    findUserName(db, participantId),
    findCertificateSettings(db, networkId),
    listAttendedMeetings(db, networkId, participantId),
    listReleasedGrades(db, networkId, participantId),
  ]);
  const dateIn = (date: Date) => DateTime.fromJSDate(date, { zone: network.timeZone }).toISODate() ?? '';
  const signerName = settings?.signerName.trim() || issuer.name?.trim() || '';
  return {
    participantName: name ?? '',
    networkName: network.name,
    organiser: settings?.organiser.trim() ?? '',
    periodStart: network.periodStart ?? null,
    periodEnd: network.periodEnd ?? null,
    hours: settings?.hours ?? null,
    meetings: attended.map((meeting) => ({ number: meeting.number, theme: meeting.theme, date: dateIn(meeting.startsAt) })),
    assignments: released
      .filter((grade) => passedOf(scaleSetUpOf(grade.assignmentId, grade.setUp), { passed: grade.passed, points: grade.points }))
      .map((grade) => ({ letter: grade.letter, title: grade.title })),
    signerName,
    // The settings' title belongs to the settings' signer, not to a leader standing in for them.
    signerTitle: settings?.signerName.trim() ? settings.signerTitle.trim() : '',
    issuedOn: dateIn(now),
  };
}
