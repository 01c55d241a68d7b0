import type { Db } from '../db';
import { qrCodeSvg } from '../render/qr-code';
import { createWindowLink } from './new-window';

export interface PhoneLink {
  /** The one-time link (two minutes, this person's session), as text to tap and inside the QR code. */
  href: string;
  svg: string;
}

/**
 * "Open on your phone": a personal one-time link to a page of this launch (`gallery/3`, `evaluations/7`), made
 * like "open in a new window" (a copy of the session that works once, within two minutes, and ends when the
 * launch does) and marked as a phone's, drawn as a QR code.
 */
export async function personalPhoneLink(db: Db, handle: string, pagePath: string, publicUrl: string, now = new Date()): Promise<PhoneLink> {
  const link = await createWindowLink(db, handle, now, { phone: true });
  const href = `${publicUrl.replace(/\/$/, '')}/window/${link.handle}?code=${encodeURIComponent(link.code)}&to=${encodeURIComponent(pagePath)}`;
  return { href, svg: await qrCodeSvg(href) };
}
