import type { Db } from '../../db';
import { liveHandlesInContext } from '../../../models/launches';
import { findPublishedFormContext } from '../../../models/evaluations';

/**
 * The big screen's QR code opens `/evaluate/<formId>` on a phone, outside any launch. A phone that signed in with
 * its person's personal link names its sessions in cookies; the first that is alive and in the form's course is
 * where the form opens, as that person. Anything else (no cookie, an ended session, another course, a draft or an
 * unknown form) gives null, and the page only tells how to open it: it never says which evaluation it is.
 */
export async function phoneSessionForForm(db: Db, formId: number, handles: readonly string[], now = new Date()): Promise<string | null> {
  if (handles.length === 0) return null;
  const contextId = await findPublishedFormContext(db, formId);
  if (contextId === undefined) return null;
  return (await liveHandlesInContext(db, handles, contextId, now))[0] ?? null;
}
