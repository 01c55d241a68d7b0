import { expect } from 'chai';
import { instantToLocal, localTimeToInstant, meetingWindow } from '../../lti-tool/services/evaluations/timing';

describe('Evaluation timing in the network’s zone', () => {
  const zone = 'Europe/Stockholm';

  it('when a form is set to open at 02:30 on the night the clocks go back, then it opens at the first 02:30 (summer time) and shows 02:30', () => {
    const opens = localTimeToInstant('2026-10-25', '02:30', zone)!;
    expect(opens.toISOString()).to.equal('2026-10-25T00:30:00.000Z');
    expect(instantToLocal(opens, zone)).to.deep.equal({ date: '2026-10-25', time: '02:30' });
  });

  it('when a form is set to a time the clocks skip in March, then it is refused, and the hour after is stored as itself', () => {
    expect(localTimeToInstant('2027-03-28', '02:30', zone)).to.equal(undefined);
    const after = localTimeToInstant('2027-03-28', '03:30', zone)!;
    expect(after.toISOString()).to.equal('2027-03-28T01:30:00.000Z');
    expect(instantToLocal(after, zone)).to.deep.equal({ date: '2027-03-28', time: '03:30' });
    expect(localTimeToInstant('2027-03-27', '10:00', zone)!.toISOString()).to.equal('2027-03-27T09:00:00.000Z');
  });

  it('when a meeting is on the day the clocks go forward, then its evaluation opens at its start and closes at local midnight three days on', () => {
    const start = new Date('2027-03-28T07:00:00.000Z'); // 09:00 summer time
    const window = meetingWindow(start, zone);
    expect(window.opensAt.toISOString()).to.equal(start.toISOString());
    expect(window.closesAt.toISOString()).to.equal('2027-03-30T22:00:00.000Z'); // 2027-03-31 00:00 CEST
    expect(instantToLocal(window.closesAt, zone)).to.deep.equal({ date: '2027-03-31', time: '00:00' });
  });

  it('when a meeting is just before the clocks go back, then its evaluation closes at local midnight in winter time', () => {
    const window = meetingWindow(new Date('2026-10-23T07:00:00.000Z'), zone); // Friday 09:00 CEST
    expect(window.closesAt.toISOString()).to.equal('2026-10-25T23:00:00.000Z'); // 2026-10-26 00:00 CET
  });

  it('when a meeting starts late in the evening UTC, then the days are counted in the network’s zone, not UTC', () => {
    const window = meetingWindow(new Date('2027-01-11T23:30:00.000Z'), zone); // 12 January 00:30 local
    expect(instantToLocal(window.closesAt, zone)).to.deep.equal({ date: '2027-01-15', time: '00:00' });
  });
});
