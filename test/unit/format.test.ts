import { expect } from 'chai';
import { formatterFor, serverFormatter } from '../../lti-tool/i18n/format';

describe('One formatter for every time shown', () => {
  // 08:30 UTC on a winter day: 09:30 in Oslo, Copenhagen and Stockholm.
  const moment = new Date('2026-03-05T08:30:00Z');

  it('when a time is shown in each language, then it follows that language’s convention in the network’s zone', () => {
    const cases: Array<[string, string, string, string]> = [
      ['nb', '09.30', 'kl. 09.30', '5. mars kl. 09.30'],
      ['da', '09.30', 'kl. 09.30', '5. mar. kl. 09.30'],
      ['sv', '09:30', 'kl. 09:30', '5 mars kl. 09:30'],
      ['en', '09:30', '09:30', '5 Mar, 09:30'],
    ];
    for (const [lang, time, clock, dateTime] of cases) {
      const fmt = formatterFor(lang, 'Europe/Oslo');
      expect([fmt.time(moment), fmt.clock(moment), fmt.dateTime(moment)], lang).to.deep.equal([time, clock, dateTime]);
    }
  });

  it('when the afternoon is shown, then the clock is 24-hour in every language', () => {
    const afternoon = new Date('2026-03-05T15:05:00Z');
    for (const lang of ['nb', 'da', 'sv', 'en']) expect(formatterFor(lang, 'Europe/Stockholm').time(afternoon), lang).to.match(/^16[.:]05$/);
  });

  it('when a page outside any network shows a time, then it is in UTC and says so', () => {
    expect(serverFormatter('nb').dateTime(moment)).to.equal('5. mars kl. 08.30 UTC');
    expect(serverFormatter('en').dateTime(moment)).to.equal('5 Mar, 08:30 UTC');
  });
});
