import { DateTime } from 'luxon';
import type { Db } from '../../db';
import { insertMailRows, type NewMailRow } from '../../../models/mail';
import { digestNotifications, digestThreads, digestTurn, markDigestTurn, networksForDigest, type DigestNotificationLine, type DigestThreadLine } from '../../../models/mail-digest';
import { composeMail, headerSafe, mailLanguageOf, translatorFor } from './render';
import { isMailAddress } from './addresses';

export const digestHour = 7;

export interface DigestNetwork {
  id: number;
  name: string;
  language: string;
  timeZone: string;
  courseTitle: string | null;
}

/** 07:00 of the network's local day that `now` is in, and that day's date, or null before 07:00 there. */
export function digestTurnOf(timeZone: string, now: Date): { turnStart: Date; localDate: string } | null {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const start = local.startOf('day').set({ hour: digestHour });
  if (local < start) return null;
  return { turnStart: start.toJSDate(), localDate: start.toISODate()! };
}

/**
 * The daily digest of one network: for each person whose turn has come and who has not been in the tool since
 * their last digest, their unread notifications and the new posts in forums they may read since then; nothing
 * new, no mail. Everyone whose turn it was starts a new window. A few set-based queries, not one per person.
 */
export async function queueDigests(db: Db, network: DigestNetwork, now: Date): Promise<number> {
  const turn = digestTurnOf(network.timeZone, now);
  if (!turn) return 0;
  return db.transaction(async (tx) => {
    const recipients = await digestTurn(tx, network.id, turn.turnStart, now);
    const absent = recipients.filter((r) => r.absent && isMailAddress(r.email));
    const [notifications, threads] = await Promise.all([digestNotifications(tx, network.id, absent), digestThreads(tx, network.id, absent)]);
    const notificationsOf = groupBy(notifications);
    const threadsOf = groupBy(threads);
    const rows: NewMailRow[] = [];
    // i18next's plural lookup is the costly part of a digest: each language and count is translated once.
    const lineTemplates = new Map<string, string>();
    const threadLine = (t: ReturnType<typeof translatorFor>, locale: string, th: DigestThreadLine) => {
      const key = `${locale}:${th.newPosts}`;
      let template = lineTemplates.get(key);
      if (template === undefined) {
        template = t('mail.message.digestThreadLine', { thread: '\u0001', forum: '\u0002', count: th.newPosts });
        lineTemplates.set(key, template);
      }
      const forum = th.groupName ? headerSafe(th.groupName) : t(`mail.message.forumKinds.${th.forumKind}`);
      return template.replace('\u0001', () => headerSafe(th.title)).replace('\u0002', () => forum);
    };
    for (const person of absent) {
      const mine = notificationsOf.get(person.userId) ?? [];
      const fresh = threadsOf.get(person.userId) ?? [];
      if (mine.length === 0 && fresh.length === 0) continue;
      const t = translatorFor(person.locale, network.language);
      const paragraphs: string[] = [];
      if (mine.length > 0) paragraphs.push([t('mail.message.digestNotifications'), ...mine.slice(0, 50).map((n) => `• ${t(`mail.message.kinds.${n.kind}`)}: ${headerSafe(n.title ?? '')}`)].join('\n'));
      if (fresh.length > 0) {
        const language = mailLanguageOf(person.locale, network.language);
        const lines = fresh.slice(0, 50).map((th) => `• ${threadLine(t, language, th)}`);
        paragraphs.push([t('mail.message.digestThreads'), ...lines].join('\n'));
      }
      paragraphs.push(t('mail.message.openFromCourse', { course: network.courseTitle ?? network.name }));
      const parts = composeMail(t, { networkName: network.name, subject: t('mail.message.digestSubject'), paragraphs, unsubscribeToken: person.unsubscribeToken, why: t('mail.message.whyDigest', { network: network.name }) });
      rows.push({ networkId: network.id, userId: person.userId, kind: 'digest', dedupeKey: `digest:${network.id}:${person.userId}:${turn.localDate}`, toAddress: person.email, ...parts });
    }
    for (let i = 0; i < rows.length; i += 500) await insertMailRows(tx, rows.slice(i, i + 500));
    await markDigestTurn(tx, network.id, recipients.map((r) => r.userId), now);
    return rows.length;
  });
}

/** Every network's digest whose 07:00 has come today; a network already done does nothing. */
export async function queueDueDigests(db: Db, now: Date): Promise<number> {
  let total = 0;
  for (const network of await networksForDigest(db)) total += await queueDigests(db, network, now);
  return total;
}

function groupBy<T extends { userId: number }>(lines: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const line of lines) {
    const list = map.get(line.userId) ?? [];
    list.push(line);
    map.set(line.userId, list);
  }
  return map;
}

export type { DigestNotificationLine, DigestThreadLine };
