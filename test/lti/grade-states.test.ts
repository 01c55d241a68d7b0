import { expect } from 'chai';
import {
  InvalidGradeTransition,
  gradeRetryPolicy,
  gradeSendStates,
  nextGradeSendState,
  resultOfAttempt,
  retryDelayMs,
  type GradeSendEvent,
  type GradeSendState,
} from '../../models/grades';

const error = (retryable: boolean, attempts: number, maxAttempts = 12): GradeSendEvent => ({ type: 'error', retryable, attempts, maxAttempts });

describe('grade send states', () => {
  describe('transitions', () => {
    it('when a pending score is claimed, then it is sending; a sending one whose lock ran out can be claimed again', () => {
      expect(nextGradeSendState('pending', { type: 'claim' })).to.equal('sending');
      expect(nextGradeSendState('sending', { type: 'claim' })).to.equal('sending');
    });

    it('when a sending score is delivered, then it is sent', () => {
      expect(nextGradeSendState('sending', { type: 'delivered' })).to.equal('sent');
    });

    it('when a send fails in a way worth retrying, then it is pending again until the attempts run out', () => {
      expect(nextGradeSendState('sending', error(true, 1))).to.equal('pending');
      expect(nextGradeSendState('sending', error(true, 11))).to.equal('pending');
      expect(nextGradeSendState('sending', error(true, 12))).to.equal('failed');
    });

    it('when a send fails in a way not worth retrying, then it fails at once', () => {
      expect(nextGradeSendState('sending', error(false, 1))).to.equal('failed');
    });

    it('when a failed score is requeued, then it is pending', () => {
      expect(nextGradeSendState('failed', { type: 'requeue' })).to.equal('pending');
    });

    it('when any other event arrives, then the transition is refused', () => {
      const allowed: Record<GradeSendState, GradeSendEvent['type'][]> = {
        pending: ['claim'],
        sending: ['claim', 'delivered', 'error'],
        sent: [],
        failed: ['requeue'],
      };
      const events: GradeSendEvent[] = [{ type: 'claim' }, { type: 'delivered' }, error(true, 1), { type: 'requeue' }];
      for (const state of gradeSendStates) {
        for (const event of events) {
          if (allowed[state].includes(event.type)) continue;
          expect(() => nextGradeSendState(state, event), `${state} on ${event.type}`).to.throw(InvalidGradeTransition);
        }
      }
    });
  });

  describe('backoff', () => {
    it('when attempts grow, then the delay doubles from 5 s and stops at an hour', () => {
      const top = () => 1;
      expect(retryDelayMs(1, top)).to.equal(5_000);
      expect(retryDelayMs(2, top)).to.equal(10_000);
      expect(retryDelayMs(5, top)).to.equal(80_000);
      expect(retryDelayMs(11, top)).to.equal(gradeRetryPolicy.maxDelayMs);
      expect(retryDelayMs(40, top)).to.equal(gradeRetryPolicy.maxDelayMs);
    });

    it('when jitter is applied, then the delay stays between half and all of the step', () => {
      expect(retryDelayMs(3, () => 0)).to.equal(10_000);
      expect(retryDelayMs(3, () => 0.5)).to.equal(15_000);
      expect(retryDelayMs(3, () => 1)).to.equal(20_000);
    });
  });

  describe('result of an attempt', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const sending = { state: 'sending' as const, attempts: 2, nextAttemptAt: new Date('2026-11-22T11:59:00Z') };

    it('when the score was delivered, then it is sent now and the lock is released', () => {
      expect(resultOfAttempt(sending, { ok: true }, now)).to.deep.equal({ state: 'sent', nextAttemptAt: sending.nextAttemptAt, lastError: null, sentAt: now, lockedUntil: null });
    });

    it('when a retryable error happened, then the next attempt is after the backoff, or after Retry-After when that is longer', () => {
      const retry = resultOfAttempt(sending, { ok: false, retryable: true, message: '503' }, now, { random: () => 1 });
      expect(retry).to.include({ state: 'pending', lastError: '503', sentAt: null });
      expect(retry.nextAttemptAt.getTime() - now.getTime()).to.equal(10_000);
      const told = resultOfAttempt(sending, { ok: false, retryable: true, message: '429', retryAfterMs: 120_000 }, now, { random: () => 1 });
      expect(told.nextAttemptAt.getTime() - now.getTime()).to.equal(120_000);
    });

    it('when the last attempt fails, then the score is failed with the error kept', () => {
      const last = resultOfAttempt({ ...sending, attempts: 3 }, { ok: false, retryable: true, message: 'timeout' }, now, { maxAttempts: 3 });
      expect(last).to.include({ state: 'failed', lastError: 'timeout' });
    });
  });
});
