import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from '../config';

/** One message as the outbox hands it to the SMTP server. */
export interface OutgoingMail {
  messageId: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  headers: Record<string, string>;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The SMTP connection from the configuration: pooled, with timeouts shorter than the outbox's claim. */
export function createMailTransport(config: MailConfig): MailTransport {
  const transporter: Transporter = nodemailer.createTransport({
    host: config.smtp.host,
    port: config.smtp.port,
    secure: config.smtp.secure,
    auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.password ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transporter.sendMail({
        from: config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        replyTo: mail.replyTo,
        messageId: mail.messageId,
        headers: mail.headers,
      });
    },
    close: () => transporter.close(),
  };
}

/**
 * Whether a failed send may succeed later. SMTP 5xx is the server's final word on this message (an unknown
 * recipient, a refused sender); 4xx, a refused or dropped connection and timeouts are passing trouble.
 */
export function sendFailureOf(error: unknown): { permanent: boolean; message: string } {
  const e = error as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown } | null;
  const code = typeof e?.responseCode === 'number' ? e.responseCode : undefined;
  const message = typeof e?.response === 'string' && e.response ? e.response : typeof e?.message === 'string' ? e.message : String(error);
  return { permanent: code !== undefined && code >= 500 && code < 600, message: message.replace(/[\r\n]+/g, ' ').slice(0, 1000) };
}
