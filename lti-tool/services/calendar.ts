import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { AppError } from '../errors';
import { findActiveCalendarFeed, hasActiveCalendarFeed, replaceCalendarFeed, revokeCalendarFeeds } from '../../models/calendar';
import { findNetworkById } from '../../models/year';
import { renderCalendarFeed } from './calendar-feed';
import { hashSecret } from './launch';
import { networkFor, networkOf, type Actor } from '../policies';
import { yearOfNetwork } from './year';

/**
 * A member's calendar subscription: a secret URL (only its hash is kept, so it is shown once) that Outlook
 * or Google Calendar polls. Making a new one revokes the old; revoking stops it.
 */
export async function createCalendarLink(db: Db, launch: Actor, publicUrl: string): Promise<string> {
  const networkId = networkFor(launch, 'calendar.subscribe');
  const token = randomBytes(24).toString('base64url');
  await replaceCalendarFeed(db, networkId, launch.user.id, hashSecret(token), new Date());
  return `${publicUrl}/calendar/${token}.ics`;
}

export async function revokeCalendarLink(db: Db, launch: Actor): Promise<void> {
  await revokeCalendarFeeds(db, networkOf(launch), launch.user.id, new Date());
}

export async function calendarLinkExists(db: Db, launch: Actor): Promise<boolean> {
  return hasActiveCalendarFeed(db, networkOf(launch), launch.user.id);
}

/** The feed behind a secret URL; an unknown or revoked token is simply not found. */
export async function calendarFeedFor(db: Db, token: string, publicUrl: string): Promise<string> {
  const feed = /^[\w-]{20,64}$/.test(token) ? await findActiveCalendarFeed(db, hashSecret(token)) : undefined;
  if (!feed) throw new AppError(404, 'not_found', 'calendar feed');
  const network = await findNetworkById(db, feed.networkId);
  if (!network) throw new AppError(404, 'not_found', 'calendar network');
  const year = await yearOfNetwork(db, network.id, network.contextId);
  return renderCalendarFeed(year, { calendarName: network.name, url: `${publicUrl}/calendar/${token}.ics` });
}
