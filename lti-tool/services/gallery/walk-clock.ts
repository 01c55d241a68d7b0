// Stand-in for Helper A's round clock: same signatures, a minimal reading. Dropped at merge.
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
export interface ClockReading {
  phase: WalkPhase;
  round: number;
  roundEndsAt: Date | null;
  remainingMs: number;
}
export type ClockAction = 'start' | 'next' | 'pause' | 'resume' | 'extend' | 'end';

export function readClock(clock: WalkClock, now: Date): ClockReading {
  if (!clock.startedAt || !clock.roundStartedAt) return { phase: clock.endedAt ? 'ended' : 'not_started', round: 0, roundEndsAt: null, remainingMs: 0 };
  if (clock.endedAt) return { phase: 'ended', round: clock.round, roundEndsAt: null, remainingMs: 0 };
  const length = clock.roundMinutes * 60_000 + clock.extraMs;
  const endsAt = new Date(clock.roundStartedAt.getTime() + length);
  if (clock.pausedAt) return { phase: 'paused', round: clock.round, roundEndsAt: null, remainingMs: Math.max(0, endsAt.getTime() - clock.pausedAt.getTime()) };
  return { phase: 'running', round: clock.round, roundEndsAt: endsAt, remainingMs: Math.max(0, endsAt.getTime() - now.getTime()) };
}

export function applyClockAction(
  clock: WalkClock,
  action: ClockAction,
  now: Date,
): { ok: true; clock: WalkClock } | { ok: false; reason: 'not_started' | 'already_started' | 'ended' | 'paused' | 'not_paused' } {
  if (clock.endedAt) return { ok: false, reason: 'ended' };
  if (action === 'start') return clock.startedAt ? { ok: false, reason: 'already_started' } : { ok: true, clock: { ...clock, startedAt: now, round: 1, roundStartedAt: now, extraMs: 0 } };
  if (!clock.startedAt || !clock.roundStartedAt) return { ok: false, reason: 'not_started' };
  switch (action) {
    case 'next':
      if (clock.pausedAt) return { ok: false, reason: 'paused' };
      if (clock.round >= clock.rounds) return { ok: true, clock: { ...clock, endedAt: now } };
      return { ok: true, clock: { ...clock, round: clock.round + 1, roundStartedAt: now, extraMs: 0 } };
    case 'pause':
      return clock.pausedAt ? { ok: false, reason: 'paused' } : { ok: true, clock: { ...clock, pausedAt: now } };
    case 'resume':
      if (!clock.pausedAt) return { ok: false, reason: 'not_paused' };
      return { ok: true, clock: { ...clock, pausedAt: null, roundStartedAt: new Date(clock.roundStartedAt.getTime() + now.getTime() - clock.pausedAt.getTime()) } };
    case 'extend':
      return { ok: true, clock: { ...clock, extraMs: clock.extraMs + 60_000 } };
    case 'end':
      return { ok: true, clock: { ...clock, endedAt: now, pausedAt: null } };
    default:
      return { ok: false, reason: 'not_started' };
  }
}
