import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import { assertAllowed, authorize, type Actor } from '../../policies';
import { publishLive, walkTopic } from '../../live/publish';
import {
  addWalker,
  isCheckedIn,
  listCheckedInParticipants,
  listPlannedWalksOfMeeting,
  listStations,
  listVisits,
  listWalkers,
  lockWalk,
  namesOf,
  replacePlan,
  setVisit,
  swapStations,
  updateWalk,
  type StationOfWalk,
  type WalkRow,
} from '../../../models/gallery-walks';
import { placeLateArrival, planProblems, planRotation, type RotationRequest, type Visit } from './rotation';
import { readClock } from './walk-clock';
import { walkInScope } from './scope';

/** A plan the rules refuse: the message key and what it names, said on the plan page in the user's language. */
export class PlanRefusal extends AppError {
  constructor(
    readonly key: string,
    params: Readonly<Record<string, string | number>> = {},
  ) {
    super(422, 'gallery_setup_plan_refused', key, params);
  }
}

const rotationRequest = (walk: WalkRow, stations: StationOfWalk[], walkers: number[], seed?: number): RotationRequest => ({
  stations: stations.map((station) => ({ id: station.station.id, authorIds: station.authorIds })),
  walkers,
  rounds: walk.rounds,
  ...(seed === undefined ? {} : { seed }),
});

/** The plan's seed is the moment it was made: stored with the walk, so the same plan can be made again from it. */
export const planSeed = (madeAt: Date) => madeAt.getTime() % 2_147_483_647;

function assertLive(walk: WalkRow): void {
  if (walk.mode !== 'live') throw new PlanRefusal('gallerySetup.plan.refusals.open_mode');
  if (walk.endedAt) throw new PlanRefusal('gallerySetup.plan.refusals.ended');
}

/**
 * Makes the rotation plan from the meeting's checked-in participants: the roster and every visit, replacing
 * any earlier plan. Refused once the walk has started (people are standing at their stations).
 */
export async function makePlan(db: Db, actor: Actor, walkId: number, now = new Date()): Promise<void> {
  assertAllowed(actor, 'gallery.manage');
  const walk = await walkInScope(db, actor, walkId);
  assertLive(walk);
  if (walk.startedAt) throw new PlanRefusal('gallerySetup.plan.refusals.started');
  if (!walk.meetingId || !actor.context) throw new PlanRefusal('gallerySetup.plan.refusals.no_walkers');
  const [stations, walkers] = await Promise.all([listStations(db, walk.id), listCheckedInParticipants(db, actor.context.id, walk.meetingId)]);
  const result = planRotation(rotationRequest(walk, stations, walkers, planSeed(now)));
  if (!result.ok) {
    if (result.problem !== 'too_few_stations') throw new PlanRefusal(`gallerySetup.plan.refusals.${result.problem}`, { needed: result.needed, available: result.available });
    // Name the first person the rule stops, so the leader knows whose presentation count is the limit.
    const short = walkers.find((userId) => stations.filter((station) => !station.authorIds.includes(userId)).length < walk.rounds) ?? walkers[0]!;
    const name = (await namesOf(db, [short])).get(short) ?? '?';
    throw new PlanRefusal('gallerySetup.plan.refusals.too_few_stations', { needed: result.needed, available: result.available, name });
  }
  await db.transaction(async (tx) => {
    const locked = await lockWalk(tx, walk.id);
    if (locked?.startedAt) throw new PlanRefusal('gallerySetup.plan.refusals.started');
    await replacePlan(tx, walk.id, walkers, result.visits);
    await updateWalk(tx, walk.id, { planMadeAt: now });
    await publishLive(tx, walkTopic(walk.id), 'plan', { walkId: walk.id, change: 'made' });
  });
}

/** Checks a changed plan against the rules; a late walker's rounds before they came are not missing. */
async function assertPlanHolds(tx: Db, walk: WalkRow, stations: StationOfWalk[]): Promise<void> {
  const [walkers, visits] = await Promise.all([listWalkers(tx, walk.id), listVisits(tx, walk.id)]);
  const fromRound = new Map(walkers.map((walker) => [walker.userId, walker.fromRound]));
  const problems = planProblems(rotationRequest(walk, stations, walkers.map((walker) => walker.userId)), visits).filter(
    (problem) => !(problem.kind === 'missing_round' && problem.round < (fromRound.get(problem.userId) ?? 1)),
  );
  const first = problems[0];
  if (first) {
    const name = (await namesOf(tx, [first.userId])).get(first.userId) ?? '?';
    throw new PlanRefusal(`gallerySetup.plan.refusals.${first.kind}`, { name, round: first.round });
  }
}

