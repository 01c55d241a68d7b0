import type { Db } from '../../db';
import { AppError } from '../../errors';
import { assertAllowed, type Actor } from '../../policies';
import { publishLive, walkTopic } from '../../live/publish';
import { countConnections } from '../../live/presence';
import { listStations, listVisits, listWalkers, lockWalk, namesOf, updateWalk, type WalkRow } from '../../../models/gallery-walks';
import { applyClockAction, readClock, type ClockAction, type ClockReading, type WalkClock } from './walk-clock';
import { walkInScope } from './scope';

export const clockActions = ['start', 'next', 'pause', 'resume', 'extend', 'end'] as const satisfies readonly ClockAction[];

/** A clock action the walk's state refuses (`already_started`, `paused`…): said on the console in the user's language. */
export class ClockRefusal extends AppError {
  constructor(readonly reason: string) {
    super(409, 'gallery_setup_clock_refused', reason, { reason });
  }
}

const clockOf = (walk: WalkRow): WalkClock => ({
  rounds: walk.rounds,
  roundMinutes: walk.roundMinutes,
  startedAt: walk.startedAt,
  round: walk.round,
  roundStartedAt: walk.roundStartedAt,
  extraMs: walk.extraMs,
  pausedAt: walk.pausedAt,
  endedAt: walk.endedAt,
});

const readingJson = (reading: ClockReading, now: Date) => ({
  phase: reading.phase,
  round: reading.round,
  roundEndsAt: reading.roundEndsAt?.toISOString() ?? null,
  remainingMs: reading.remainingMs,
  serverNow: now.toISOString(),
});

/**
 * The facilitator's start, next round, pause, resume, extra minute and end: the pure clock decides, the stored
 * columns change and a `clock` event carries the new reading, in one transaction on the locked walk.
 */
export async function applyWalkClock(db: Db, actor: Actor, walkId: number, action: ClockAction, now = new Date()): Promise<ClockReading> {
  assertAllowed(actor, 'gallery.facilitate');
  const walk = await walkInScope(db, actor, walkId);
  if (walk.mode !== 'live') throw new ClockRefusal('open_mode');
  if (action === 'start' && !walk.planMadeAt) throw new ClockRefusal('no_plan');
  return db.transaction(async (tx) => {
    const locked = (await lockWalk(tx, walk.id))!;
    const result = applyClockAction(clockOf(locked), action, now);
    if (!result.ok) throw new ClockRefusal(result.reason);
    const { startedAt, round, roundStartedAt, extraMs, pausedAt, endedAt } = result.clock;
    await updateWalk(tx, walk.id, { startedAt, round, roundStartedAt, extraMs, pausedAt, endedAt });
    const reading = readClock(result.clock, now);
    await publishLive(tx, walkTopic(walk.id), 'clock', { walkId: walk.id, action, ...readingJson(reading, now) });
    return reading;
  });
}

export interface PlanCell {
  stationId: number;
  number: number;
  authorName: string | null;
  /** A group station's group, named on the big screen so the room finds it (a person's station is not named there). */
  groupName: string | null;
  visitors: Array<{ userId: number; name: string }>;
}

/** The plan as rounds × stations with the visitors' names, and the roster for moving people. */
async function planGrid(db: Db, walk: WalkRow) {
  const [stations, walkers, visits] = await Promise.all([listStations(db, walk.id), listWalkers(db, walk.id), listVisits(db, walk.id)]);
  const names = await namesOf(db, walkers.map((walker) => walker.userId));
  const nameOf = (userId: number) => names.get(userId) ?? `#${userId}`;
  const rounds = Array.from({ length: walk.rounds }, (_, index) => {
    const round = index + 1;
    const cells: PlanCell[] = stations.map((station) => ({
      stationId: station.station.id,
      number: station.station.number,
      authorName: station.authorName,
      groupName: station.group?.name ?? null,
      visitors: visits.filter((visit) => visit.round === round && visit.stationId === station.station.id).map((visit) => ({ userId: visit.userId, name: nameOf(visit.userId) })),
    }));
    return { round, cells };
  });
  const roster = walkers.map((walker) => ({ userId: walker.userId, name: nameOf(walker.userId), fromRound: walker.fromRound }));
  // In a walk of group stations, the presentations whose authors are in no such group stand alone: the leader is told which.
  const aloneInGroupWalk = walk.stationAuthors === 'person' ? [] : stations.filter((station) => station.group === null);
  return {
    stations: stations.map((station) => ({ id: station.station.id, number: station.station.number, authorName: station.authorName })),
    rounds,
    roster,
    stationAuthors: walk.stationAuthors,
    personStations: aloneInGroupWalk.map((station) => ({ number: station.station.number, name: station.authorName })),
  };
}

/** The plan page: the grid, the roster, and whether a plan can still be made (not once started). */
export async function planPage(db: Db, actor: Actor, walkId: number, now = new Date()) {
  assertAllowed(actor, 'gallery.manage');
  const walk = await walkInScope(db, actor, walkId);
  const grid = await planGrid(db, walk);
  const reading = readClock(clockOf(walk), now);
  return { walk, ...grid, reading, mayMakePlan: walk.mode === 'live' && !walk.startedAt, hasPlan: walk.planMadeAt !== null };
}

/** What the console and the big screen show: the reading, this round and the next, and the phones connected. */
export async function walkState(db: Db, actor: Actor, walkId: number, now = new Date()) {
  assertAllowed(actor, 'gallery.facilitate');
  const walk = await walkInScope(db, actor, walkId);
  const [grid, presence] = await Promise.all([planGrid(db, walk), countConnections(db, walkTopic(walk.id), now)]);
  const reading = readClock(clockOf(walk), now);
  const shown = reading.phase === 'not_started' ? 1 : reading.round;
  const current = grid.rounds.find((round) => round.round === shown) ?? null;
  const next = reading.phase === 'ended' ? null : (grid.rounds.find((round) => round.round === shown + 1) ?? null);
  const actions = {
    start: reading.phase === 'not_started' && walk.planMadeAt !== null,
    next: reading.phase === 'running',
    pause: reading.phase === 'running',
    resume: reading.phase === 'paused',
    extend: reading.phase === 'running' || reading.phase === 'paused',
    end: reading.phase === 'running' || reading.phase === 'paused',
  };
  return { walk, reading, clock: readingJson(reading, now), current, next, presence, actions, roster: grid.roster, hasPlan: walk.planMadeAt !== null };
}

export type WalkState = Awaited<ReturnType<typeof walkState>>;

/** The small JSON the console and the screen re-fetch on a live event. */
export function walkStateJson(state: WalkState) {
  const cells = (round: WalkState['current']) =>
    round ? { round: round.round, stations: round.cells.map((cell) => ({ number: cell.number, authorName: cell.authorName, groupName: cell.groupName, visitors: cell.visitors.map((visitor) => visitor.name) })) } : null;
  return { walkId: state.walk.id, rounds: state.walk.rounds, clock: state.clock, current: cells(state.current), next: cells(state.next), presence: state.presence };
}
