/**
 * Blind double marking as pure rules: who may take a marker's place, whose eyes the marks are hidden from, and
 * where the marking stands. Kept apart from the database so each rule has its plain unit test.
 */

export interface MarkFacts {
  markerUserId: number;
  submittedAt: Date | null;
}

export interface AllocatedMarkers {
  first: readonly number[];
  second: readonly number[];
}

/** Two marks, then a third grader agrees. */
export const markersNeeded = 2;

export type StartRefusal = 'full' | 'reserved';

/**
 * Whether this grader may write a new mark (they have none yet). Allocated markers hold their slot; a slot with
 * nobody allocated goes to the first grader who starts. The caller has checked `grade.give` and holds the lock.
 */
export function startRefusal(graderId: number, marks: readonly MarkFacts[], allocated: AllocatedMarkers): StartRefusal | null {
  if (marks.length >= markersNeeded) return 'full';
  const markerIds = new Set(marks.map((mark) => mark.markerUserId));
  const isAllocated = allocated.first.includes(graderId) || allocated.second.includes(graderId);
  if (isAllocated) return null;
  // Slots whose allocated markers have not started yet are kept for them.
  const reserved = [allocated.first, allocated.second].filter((slot) => slot.length > 0 && !slot.some((id) => markerIds.has(id))).length;
  return marks.length + reserved >= markersNeeded ? 'reserved' : null;
}

export const allSubmitted = (marks: readonly MarkFacts[]) => marks.length >= markersNeeded && marks.every((mark) => mark.submittedAt !== null);

/**
 * Who counts as a marker for `grade.seeMarks`: those who wrote a mark, the allocated markers, and — while a
 * marker's place is open to them — the grader asking, so that nobody reads the first mark and then writes the second.
 */
export function blindMarkerIds(viewerId: number, marks: readonly MarkFacts[], allocated: AllocatedMarkers, viewerMayStart: boolean): number[] {
  const ids = new Set(marks.map((mark) => mark.markerUserId));
  if (marks.length < markersNeeded) for (const id of [...allocated.first, ...allocated.second]) ids.add(id);
  if (viewerMayStart) ids.add(viewerId);
  return [...ids];
}

export type MarkingStatus = 'noMarks' | 'waitingForMarks' | 'waitingForAgreement' | 'agreed';

export function markingStatus(marks: readonly MarkFacts[], agreed: boolean): MarkingStatus {
  if (agreed) return 'agreed';
  if (allSubmitted(marks)) return 'waitingForAgreement';
  return marks.length === 0 ? 'noMarks' : 'waitingForMarks';
}