/** The leader moves one person, in one round, to another station: before or during the walk, if the rules still hold. */
export async function moveVisitor(db: Db, actor: Actor, walkId: number, move: { round: number; userId: number; stationId: number }): Promise<void> {
  assertAllowed(actor, 'gallery.manage');
  const walk = await walkInScope(db, actor, walkId);
  assertLive(walk);
  await db.transaction(async (tx) => {
    await lockWalk(tx, walk.id);
    const stations = await listStations(tx, walk.id);
    if (!stations.some((station) => station.station.id === move.stationId)) throw notFound(`station ${move.stationId} of walk ${walk.id}`);
    if (!(await setVisit(tx, walk.id, move.round, move.userId, move.stationId))) throw notFound(`visit of ${move.userId} in round ${move.round}`);
    await assertPlanHolds(tx, walk, stations);
    await publishLive(tx, walkTopic(walk.id), 'plan', { walkId: walk.id, change: 'moved', userId: move.userId, round: move.round });
  });
}

/** The leader swaps what two stations show (their numbers in the room stay where they are). */
export async function swapStationsOf(db: Db, actor: Actor, walkId: number, stationIds: [number, number]): Promise<void> {
  assertAllowed(actor, 'gallery.manage');
  const walk = await walkInScope(db, actor, walkId);
  assertLive(walk);
  if (stationIds[0] === stationIds[1]) throw new PlanRefusal('gallerySetup.plan.refusals.same_station');
  await db.transaction(async (tx) => {
    await lockWalk(tx, walk.id);
    const before = await listStations(tx, walk.id);
    const [a, b] = stationIds.map((id) => before.find((station) => station.station.id === id)?.station);
    if (!a || !b) throw notFound(`stations ${stationIds.join(',')} of walk ${walk.id}`);
    await swapStations(tx, walk.id, a, b);
    await assertPlanHolds(tx, walk, await listStations(tx, walk.id));
    await publishLive(tx, walkTopic(walk.id), 'plan', { walkId: walk.id, change: 'swapped', stationIds });
  });
}

/**
 * The first round a late arrival takes part in: the current one while at least half of it is left (time to
 * look and write), else the next. Before the start, the whole walk. Null when nothing is left of it.
 */
export function lateFromRound(walk: WalkRow, now: Date): number | null {
  const reading = readClock(walk, now);
  if (reading.phase === 'ended') return null;
  if (reading.phase === 'not_started') return 1;
  const roundMs = walk.roundMinutes * 60_000 + walk.extraMs;
  const from = reading.remainingMs * 2 >= roundMs ? reading.round : reading.round + 1;
  return from <= walk.rounds ? from : null;
}

async function placeWalker(db: Db, walk: WalkRow, userId: number, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const locked = await lockWalk(tx, walk.id);
    if (!locked?.planMadeAt || locked.endedAt || locked.mode !== 'live') return false;
    const fromRound = lateFromRound(locked, now);
    if (fromRound === null) return false;
    const [stations, walkers, visits] = await Promise.all([listStations(tx, locked.id), listWalkers(tx, locked.id), listVisits(tx, locked.id)]);
    if (walkers.some((walker) => walker.userId === userId)) return true;
    const existing: Visit[] = visits.map((visit) => ({ round: visit.round, userId: visit.userId, stationId: visit.stationId }));
    const request = rotationRequest(locked, stations, [...walkers.map((walker) => walker.userId), userId], planSeed(locked.planMadeAt));
    const placed = placeLateArrival(request, existing, userId, fromRound);
    if (!placed.ok) return false;
    const own = placed.visits.filter((visit) => visit.userId === userId && visit.round >= fromRound);
    await addWalker(tx, locked.id, userId, fromRound, own, now);
    await publishLive(tx, walkTopic(locked.id), 'plan', { walkId: locked.id, change: 'joined', userId, fromRound });
    return true;
  });
}

/**
 * After a check-in (by the leader or the participant's own code): into every planned, unfinished live walk of
 * the meeting. The check-in itself was the permission check; a place that cannot be found leaves it as it was.
 */
export async function placeCheckedInWalker(db: Db, meetingId: number, userId: number, now = new Date()): Promise<void> {
  for (const walk of await listPlannedWalksOfMeeting(db, meetingId)) await placeWalker(db, walk, userId, now);
}

/**
 * A checked-in participant who opens the walk and is not on its roster yet is placed as a late arrival.
 * True when they are on the roster afterwards.
 */
export async function ensureWalker(db: Db, actor: Actor, walk: WalkRow, now = new Date()): Promise<boolean> {
  if (!authorize(actor, 'meeting.respond') || !walk.meetingId || !walk.planMadeAt) return false;
  if (!(await isCheckedIn(db, walk.meetingId, actor.user.id))) return false;
  return placeWalker(db, walk, actor.user.id, now);
}
