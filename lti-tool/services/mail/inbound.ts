import { simpleParser, type ParsedMail } from 'mailparser';
import EmailReplyParser from 'email-reply-parser';
import type { Db } from '../../db';
import type { MailConfig } from '../../config';
import { AppError } from '../../errors';
import { mailByReplyTokenHash } from '../../../models/mail';
import { memberActor } from '../member-actor';
import { replyToThread } from '../forums/posts';
import { replyTokenHash } from './sending';

type Inbound = NonNullable<MailConfig['inbound']>;

/** Why a reply by e-mail was not taken; the SMTP server answers with it. */
export class InboundRefusal extends Error {
  /** Tells the SMTP server to refuse for good (5xx), not to ask the sender to try again. */
  readonly refused = true;

  constructor(
    readonly code: 'unknown_address' | 'auto_reply' | 'wrong_sender' | 'empty' | 'not_member' | 'not_allowed',
    message: string,
  ) {
    super(message);
  }
}

/** The reply token of `local+token@domain`, when the address is ours. */
export function replyTokenOf(address: string, inbound: Inbound): string | null {
  const match = /^([^@+]+)\+([0-9a-f]{40})@([^@]+)$/i.exec(address.trim());
  if (!match || match[1]!.toLowerCase() !== inbound.local.toLowerCase() || match[3]!.toLowerCase() !== inbound.domain) return null;
  return match[2]!.toLowerCase();
}

/** RCPT TO: only reply addresses of mail we sent, for a thread that still exists. */
export async function knownReplyAddress(db: Db, inbound: Inbound, address: string): Promise<boolean> {
  const token = replyTokenOf(address, inbound);
  if (!token) return false;
  const mail = await mailByReplyTokenHash(db, replyTokenHash(token));
  return mail?.replyThreadId != null;
}

const autoReplySubject = /^\s*(autosvar|automatisk svar|fr[aå]nvaro|frav[æae]r|out of (the )?office|automatic reply|auto:|abwesend)/i;

/** An automatic answer (out of office, vacation): by its headers (RFC 3834 and common ones) or its subject. */
export function isAutoReply(mail: ParsedMail): boolean {
  const header = (name: string) => {
    const value = mail.headers.get(name);
    return value === undefined ? undefined : String(typeof value === 'object' && value !== null && 'value' in value ? (value as { value: unknown }).value : value).trim().toLowerCase();
  };
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted !== 'no') return true;
  if (header('x-autoreply') !== undefined || header('x-autorespond') !== undefined) return true;
  if (['bulk', 'junk', 'auto_reply', 'list'].includes(header('precedence') ?? '')) return true;
  return autoReplySubject.test(mail.subject ?? '');
}

/**
 * The new text of a reply: quoted lines, the "On … wrote:" line and everything after it (in Nordic
 * languages "Den … skrev:" and "… skrev:"), Outlook's "-----Original Message-----" block and signatures.
 */
export function replyTextOf(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const cut = lines.findIndex(
    (line) =>
      /^-{2,}\s*(original message|ursprungligt meddelande|oprindelig meddelelse|opprinnelig melding|originalmeddelande)\s*-{2,}\s*$/i.test(line.trim()) ||
      /^(den|d\.|på|on)\b.*\b(skrev|wrote)\s*:\s*$/i.test(line.trim()) ||
      /^\S.*\bskrev\s*:\s*$/i.test(line.trim()) ||
      /^(fra|från|from)\s*:/i.test(line.trim()),
  );
  const kept = (cut === -1 ? lines : lines.slice(0, cut)).join('\n');
  return new EmailReplyParser().read(kept).getVisibleText().trim();
}

/**
 * A reply by e-mail becomes a post in the thread the mail was about, written by the person it was sent to,
 * as if they had posted it (part A's replyToThread checks locked threads, rights and length).
 */
export async function receiveReply(db: Db, inbound: Inbound, envelope: { to: string[] }, raw: Buffer | string): Promise<{ postId: number }> {
  const token = envelope.to.map((address) => replyTokenOf(address, inbound)).find((t) => t !== null);
  const sent = token ? await mailByReplyTokenHash(db, replyTokenHash(token)) : undefined;
  if (!sent || sent.replyThreadId === null) throw new InboundRefusal('unknown_address', 'No such reply address');
  const mail = await simpleParser(raw, { skipHtmlToText: false, skipImageLinks: true });
  if (isAutoReply(mail)) throw new InboundRefusal('auto_reply', 'Automatic replies are not posted');
  const from = mail.from?.value[0]?.address?.toLowerCase();
  if (!from || from !== sent.toAddress.toLowerCase()) throw new InboundRefusal('wrong_sender', 'This reply address belongs to another sender');
  const body = replyTextOf(mail.text ?? '');
  if (body === '') throw new InboundRefusal('empty', 'The reply has no text of its own');
  const actor = await memberActor(db, sent.networkId, sent.userId);
  if (!actor) throw new InboundRefusal('not_member', 'The recipient is no longer a member of the network');
  try {
    const { postId } = await replyToThread(db, actor, sent.replyThreadId, { body: body.slice(0, 20_000) }, { source: 'email' });
    return { postId };
  } catch (error) {
    if (error instanceof AppError && error.status < 500) throw new InboundRefusal('not_allowed', `The reply cannot be posted (${error.code})`);
    throw error;
  }
}
