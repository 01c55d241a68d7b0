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

export const unsubscribePath = (token: string) => `/mail/unsubscribe/${token}`;

export interface MailParts {
  subject: string;
  text: string;
  html: string;
}

/** A mail's subject and both bodies: paragraphs of plain text (escaped into HTML), then the common footer. */
export function composeMail(t: Translate, options: { networkName: string; subject: string; paragraphs: string[]; unsubscribeToken: string; why: string }): MailParts {
  const unsubscribe = `${publicUrlMarker}${unsubscribePath(options.unsubscribeToken)}`;
  const text = [...options.paragraphs, '-- ', options.why, `${t('mail.message.unsubscribe')}: ${unsubscribe}`].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    ...options.paragraphs.map((p) => `<p style="white-space: pre-wrap">${escapeHtml(p)}</p>`),
    `<hr><p style="color: #555; font-size: 0.9em">${escapeHtml(options.why)}<br><a href="${escapeHtml(unsubscribe)}">${escapeHtml(t('mail.message.unsubscribe'))}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: headerSafe(`[${options.networkName}] ${options.subject}`), text, html };
}

export const translatorFor = (locale: string | null, networkLanguage: string): Translate => translator(mailLanguageOf(locale, networkLanguage));

/** Puts the public address in a stored mail's links when it is sent (escaped for HTML in the HTML body). */
export function withPublicUrl(parts: { text: string; html: string }, publicUrl: string): { text: string; html: string } {
  return { text: parts.text.split(publicUrlMarker).join(publicUrl), html: parts.html.split(publicUrlMarker).join(escapeHtml(publicUrl)) };
}
