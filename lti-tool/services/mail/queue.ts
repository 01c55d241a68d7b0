import type { Db } from '../../db';
import type { NotificationCreated } from '../forums/types';
import { immediateMailsFor, insertMailRows, type ImmediateMail, type NewMailRow } from '../../../models/mail';
import { composeMail, headerSafe, translatorFor } from './render';
import { isMailAddress } from './addresses';

/**
 * Queues a mail in the outbox for each notification whose person wants mail as it happens (in the
 * transaction that made the notifications, so a rolled-back post sends nothing). Rendered now in the person's
 * language; the public address in its links is put in when it is sent.
 */
export async function queueMailFor(tx: Db, notifications: NotificationCreated[]): Promise<void> {
  const wanted = await immediateMailsFor(tx, notifications.map((n) => n.id));
  const rows = wanted.filter((m) => isMailAddress(m.email)).map(mailOfNotification);
  await insertMailRows(tx, rows);
}

function mailOfNotification(m: ImmediateMail): NewMailRow {
  const t = translatorFor(m.locale, m.networkLanguage);
  const author = m.authorName ?? t('mail.message.someone');
  const thread = headerSafe(m.threadTitle ?? '');
  const paragraphs = [
    t(m.kind === 'mention' ? 'mail.message.mentioned' : 'mail.message.wrote', { name: author, thread }),
    m.postBody ?? '',
    t('mail.message.openFromCourse', { course: m.courseTitle ?? m.networkName }),
  ].filter((p) => p !== '');
  const parts = composeMail(t, {
    networkName: m.networkName,
    subject: thread,
    paragraphs,
    unsubscribeToken: m.unsubscribeToken,
    why: t('mail.message.whyImmediate', { network: m.networkName }),
    replyHint: m.threadId !== null ? t('mail.message.replyByMail') : undefined,
  });
  return {
    networkId: m.networkId,
    userId: m.userId,
    kind: 'post',
    dedupeKey: `notification:${m.notificationId}`,
    toAddress: m.email,
    ...parts,
    replyThreadId: m.threadId,
  };
}
