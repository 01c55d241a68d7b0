import type { Db } from '../../db';
import { AppError } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { listStationsWithDecks, visitsOfRound, type StationOfWalk, type StationWithDeck, type WalkRow } from '../../../models/gallery-walks';
import { readClock, type ClockReading } from './walk-clock';

/** The slide numbers a visitor sees at a station: the deck's shown slides, or its pictures for a deck we cannot read. */
export function slideNumbersOf(station: StationWithDeck): number[] {
  const content = station.version.content;
  if (content) return content.slides.filter((slide) => !slide.hidden).map((slide) => slide.number);
  return station.version.slideImages.map((_, index) => index + 1);
}

/** The station with this id in this walk, or 404: a forged id from another walk finds nothing. */
export async function stationOfWalk(db: Db, walkId: number, stationId: number): Promise<StationWithDeck> {
  const [station] = await listStationsWithDecks(db, walkId, [stationId]);
  if (!station) throw new AppError(404, 'gallery_walk_not_in_walk', `station ${stationId} is not in walk ${walkId}`);
  return station;
}

/**
 * Whether this person may give feedback at this station now, or why not: a participant, not one of the station's authors,
 * on a final deck, while the walk runs (a pause keeps the room writing) or the open gallery's period lasts,
 * and at the station the plan gives them this round unless the leader allowed free roaming.
 */
export async function assertMayGiveFeedback(db: Db, actor: Actor, walk: WalkRow, station: StationOfWalk, now: Date): Promise<ClockReading> {
  // A group station is each of its members' own station.
  if (station.authorIds.includes(actor.user.id)) throw new AppError(403, 'gallery_walk_own_station', `user ${actor.user.id} at own station ${station.station.id}`);
  if (!authorize(actor, 'gallery.comment', { authorIds: station.authorIds })) throw new AppError(403, 'gallery_walk_not_participant');
  if (station.submissionState !== 'final') throw new AppError(410, 'gallery_walk_withdrawn', `submission ${station.station.submissionId} is ${station.submissionState}`);
  const reading = readClock(walk, now);
  if (walk.mode === 'open') {
    if (walk.opensAt && now < walk.opensAt) throw new AppError(409, 'gallery_walk_not_started');
    if (walk.closesAt && now >= walk.closesAt) throw new AppError(409, 'gallery_walk_closed');
    return reading;
  }
  if (reading.phase === 'not_started') throw new AppError(409, 'gallery_walk_not_started');
  if (reading.phase === 'ended') throw new AppError(409, 'gallery_walk_ended');
  if (!walk.freeRoaming) {
    const [visit] = await visitsOfRound(db, walk.id, reading.round, [actor.user.id]);
    if (visit?.stationId !== station.station.id) throw new AppError(403, 'gallery_walk_not_your_station', `user ${actor.user.id} round ${reading.round}`);
  }
  return reading;
}
