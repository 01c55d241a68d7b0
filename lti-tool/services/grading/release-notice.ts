import type { Db } from '../../db';
import { assignmentName } from '../../i18n/assignment-name';
import { insertGradeReleasedNotification } from '../../../models/grading';
import { findAssignmentInNetwork } from '../../../models/assignments';
import { immediateMailsFor, insertMailRows, type ImmediateMail, type NewMailRow } from '../../../models/mail';
import { composeMail, headerSafe, translatorFor } from '../mail/render';
import { isMailAddress } from '../mail/addresses';
import type { GradeChanged } from './grade-changed';

/**
 * Tells the participant when their grade is released: a notification in the tool (once per grade and release),
 * and a mail now when they chose mail as it happens (the digest lists it for those who chose the digest). In
 * the transaction that released it, so a rolled-back release tells nobody. The mail says where to read the
 * feedback; it never carries the feedback itself.
 */
export async function noticeGradeReleased(tx: Db, event: GradeChanged): Promise<void> {
  if (event.state !== 'released' || event.previousState === 'released') return;
  const notificationId = await insertGradeReleasedNotification(tx, event.networkId, event.gradeId);
  if (notificationId === null) return;
  const [wanted, assignment] = await Promise.all([immediateMailsFor(tx, [notificationId]), findAssignmentInNetwork(tx, event.networkId, event.assignmentId)]);
  if (!assignment) return;
  const rows = wanted.filter((m) => isMailAddress(m.email)).map((m) => releasedMail(m, assignment));
  await insertMailRows(tx, rows);
}

function releasedMail(m: ImmediateMail, assignment: { letter: string; title: string }): NewMailRow {
  const t = translatorFor(m.locale, m.networkLanguage);
  const name = assignmentName(t, { letter: assignment.letter, title: headerSafe(assignment.title) });
  const parts = composeMail(t, {
    networkName: m.networkName,
    subject: t('grading.notice.subject', { name }),
    paragraphs: [t('grading.notice.body', { name }), t('mail.message.openFromCourse', { course: m.courseTitle ?? m.networkName })],
    unsubscribeToken: m.unsubscribeToken,
    why: t('mail.message.whyImmediate', { network: m.networkName }),
  });
  return { networkId: m.networkId, userId: m.userId, kind: 'post', dedupeKey: `notification:${m.notificationId}`, toAddress: m.email, ...parts };
}
