import { expect } from 'chai';
import fc from 'fast-check';
import { applyClockAction, readClock, type ClockAction, type WalkClock } from '../../lti-tool/services/gallery/walk-clock';

const minute = 60_000;
const t0 = Date.UTC(2025, 2, 12, 9, 0, 0);
const at = (ms: number) => new Date(t0 + ms);
const fresh: WalkClock = { rounds: 3, roundMinutes: 5, startedAt: null, round: 0, roundStartedAt: null, extraMs: 0, pausedAt: null, endedAt: null };

/** Applies actions at their times (ms after t0); a refused action leaves the clock as it was and is reported. */
function run(steps: Array<[number, ClockAction]>, clock = fresh) {
  const refusals: string[] = [];
  for (const [ms, action] of steps) {
    const result = applyClockAction(clock, action, at(ms));
    if (result.ok) clock = result.clock;
    else refusals.push(`${action}@${ms}:${result.reason}`);
  }
  return { clock, refusals };
}

describe('gallery walk clock', () => {
  const table: Array<{ when: string; steps: Array<[number, ClockAction]>; readAt: number; phase: string; round: number; remaining: number; refusals?: string[] }> = [
    { when: 'never started', steps: [], readAt: 0, phase: 'not_started', round: 0, remaining: 0 },
    { when: 'started, two minutes in', steps: [[0, 'start']], readAt: 2 * minute, phase: 'running', round: 1, remaining: 3 * minute },
    { when: 'the first round has run out (no timer)', steps: [[0, 'start']], readAt: 5 * minute + 1000, phase: 'running', round: 2, remaining: 5 * minute - 1000 },
    { when: 'exactly at a round boundary', steps: [[0, 'start']], readAt: 10 * minute, phase: 'running', round: 3, remaining: 5 * minute },
    { when: 'the last round has run out', steps: [[0, 'start']], readAt: 15 * minute, phase: 'ended', round: 3, remaining: 0 },
    { when: 'long after the end', steps: [[0, 'start']], readAt: 99 * minute, phase: 'ended', round: 3, remaining: 0 },
    { when: 'paused one minute in', steps: [[0, 'start'], [minute, 'pause']], readAt: 30 * minute, phase: 'paused', round: 1, remaining: 4 * minute },
    { when: 'paused in a round the clock moved on to', steps: [[0, 'start'], [6 * minute, 'pause']], readAt: 50 * minute, phase: 'paused', round: 2, remaining: 4 * minute },
    { when: 'resumed after a ten-minute pause', steps: [[0, 'start'], [minute, 'pause'], [11 * minute, 'resume']], readAt: 12 * minute, phase: 'running', round: 1, remaining: 3 * minute },
    { when: 'extended by a minute', steps: [[0, 'start'], [minute, 'extend']], readAt: 5 * minute + 30_000, phase: 'running', round: 1, remaining: 30_000 },
    { when: 'extended, then the next round follows without the extra', steps: [[0, 'start'], [minute, 'extend']], readAt: 7 * minute, phase: 'running', round: 2, remaining: 4 * minute },
    { when: 'extended in a round the clock moved on to', steps: [[0, 'start'], [7 * minute, 'extend']], readAt: 10 * minute + 30_000, phase: 'running', round: 2, remaining: 30_000 },
    { when: 'extended while paused', steps: [[0, 'start'], [minute, 'pause'], [2 * minute, 'extend']], readAt: 3 * minute, phase: 'paused', round: 1, remaining: 5 * minute },
    { when: 'next round started early', steps: [[0, 'start'], [minute, 'next']], readAt: 2 * minute, phase: 'running', round: 2, remaining: 4 * minute },
    { when: 'next from a paused round', steps: [[0, 'start'], [minute, 'pause'], [3 * minute, 'next']], readAt: 4 * minute, phase: 'running', round: 2, remaining: 4 * minute },
    { when: 'next after the last round', steps: [[0, 'start'], [minute, 'next'], [2 * minute, 'next'], [3 * minute, 'next']], readAt: 4 * minute, phase: 'ended', round: 3, remaining: 0 },
    { when: 'ended by the facilitator', steps: [[0, 'start'], [6 * minute, 'end']], readAt: 7 * minute, phase: 'ended', round: 2, remaining: 0 },
    {
      when: 'pausing twice and resuming a running walk',
      steps: [[0, 'start'], [minute, 'pause'], [2 * minute, 'pause'], [3 * minute, 'resume'], [4 * minute, 'resume']],
      readAt: 4 * minute, phase: 'running', round: 1, remaining: 3 * minute, refusals: ['pause@120000:paused', 'resume@240000:not_paused'],
    },
    {
      when: 'acting before the start',
      steps: [[0, 'next'], [0, 'pause'], [0, 'resume'], [0, 'extend'], [0, 'end']],
      readAt: 0, phase: 'not_started', round: 0, remaining: 0, refusals: ['next@0:not_started', 'pause@0:not_started', 'resume@0:not_started', 'extend@0:not_started', 'end@0:not_started'],
    },
    { when: 'starting twice', steps: [[0, 'start'], [minute, 'start']], readAt: minute, phase: 'running', round: 1, remaining: 4 * minute, refusals: ['start@60000:already_started'] },
    {
      when: 'acting after the end',
      steps: [[0, 'start'], [minute, 'end'], [2 * minute, 'start'], [2 * minute, 'next'], [2 * minute, 'resume'], [2 * minute, 'end']],
      readAt: 3 * minute, phase: 'ended', round: 1, remaining: 0, refusals: ['start@120000:ended', 'next@120000:ended', 'resume@120000:ended', 'end@120000:ended'],
    },
    { when: 'acting after the clock ran out', steps: [[0, 'start'], [20 * minute, 'extend']], readAt: 21 * minute, phase: 'ended', round: 3, remaining: 0, refusals: ['extend@1200000:ended'] },
  ];
  for (const row of table) {
    it(`when ${row.when}, then it reads ${row.phase} round ${row.round} with ${row.remaining} ms left`, () => {
      const { clock, refusals } = run(row.steps);
      const reading = readClock(clock, at(row.readAt));
      expect({ phase: reading.phase, round: reading.round, remaining: reading.remainingMs }).to.deep.equal({ phase: row.phase, round: row.round, remaining: row.remaining });
      expect(refusals).to.deep.equal(row.refusals ?? []);
      if (reading.phase === 'running') expect(reading.roundEndsAt?.getTime()).to.equal(t0 + row.readAt + row.remaining);
      else expect(reading.roundEndsAt).to.equal(null);
    });
  }

  it('when the clock is acted on, then the stored clock given is not changed (a reload reads the same)', () => {
    const started = run([[0, 'start']]).clock;
    const copy = structuredClone(started);
    applyClockAction(started, 'pause', at(minute));
    applyClockAction(started, 'next', at(minute));
    expect(started).to.deep.equal(copy);
    expect(readClock(structuredClone(started), at(7 * minute))).to.deep.equal(readClock(started, at(7 * minute)));
  });

  it('when any actions come at increasing times, then the round never goes back, nothing is negative, a pause freezes and the end is final', () => {
    const action = fc.constantFrom<ClockAction>('start', 'next', 'pause', 'resume', 'extend', 'end');
    const step = fc.tuple(fc.integer({ min: 0, max: 8 * minute }), action);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 10 }), fc.array(step, { maxLength: 25 }), (rounds, roundMinutes, steps) => {
        let clock: WalkClock = { ...fresh, rounds, roundMinutes };
        let now = 0;
        let last = readClock(clock, at(now));
        for (const [wait, act] of steps) {
          // Read once before the action too, so that time passing alone is checked as well as each action.
          for (const ms of [now + wait / 2, now + wait]) {
            const reading = readClock(clock, at(ms));
            expect(reading.round).to.be.at.least(last.round);
            expect(reading.remainingMs).to.be.at.least(0);
            expect(reading.round).to.be.at.most(rounds);
            if (last.phase === 'paused' && reading.phase === 'paused') expect(reading.remainingMs).to.equal(last.remainingMs);
            if (last.phase === 'ended') expect(reading).to.deep.equal(last);
            if (reading.phase === 'running') expect(reading.remainingMs).to.be.at.most(roundMinutes * minute + clock.extraMs);
            last = reading;
          }
          now += wait;
          const result = applyClockAction(clock, act, at(now));
          if (last.phase === 'ended') expect(result).to.deep.equal({ ok: false, reason: 'ended' });
          if (result.ok) clock = result.clock;
          const after = readClock(clock, at(now));
          expect(after.round).to.be.at.least(last.round);
          if (last.phase === 'paused' && after.phase === 'paused') expect(after.remainingMs).to.be.at.least(last.remainingMs);
          last = after;
        }
      }),
      { numRuns: 300 },
    );
  });
});
