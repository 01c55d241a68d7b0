import { languages, translator, type Language, type Translate } from '../../i18n';

/**
 * Links in stored mail start with this marker; the outbox puts the server's public address in its place
 * when it sends, so queueing (inside a post's transaction) needs no configuration.
 */
export const publicUrlMarker = '{{natverk:publicUrl}}';

/** A header value (subject, display name) on one line: control characters (CR, LF, tab, NUL …) become spaces. */
export function headerSafe(value: string, max = 250): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim().slice(0, max);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The person's own language when the tool speaks it, else the network's. */
export function mailLanguageOf(locale: string | null, networkLanguage: string): Language {
  const primary = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  const own = primary === 'no' || primary === 'nn' ? 'nb' : primary;
  if ((languages as readonly string[]).includes(own)) return own as Language;
  return (languages as readonly string[]).includes(networkLanguage) ? (networkLanguage as Language) : 'sv';
}

/** Around a paragraph shown only when the mail goes out with a reply address (known when it is sent). */
const replyStart = '{{natverk:reply}}';
const replyEnd = '{{/natverk:reply}}';

export const unsubscribePath = (token: string) => `/mail/unsubscribe/${token}`;

export interface MailParts {
  subject: string;
  text: string;
  html: string;
}

/** A mail's subject and both bodies: paragraphs of plain text (escaped into HTML), then the common footer. */
export function composeMail(
  t: Translate,
  options: { networkName: string; subject: string; paragraphs: string[]; unsubscribeToken: string; why: string; replyHint?: string },
): MailParts {
  const unsubscribe = `${publicUrlMarker}${unsubscribePath(options.unsubscribeToken)}`;
  // A post's text cannot bring markers of its own: they would be filled in or cut when the mail is sent.
  const paragraphs = options.paragraphs.map((p) => p.split('{{natverk:').join('{{ natverk:').split('{{/natverk:').join('{{/ natverk:'));
  const hint = options.replyHint ? [`${replyStart}${options.replyHint}${replyEnd}`] : [];
  const text = [...paragraphs, ...hint, '-- ', options.why, `${t('mail.message.unsubscribe')}: ${unsubscribe}`].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    ...paragraphs.map((p) => `<p style="white-space: pre-wrap">${escapeHtml(p)}</p>`),
    ...(options.replyHint ? [`${replyStart}<p>${escapeHtml(options.replyHint)}</p>${replyEnd}`] : []),
    `<hr><p style="color: #555; font-size: 0.9em">${escapeHtml(options.why)}<br><a href="${escapeHtml(unsubscribe)}">${escapeHtml(t('mail.message.unsubscribe'))}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: headerSafe(`[${options.networkName}] ${options.subject}`), text, html };
}

export const translatorFor = (locale: string | null, networkLanguage: string): Translate => translator(mailLanguageOf(locale, networkLanguage));

/**
 * A stored mail as it is sent: the public address in its links (escaped in the HTML body), and the "answer by
 * replying" paragraph kept only when the mail carries a reply address.
 */
export function finishBodies(parts: { text: string; html: string }, publicUrl: string, replyable: boolean): { text: string; html: string } {
  const reply = (body: string, separator: string) =>
    replyable ? body.split(replyStart).join('').split(replyEnd).join('') : body.replace(new RegExp(`${escapeRegExp(replyStart)}[\\s\\S]*?${escapeRegExp(replyEnd)}(${separator})?`, 'g'), '');
  return { text: reply(parts.text, '\n\n').split(publicUrlMarker).join(publicUrl), html: reply(parts.html, '\n').split(publicUrlMarker).join(escapeHtml(publicUrl)) };
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
