import { createHash, randomBytes } from 'node:crypto';
import type { MailConfig } from '../../config';
import type { ClaimedMail } from '../../../models/mail';
import { finishBodies, headerSafe, unsubscribePath } from './render';

/** A reply token: lower-case hex, since some mail servers change the case of the local part. */
export const newReplyToken = () => randomBytes(20).toString('hex');
export const replyTokenHash = (token: string) => createHash('sha256').update(token.toLowerCase()).digest('hex');

/**
 * The Message-ID of a row, the same on every attempt: if the tool dies between handing a mail over and
 * marking it sent, the resend carries the same id and receiving servers and clients recognise the duplicate.
 */
export function messageIdOf(row: Pick<ClaimedMail, 'id' | 'createdAt'>, from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim() || 'natverk.invalid';
  return `<natverk-mail-${row.id}.${row.createdAt.getTime()}@${domain}>`;
}

/** The message the SMTP server gets for a claimed row. */
export function outgoingOf(row: ClaimedMail, options: { publicUrl: string; mail: MailConfig; recipientName: string | null; replyToken: string | null }) {
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };
  if (row.unsubscribeToken) {
    // RFC 8058: a mail program may offer "unsubscribe" and POST to this address without opening a page.
    headers['List-Unsubscribe'] = `<${options.publicUrl}${unsubscribePath(row.unsubscribeToken)}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const inbound = options.mail.inbound;
  const replyTo = inbound && options.replyToken ? `${inbound.local}+${options.replyToken}@${inbound.domain}` : undefined;
  const bodies = finishBodies(row, options.publicUrl, replyTo !== undefined);
  return {
    messageId: messageIdOf(row, options.mail.from),
    to: { name: headerSafe(options.recipientName ?? '', 120), address: row.toAddress },
    subject: headerSafe(row.subject),
    text: bodies.text,
    html: bodies.html,
    replyTo,
    headers,
  };
}
