import type { Db } from '../../db';
import type { Actor } from '../../policies';
import { publishLive, walkTopic } from '../../live/publish';
import { phonesOf, signOutPhone } from '../new-window';
import { personalPhoneLink } from '../phone-link';
import { walkInScope } from './scope';

export interface PhoneJoinPanel {
  /** The one-time link (two minutes, this person's session), as text to tap and inside the QR code. */
  href: string;
  svg: string;
  /** Phones signed in with this person's codes. */
  phones: Array<{ handle: string; joinedAt: Date }>;
}

/**
 * "Open on your phone": a personal one-time link into this walk, made like "open in a new window" (a copy of
 * this session that works once, within two minutes, and ends when the launch does), drawn as a QR code.
 */
export async function phoneJoinPanel(db: Db, actor: Actor, handle: string, walkId: number, publicUrl: string, now = new Date()): Promise<PhoneJoinPanel> {
  await walkInScope(db, actor, walkId);
  const link = await personalPhoneLink(db, handle, `gallery/${walkId}`, publicUrl, now);
  return { ...link, phones: await phonesOf(db, actor, now) };
}

/**
 * When the page is opened in a phone's session, its owner's other open pages are told (only theirs: the
 * stream delivers 'phone' to the same person), so "your phone joined at …" appears where the code was shown.
 */
export async function announcePhone(db: Db, actor: Actor, handle: string, walkId: number, now = new Date()): Promise<void> {
  const phone = (await phonesOf(db, actor, now)).find((p) => p.handle === handle);
  if (phone) await publishLive(db, walkTopic(walkId), 'phone', { userId: actor.user.id, handle, joinedAt: phone.joinedAt.toISOString() });
}

/** Signs out a phone that joined with this person's code (theirs, or someone else's who used it first). */
export async function signOutWalkPhone(db: Db, actor: Actor, walkId: number, phoneHandle: string): Promise<void> {
  await walkInScope(db, actor, walkId);
  await signOutPhone(db, actor, phoneHandle);
}
