import { expect } from 'chai';
import { DateTime } from 'luxon';
import { planYear } from '../../lti-tool/services/year-templates';
import { holidayOf } from '../../lti-tool/services/year-templates/holidays';
import type { TemplateId } from '../../lti-tool/services/year-types';

const templates: TemplateId[] = ['pilot-year', 'municipal-network', 'regional-partnership'];
const day = (date: string) => DateTime.fromISO(date, { zone: 'Europe/Stockholm' }).set({ hour: 12 });
const plan = (template: TemplateId, startDate: string) => planYear(template, { startDate, timeZone: 'Europe/Stockholm', language: 'sv' });

describe('Year templates keep out of the school holidays', () => {
  it('when a day is in late June to mid August or about 20 December to 6 January, then it is a holiday; days around them are not', () => {
    expect(holidayOf(day('2027-06-22'))?.name).to.equal('summer');
    expect(holidayOf(day('2027-07-26'))?.name).to.equal('summer');
    expect(holidayOf(day('2027-12-24'))?.name).to.equal('christmas');
    expect(holidayOf(day('2028-01-05'))?.name).to.equal('christmas');
    for (const date of ['2027-06-15', '2027-08-18', '2027-12-14', '2028-01-10']) expect(holidayOf(day(date)), date).to.equal(undefined);
  });

  it('when the pilot year starts in January, then meetings 4 and 5 are not put on 22 June and 26 July, and both moves are told', () => {
    const year = plan('pilot-year', '2027-01-11');
    const dates = year.meetings.map((meeting) => meeting.date);
    expect(dates).not.to.include('2027-06-22').and.not.to.include('2027-07-26');
    expect(year.moved.map((move) => [move.number, move.from, move.holiday])).to.deep.equal([
      [4, '2027-06-22', 'summer'],
      [5, '2027-07-26', 'summer'],
    ]);
    expect(dates[3]! < '2027-06-20', 'meeting 4 comes before midsummer, the nearer side').to.equal(true);
  });

  for (const template of templates) {
    for (let month = 1; month <= 12; month += 1) {
      for (const dayOfMonth of [1, 15, 28]) {
        const startDate = `2027-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
        it(`when the ${template} starts on ${startDate}, then no meeting is in a holiday, they keep their order a week apart, none is before the start, and every move is told`, () => {
          const year = plan(template, startDate);
          expect(year.meetings.length).to.be.at.least(4);
          year.meetings.forEach((meeting, index) => {
            expect(holidayOf(day(meeting.date)), `meeting ${meeting.number} on ${meeting.date}`).to.equal(undefined);
            expect(meeting.date >= startDate, `meeting ${meeting.number} on ${meeting.date}`).to.equal(true);
            expect(day(meeting.date).weekday, `meeting ${meeting.number} on ${meeting.date}`).to.be.at.most(5);
            const previous = year.meetings[index - 1];
            if (previous) expect(day(meeting.date).diff(day(previous.date), 'days').days, `meetings ${previous.number}–${meeting.number}`).to.be.at.least(7);
          });
          for (const move of year.moved) {
            expect(year.meetings.find((meeting) => meeting.number === move.number)?.date).to.equal(move.to);
            expect(move.from).not.to.equal(move.to);
          }
        });
      }
    }
  }
});
