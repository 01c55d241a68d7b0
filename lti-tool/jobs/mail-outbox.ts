import type { Logger } from 'pino';
import { startPolling, type PollingJob } from './polling';
import type { Db } from '../db';
import type { Config, MailConfig } from '../config';
import type { MailTransport } from '../mail/transport';
import { sendFailureOf } from '../mail/transport';
import { claimDueMail, expireUnsentMail, recordMailAttempt, resultOfMailAttempt, setReplyTokenHash, type ClaimedMail, type MailSendOutcome } from '../../models/mail';
import { findUserName } from '../../models/forum-posts';
import { newReplyToken, outgoingOf, replyTokenHash } from '../services/mail/sending';

export interface MailOutboxOptions {
  db: Db;
  config: Pick<Config, 'publicUrl'> & { mail: MailConfig };
  transport: MailTransport;
  logger: Logger;
  pollMs?: number;
  now?: () => Date;
  batchSize?: number;
  /** How long a claimed row is ours; longer than the transport's timeouts together. */
  lockMs?: number;
  random?: () => number;
}

/**
 * Sends the mail outbox. All state is in mail_outbox, so a restart loses nothing; a row is marked sent right
 * after the server took it and is never claimed again. Passing trouble waits with backoff; a recipient the
 * server refuses for good is marked failed with the server's words after a few tries.
 */
export function startMailOutbox(options: MailOutboxOptions): PollingJob {
  const { db, logger, transport, config } = options;
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 20;
  const lockMs = options.lockMs ?? 3 * 60_000;

  /** Hands the row to the SMTP server; undefined when the row was claimed again before it could go. */
  const attempt = async (row: ClaimedMail): Promise<MailSendOutcome | undefined> => {
    try {
      let replyToken: string | null = null;
      if (config.mail.inbound && row.replyThreadId !== null) {
        replyToken = newReplyToken();
        if (!(await setReplyTokenHash(db, row, replyTokenHash(replyToken)))) return undefined;
      }
      await transport.send(outgoingOf(row, { publicUrl: config.publicUrl, mail: config.mail, recipientName: await findUserName(db, row.userId), replyToken }));
      return { ok: true };
    } catch (error) {
      return { ok: false, ...sendFailureOf(error) };
    }
  };

  const sendOne = async (row: ClaimedMail): Promise<void> => {
    let result;
    if (row.mailOff) {
      // Turned off after it was queued (the unsubscribe link, the settings page): it does not go.
      result = { ...resultOfMailAttempt(row, { ok: false, permanent: true, message: 'not sent: the person turned mail off' }, now()), state: 'failed' as const };
    } else {
      const outcome = await attempt(row);
      if (!outcome) return;
      result = resultOfMailAttempt(row, outcome, now(), options.random);
    }
    const stored = await recordMailAttempt(db, row, result);
    const fields = { mailId: row.id, networkId: row.networkId, kind: row.kind, attempts: row.attempts, state: result.state };
    if (!stored) logger.warn(fields, 'mail send result not stored: the row was claimed again meanwhile');
    else if (result.state === 'sent') logger.info(fields, 'mail sent');
    else if (result.state === 'failed') logger.error({ ...fields, error: result.lastError }, 'mail send failed for good');
    else logger.warn({ ...fields, error: result.lastError, nextAttemptAt: result.nextAttemptAt }, 'mail send failed, will retry');
  };

  const drain = async (stopping: () => boolean): Promise<number> => {
    let total = 0;
    await expireUnsentMail(db, new Date(now().getTime() - 2 * 24 * 60 * 60_000));
    for (;;) {
      const at = now();
      const rows = await claimDueMail(db, { now: at, lockUntil: new Date(at.getTime() + lockMs), limit: batchSize });
      for (const row of rows) await sendOne(row);
      total += rows.length;
      if (rows.length < batchSize || stopping()) return total;
    }
  };

  const job = startPolling({ pollMs: options.pollMs ?? 5_000, logger, failure: 'mail outbox run failed', drain });
  return {
    runOnce: job.runOnce,
    async stop() {
      await job.stop();
      transport.close();
    },
  };
}
