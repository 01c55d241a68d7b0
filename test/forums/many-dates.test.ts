import { expect } from 'chai';
import { formatterFor } from '../../lti-tool/i18n/format';
import { manyDateTimes } from '../../lti-tool/i18n/many-dates';

describe('Dates on long forum pages', () => {
  it('when a thread shows its posts’ times, then they read exactly as everywhere else in the tool, in every language and across summer time', () => {
    const dates = ['2027-01-11T08:05:00Z', '2027-03-28T00:59:00Z', '2027-03-28T01:01:00Z', '2027-06-30T22:30:00Z', '2027-10-31T00:30:00Z', '2027-12-31T23:59:00Z'].map((iso) => new Date(iso));
    for (const lang of ['sv', 'da', 'nb', 'en']) {
      for (const zone of ['Europe/Stockholm', 'Europe/Oslo', 'Atlantic/Reykjavik']) {
        const fmt = formatterFor(lang, zone);
        const fast = manyDateTimes(lang, fmt);
        for (const date of dates) expect(fast(date), `${lang} ${zone} ${date.toISOString()}`).to.equal(fmt.dateTime(date));
      }
    }
  });
});
