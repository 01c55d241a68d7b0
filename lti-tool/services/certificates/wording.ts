import { DateTime } from 'luxon';
import { translator, type Language } from '../../i18n';
import { assignmentName } from '../../i18n/assignment-name';
import type { CertificateContent } from '../../../models/schema';

/** A certificate's content as sentences in one language: what the PDF prints and the verification page shows. */
export interface CertificateWording {
  heading: string;
  participantName: string;
  completed: string;
  networkName: string;
  /** Lines left out when the leader gave no organiser or hours. */
  organiser: string | null;
  period: string | null;
  hours: string | null;
  meetingsHeading: string;
  meetings: string[];
  assignmentsHeading: string;
  assignments: string[];
  signerName: string;
  signerTitle: string;
  issuedOn: string;
  codeLabel: string;
}

const localeOf = (language: Language) => (language === 'en' ? 'en-GB' : language);

/** A stored ISO date ("2026-03-05") as the language writes it ("5 mars 2026"). */
export function formatIsoDate(language: Language, iso: string): string {
  const date = DateTime.fromISO(iso, { zone: 'UTC' });
  return date.isValid ? date.setLocale(localeOf(language)).toLocaleString(DateTime.DATE_FULL) : iso;
}

export function certificateWording(content: CertificateContent, language: Language): CertificateWording {
  const t = translator(language);
  const day = (iso: string) => formatIsoDate(language, iso);
  const { periodStart: start, periodEnd: end } = content;
  const period = start && end ? t('certificates.doc.period', { from: day(start), to: day(end) }) : start ? t('certificates.doc.periodFrom', { from: day(start) }) : null;
  const hours = content.hours === null ? null : t('certificates.doc.hours', { hours: content.hours.toLocaleString(localeOf(language)) });
  return {
    heading: t('certificates.doc.heading'),
    participantName: content.participantName,
    completed: t('certificates.doc.completed'),
    networkName: content.networkName,
    organiser: content.organiser ? t('certificates.doc.organiser', { organiser: content.organiser }) : null,
    period,
    hours,
    meetingsHeading: t('certificates.doc.meetings'),
    meetings: content.meetings.map((meeting) => t('certificates.doc.meeting', { number: meeting.number, theme: meeting.theme, date: day(meeting.date) })),
    assignmentsHeading: t('certificates.doc.assignments'),
    assignments: content.assignments.map((assignment) => assignmentName(t, assignment)),
    signerName: content.signerName,
    signerTitle: content.signerTitle,
    issuedOn: t('certificates.doc.issuedOn', { date: day(content.issuedOn) }),
    codeLabel: t('certificates.doc.code'),
  };
}
