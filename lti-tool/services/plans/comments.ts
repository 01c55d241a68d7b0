import type { Db } from '../../db';
import { assertAllowed, networkOf, type Actor } from '../../policies';
import { insertPlanComment, insertPlanCommentNotifications } from '../../../models/network-plans';
import { immediateMailsFor, insertMailRows, type ImmediateMail, type NewMailRow } from '../../../models/mail';
import { composeMail, headerSafe, translatorFor } from '../mail/render';
import { isMailAddress } from '../mail/addresses';
import { planInScope } from './plan-page';

/**
 * A comment on a plan, from anyone who may read it. Its authors (the commenter left out) get a notification
 * once per comment, and a mail now if they chose mail as it happens, in the same transaction, so a comment that
 * is not stored tells nobody. The mail says where to read the comment; it never carries it.
 */
export async function addPlanComment(db: Db, actor: Actor, planId: number, body: string, now = new Date()): Promise<number> {
  const scoped = await planInScope(db, actor, planId);
  assertAllowed(actor, 'plan.comment', { authorIds: scoped.authorIds });
  const networkId = networkOf(actor);
  return db.transaction(async (tx) => {
    const commentId = await insertPlanComment(tx, planId, actor.user.id, body, now);
    const told = scoped.authorIds.filter((id) => id !== actor.user.id);
    const notificationIds = await insertPlanCommentNotifications(tx, networkId, planId, commentId, told);
    const wanted = await immediateMailsFor(tx, notificationIds);
    await insertMailRows(tx, wanted.filter((m) => isMailAddress(m.email)).map(commentMail));
    return commentId;
  });
}

function commentMail(m: ImmediateMail): NewMailRow {
  const t = translatorFor(m.locale, m.networkLanguage);
  const parts = composeMail(t, {
    networkName: m.networkName,
    subject: t('plans.notice.subject'),
    paragraphs: [t('plans.notice.body'), t('plans.notice.open', { course: headerSafe(m.courseTitle ?? m.networkName) })],
    unsubscribeToken: m.unsubscribeToken,
    why: t('mail.message.whyImmediate', { network: m.networkName }),
  });
  return { networkId: m.networkId, userId: m.userId, kind: 'post', dedupeKey: `notification:${m.notificationId}`, toAddress: m.email, ...parts };
}
