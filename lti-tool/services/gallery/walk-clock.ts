// Stand-in for Helper A's pure clock: readClock only, to the contract's signature.
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

export function readClock(clock: WalkClock, now: Date): ClockReading {
  if (!clock.startedAt || !clock.roundStartedAt) return { phase: 'not_started', round: 0, roundEndsAt: null, remainingMs: 0 };
  if (clock.endedAt) return { phase: 'ended', round: clock.round, roundEndsAt: null, remainingMs: 0 };
  const roundMs = clock.roundMinutes * 60_000;
  const at = clock.pausedAt ?? now;
  let round = Math.max(1, clock.round);
  let endsAt = clock.roundStartedAt.getTime() + roundMs + clock.extraMs;
  while (at.getTime() >= endsAt && round < clock.rounds) {
    round += 1;
    endsAt += roundMs;
  }
  if (at.getTime() >= endsAt) return { phase: 'ended', round, roundEndsAt: null, remainingMs: 0 };
  const remainingMs = endsAt - at.getTime();
  if (clock.pausedAt) return { phase: 'paused', round, roundEndsAt: null, remainingMs };
  return { phase: 'running', round, roundEndsAt: new Date(endsAt), remainingMs };
}
