/**
 * The clock of a live gallery walk, read from stored times only: no timer in any process advances a round, so a reload,
 * a restart or a second tool process reads the same round and countdown. A round that runs out is followed at once by
 * the next (by the clock), and the walk has ended when the last round has run out. Actions first bring the stored
 * round up to the one the clock reads, so that what they change is the round everyone sees.
 */

/** Exactly the clock columns of gallery_walks. */
export interface WalkClock {
  rounds: number;
  roundMinutes: number;
  startedAt: Date | null;
  round: number;
  roundStartedAt: Date | null;
  extraMs: number;
  pausedAt: Date | null;
  endedAt: Date | null;
}

export type WalkPhase = 'not_started' | 'running' | 'paused' | 'ended';
/** round is 0 before the start; remainingMs is frozen while paused; roundEndsAt is null unless the round is running. */
export interface ClockReading { phase: WalkPhase; round: number; roundEndsAt: Date | null; remainingMs: number }
export type ClockAction = 'start' | 'next' | 'pause' | 'resume' | 'extend' | 'end';
export type ClockRefusal = 'not_started' | 'already_started' | 'ended' | 'paused' | 'not_paused';
export type ClockResult = { ok: true; clock: WalkClock } | { ok: false; reason: ClockRefusal };

/** What "extend" adds to the current round. */
export const extendMs = 60_000;

const roundMsOf = (clock: WalkClock) => clock.roundMinutes * 60_000;

/** The round the clock reads now, with when it began; null once the last round has run out. */
function currentRound(clock: WalkClock, roundStartedAt: Date, now: Date): { round: number; startedAt: number; endsAt: number } | null {
  const roundMs = roundMsOf(clock);
  const storedEnd = roundStartedAt.getTime() + roundMs + clock.extraMs;
  if (now.getTime() < storedEnd) return { round: clock.round, startedAt: roundStartedAt.getTime(), endsAt: storedEnd };
  if (roundMs <= 0) return null;
  const passed = Math.floor((now.getTime() - storedEnd) / roundMs);
  const round = clock.round + 1 + passed;
  if (round > clock.rounds) return null;
  const startedAt = storedEnd + passed * roundMs;
  return { round, startedAt, endsAt: startedAt + roundMs };
}

/** Where the walk stands at `now`. */
export function readClock(clock: WalkClock, now: Date): ClockReading {
  if (!clock.startedAt || !clock.roundStartedAt) return { phase: 'not_started', round: 0, roundEndsAt: null, remainingMs: 0 };
  if (clock.endedAt) return { phase: 'ended', round: clock.round, roundEndsAt: null, remainingMs: 0 };
  if (clock.pausedAt) {
    const remainingMs = clock.roundStartedAt.getTime() + roundMsOf(clock) + clock.extraMs - clock.pausedAt.getTime();
    return { phase: 'paused', round: clock.round, roundEndsAt: null, remainingMs: Math.max(0, remainingMs) };
  }
  const current = currentRound(clock, clock.roundStartedAt, now);
  if (!current) return { phase: 'ended', round: clock.rounds, roundEndsAt: null, remainingMs: 0 };
  return { phase: 'running', round: current.round, roundEndsAt: new Date(current.endsAt), remainingMs: Math.max(0, current.endsAt - now.getTime()) };
}

/** The stored round brought up to the one the clock reads (a running walk only). */
function normalized(clock: WalkClock, now: Date): WalkClock {
  if (!clock.roundStartedAt || clock.pausedAt) return clock;
  const current = currentRound(clock, clock.roundStartedAt, now);
  if (!current || current.round === clock.round) return clock;
  return { ...clock, round: current.round, roundStartedAt: new Date(current.startedAt), extraMs: 0 };
}

function refusal(clock: WalkClock, action: ClockAction, now: Date): ClockRefusal | null {
  const phase = readClock(clock, now).phase;
  if (phase === 'ended') return 'ended';
  if (action === 'start') return phase === 'not_started' ? null : 'already_started';
  if (phase === 'not_started') return 'not_started';
  if (action === 'pause' && phase === 'paused') return 'paused';
  if (action === 'resume' && phase !== 'paused') return 'not_paused';
  return null;
}

/**
 * The clock after a facilitator's action at `now`, or why the action does not apply. `next` while paused starts the
 * next round running; `extend` while paused adds to the frozen remainder.
 */
export function applyClockAction(clock: WalkClock, action: ClockAction, now: Date): ClockResult {
  const refused = refusal(clock, action, now);
  if (refused) return { ok: false, reason: refused };
  const at = normalized(clock, now);
  switch (action) {
    case 'start':
      return { ok: true, clock: { ...clock, startedAt: now, round: 1, roundStartedAt: now, extraMs: 0, pausedAt: null, endedAt: null } };
    case 'pause':
      return { ok: true, clock: { ...at, pausedAt: now } };
    case 'resume': {
      const pausedMs = now.getTime() - (at.pausedAt as Date).getTime();
      return { ok: true, clock: { ...at, roundStartedAt: new Date((at.roundStartedAt as Date).getTime() + pausedMs), pausedAt: null } };
    }
    case 'extend':
      return { ok: true, clock: { ...at, extraMs: at.extraMs + extendMs } };
    case 'next':
      if (at.round >= at.rounds) return { ok: true, clock: { ...at, pausedAt: null, endedAt: now } };
      return { ok: true, clock: { ...at, round: at.round + 1, roundStartedAt: now, extraMs: 0, pausedAt: null } };
    case 'end':
      return { ok: true, clock: { ...at, pausedAt: null, endedAt: now } };
  }
}
