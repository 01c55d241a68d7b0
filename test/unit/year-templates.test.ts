import { expect } from 'chai';
import { DateTime } from 'luxon';
import { kindergartenClassLeadersOptions, planYear, templateChoices } from '../../lti-tool/services/year-templates';
import { templateIds, type NetworkLanguage, type PlanOptions, type PlannedMeeting, type TemplateId, type YearPlan } from '../../lti-tool/services/year-types';

const languages: NetworkLanguage[] = ['sv', 'da', 'nb', 'en'];
const nordicZones = ['Europe/Stockholm', 'Europe/Copenhagen', 'Europe/Oslo'];

function plan(template: TemplateId, overrides: Partial<PlanOptions> = {}): YearPlan {
  return planYear(template, { startDate: '2019-10-10', timeZone: 'Europe/Stockholm', language: 'sv', ...overrides });
}

const items = (meeting: PlannedMeeting) => meeting.programme.map((item) => ({ kind: item.kind, title: item.title, ...(item.speaker ? { speaker: item.speaker } : {}) }));
const local = (date: string, time: string, zone: string) => DateTime.fromISO(`${date}T${time}`, { zone });
const daysBetween = (from: string, to: string) => DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days;

function meetingAt(year: YearPlan, number: number): PlannedMeeting {
  const meeting = year.meetings.find((candidate) => candidate.number === number);
  if (!meeting) throw new Error(`no meeting ${number}`);
  return meeting;
}

/** Every text of a plan, in a fixed order, to compare languages item by item. */
function texts(year: YearPlan): string[] {
  return [
    ...year.meetings.flatMap((meeting) => [meeting.theme, ...(meeting.kindLabel ? [meeting.kindLabel] : []), ...meeting.programme.flatMap((item) => [item.title, ...(item.speaker ? [item.speaker] : [])])]),
    ...year.intervals.flatMap((interval) => [interval.title, ...interval.tasks, ...interval.recordedLectures.map((lecture) => lecture.title), ...interval.literature]),
  ];
}

/** The plan without its words: numbers, dates, times, kinds, places. */
function shape(year: YearPlan) {
  return {
    meetings: year.meetings.map((meeting) => ({
      number: meeting.number,
      date: meeting.date,
      times: [meeting.startTime, meeting.endTime, meeting.fullDay, meeting.mode, meeting.place],
      programme: meeting.programme.map((item) => [item.start, item.end, item.kind, Boolean(item.speaker)]),
    })),
    intervals: year.intervals.map((interval) => [interval.afterMeeting, interval.tasks.length, interval.recordedLectures.length, interval.literature.length]),
  };
}

describe('year templates', () => {
  describe('pilot-year (seed 004, Linnéuniversitetet + Skolverket)', () => {
    it('when the pilot year is planned in Swedish, then it has the seed’s five themes in the seed’s order', () => {
      const year = plan('pilot-year');
      expect(year.meetings.map((meeting) => meeting.theme)).to.deep.equal([
        'Utvecklingsområden och uppdrag',
        'Kollegialt lärande',
        'Lärarledarskap och systematiskt kvalitetsarbete',
        'Processledning och pedagogiska verktyg',
        'Nätverksplan och fortsatt samarbete',
      ]);
      expect(year.meetings.map((meeting) => meeting.number)).to.deep.equal([1, 2, 3, 4, 5]);
    });

    it('when the pilot year is planned, then meetings 1–3 are in Kalmar, Växjö, Kalmar and every meeting is a full day on site', () => {
      const year = plan('pilot-year');
      expect(year.meetings.slice(0, 3).map((meeting) => meeting.place)).to.deep.equal(['Kalmar', 'Växjö', 'Kalmar']);
      expect(year.meetings.slice(3).map((meeting) => meeting.place)).to.deep.equal(['Växjö', 'Kalmar']);
      for (const meeting of year.meetings) {
        expect(meeting).to.include({ fullDay: true, mode: 'onsite', startTime: '09:30', endTime: '16:00' });
      }
    });

    it('when the pilot year is planned, then a preparation step before the first meeting holds the seed’s three tasks', () => {
      const [preparation] = plan('pilot-year').intervals;
      expect(preparation?.afterMeeting).to.equal(null);
      expect(preparation?.title).to.equal('Förberedelse i den egna verksamheten');
      expect(preparation?.tasks).to.have.length(3);
      const [selfAssessment, talk, slides] = preparation?.tasks ?? [];
      expect(selfAssessment).to.equal('Genomför den skattning som skickades med i välkomstbrevet.');
      expect(talk).to.equal('Samtala med din rektor om vilka utvecklingsområden som är angelägna att utveckla på din skola.');
      expect(slides).to.include('Förbered en presentation av ditt uppdrag.');
      expect(slides).to.include('Gör en mycket kort powerpointpresentation med två-tre betydelsebärande bilder och punkter.');
      expect(slides).to.include('Formulera en kort text/stödord för eget bruk i anteckningsfältet');
      expect(slides).to.include('Nuläge').and.to.include('Utvecklingsstrategier');
    });

    it('when the pilot year is planned, then the work between meetings prepares B, C and D and the recorded lecture comes after meeting 2', () => {
      const between = plan('pilot-year').intervals.filter((interval) => interval.afterMeeting !== null);
      expect(between.map((interval) => interval.afterMeeting)).to.deep.equal([1, 2, 3, 4]);
      for (const interval of between) {
        expect(interval.title).to.equal('Utvecklingsarbete i den egna skolverksamheten');
        expect(interval.tasks[0]).to.match(/^Verksamhetsförlagda studier: intervjuer, observationer/);
      }
      expect(between.slice(0, 3).map((interval) => interval.tasks[1])).to.deep.equal(['Förberedelse redovisning B', 'Förberedelse redovisning C', 'Förberedelse redovisning D']);
      expect(between.map((interval) => interval.recordedLectures)).to.deep.equal([
        [],
        [{ title: 'Carl-Henrik Adolfsson, Systematiskt kvalitetsarbete: Formella och sociala system' }],
        [],
        [],
      ]);
    });

    it('when the pilot year is planned, then it proposes Redovisning A–D for meetings 1–4, with A’s guiding questions and the school-leader conversation from the seed', () => {
      const year = plan('pilot-year');
      expect(year.assignments.map((assignment) => [assignment.letter, assignment.presentedAtMeeting])).to.deep.equal([['A', 1], ['B', 2], ['C', 3], ['D', 4]]);
      const [a] = year.assignments;
      expect(a!.title).to.equal('Uppdrag och utvecklingsområden');
      expect(a!.guidingQuestions.map((section) => section.heading)).to.deep.equal(['Nuläge', 'Utvecklingsstrategier', 'Samtal med skolledaren']);
      expect(a!.guidingQuestions[0]!.questions[0]).to.equal('Hur är ditt uppdrag formulerat? Vem/vilka har formulerat det? Hur är det förankrat och kommunicerat i verksamheten?');
      expect(a!.guidingQuestions[1]!.questions).to.include('Vilka förväntningar har du på nätverket för att stödja dig i ditt uppdrag?');
      expect(a!.instructions).to.include('anteckningssidor');
      expect(a!.leaderConversation).to.equal(true);
      expect(year.assignments.slice(1).every((assignment) => !assignment.leaderConversation)).to.equal(true);
      const danish = plan('pilot-year', { language: 'da' });
      expect(danish.assignments[0]!.guidingQuestions[2]!.heading).to.equal('Samtale med skolelederen');
    });

    it('when meetings 1–3 are planned, then their programme items have the seed’s kinds, titles and speakers', () => {
      const year = plan('pilot-year');
      const first = items(meetingAt(year, 1));
      expect(first.map((item) => item.kind)).to.deep.equal(['welcome', 'presentations', 'break', 'group_discussion', 'other', 'next_assignment', 'day_evaluation']);
      expect(first[1]?.title).to.equal('Redovisning A: Uppdrag och utvecklingsområden – muntlig redovisning i mindre grupp (cirka 20-30 minuter)');

      expect(items(meetingAt(year, 2))).to.deep.equal([
        { kind: 'gallery_walk', title: 'Gallery Walk redovisning A' },
        { kind: 'other', title: 'Återkoppling utvärdering träff 1' },
        { kind: 'lecture', title: 'Att driva kollegialt lärande', speaker: 'Magnus Frísk, rektor, Hagaskolan, och förstelärarrepresentanter från Hagaskolan' },
        { kind: 'break', title: 'Lunch' },
        {
          kind: 'group_discussion',
          title: 'Kollegialt lärande: Gruppvisa diskussioner utifrån föreläsningens innehåll och redovisning B i relation till det egna utvecklingsarbetet på skolenheten',
        },
        { kind: 'gallery_walk', title: 'Gruppvisa redovisningar – ”Gallery Walk”' },
        { kind: 'next_assignment', title: 'Genomgång av redovisning C till nästa träff' },
        { kind: 'day_evaluation', title: 'Utvärdering av dagen' },
      ]);

      const third = items(meetingAt(year, 3));
      expect(third.map((item) => item.kind)).to.deep.equal(['lecture', 'group_discussion', 'break', 'gallery_walk', 'peer_supervision', 'next_assignment', 'day_evaluation']);
      expect(third[0]).to.deep.equal({ kind: 'lecture', title: 'Perspektiv på lärarledarskap, systematiskt kvalitetsarbete och kommunikation', speaker: 'Daniel Alvunger' });
      expect(third[1]?.title).to.match(/^Kollegialt lärande: Gruppvisa diskussioner och reflektioner utifrån föreläsningens innehåll/);
      expect(third[1]?.title).to.include('med fokus på den egna ledarrollen').and.to.include('redovisning C');
      expect(third[4]?.title).to.equal('Problembaserad kollegahandledning');
      expect(third[5]?.title).to.equal('Genomgång av redovisning D till nästa träff');
    });

    it('when meetings 4 and 5 are planned, then they follow the pattern and the last one closes with the network plan before the evaluation', () => {
      const year = plan('pilot-year');
      for (const number of [4, 5]) {
        const kinds = meetingAt(year, number).programme.map((item) => item.kind);
        expect(kinds).to.include.members(['lecture', 'group_discussion', 'gallery_walk', 'peer_supervision', 'day_evaluation']);
      }
      const last = meetingAt(year, 5).programme;
      expect(last.at(-2)?.title).to.equal('Nätverksplan och fortsatt samarbete');
    });

    it('when any pilot meeting is planned, then its items run in order within the day and it ends with the evaluation of the day', () => {
      for (const language of languages) {
        for (const meeting of plan('pilot-year', { language }).meetings) {
          expect(meeting.programme.at(-1)?.kind, `meeting ${meeting.number} (${language})`).to.equal('day_evaluation');
          expect(meeting.programme.at(-1)?.end).to.equal(meeting.endTime);
          expect(meeting.programme[0]?.start).to.equal(meeting.startTime);
          meeting.programme.forEach((item, index) => {
            expect(item.end && item.start < item.end, `${item.title}`).to.equal(true);
            const next = meeting.programme[index + 1];
            if (next) expect(next.start).to.equal(item.end);
          });
        }
      }
    });

    it('when the pilot year is planned in each language, then every text exists, the non-Swedish ones are translated and the structure is the same', () => {
      const swedish = plan('pilot-year', { language: 'sv' });
      for (const language of ['da', 'nb', 'en'] as const) {
        const other = plan('pilot-year', { language });
        expect(other.language).to.equal(language);
        expect(shape(other)).to.deep.equal(shape(swedish));
        const words = texts(other);
        expect(words.every((text) => text.trim().length > 0)).to.equal(true);
        expect(other.meetings.map((meeting) => meeting.theme)).to.not.include.members(swedish.meetings.map((meeting) => meeting.theme));
        expect(words.length).to.equal(texts(swedish).length);
      }
      expect(plan('pilot-year', { language: 'en' }).meetings.map((meeting) => meeting.theme)[1]).to.equal('Collegial learning');
    });
  });

  describe('proposed dates', () => {
    const seedDates = ['2019-10-10', '2019-12-05', '2020-01-17', '2020-03-20', '2020-04-23'];

    it('when the pilot year starts on the seed’s first date, then it proposes the seed’s five dates', () => {
      expect(plan('pilot-year', { startDate: '2019-10-10' }).meetings.map((meeting) => meeting.date)).to.deep.equal(seedDates);
    });

    it('when the pilot year starts on any weekday, then the dates are weekdays, in order, and within a day of the seed’s spacing', () => {
      const seedSpacing = seedDates.map((date) => daysBetween(seedDates[0] as string, date));
      for (const startDate of ['2026-08-17', '2026-08-18', '2026-08-19', '2026-08-20', '2026-08-21']) {
        const dates = plan('pilot-year', { startDate }).meetings.map((meeting) => meeting.date);
        expect(dates[0]).to.equal(startDate);
        dates.forEach((date, index) => {
          expect(DateTime.fromISO(date).weekday, `${date} from ${startDate}`).to.be.at.most(5);
          expect(Math.abs(daysBetween(startDate, date) - (seedSpacing[index] as number))).to.be.at.most(1);
          if (index > 0) expect(date > (dates[index - 1] as string)).to.equal(true);
        });
      }
    });

    it('when the start date is a Saturday or a Sunday, then the first meeting is on the Monday after', () => {
      expect(plan('pilot-year', { startDate: '2026-08-22' }).meetings[0]?.date).to.equal('2026-08-24');
      expect(plan('pilot-year', { startDate: '2026-08-23' }).meetings[0]?.date).to.equal('2026-08-24');
      expect(plan('regional-partnership', { startDate: '2026-08-23' }).meetings[0]?.date).to.equal('2026-08-24');
    });
  });

  describe('municipal-network (seed 000, Kalundborg)', () => {
    for (const zone of nordicZones) {
      it(`when a municipal year starts 2026-08-01 in ${zone}, then every meeting is on a Monday 14:00–16:00 local, on both sides of the DST changes`, () => {
        const year = plan('municipal-network', { startDate: '2026-08-01', timeZone: zone, language: 'da' });
        expect(year.timeZone).to.equal(zone);
        expect(year.meetings.map((meeting) => meeting.date), 'the year waits for the end of the summer holidays').to.deep.equal(['2026-08-17', '2026-11-09', '2027-02-01', '2027-04-26']);
        for (const meeting of year.meetings) {
          const starts = local(meeting.date, meeting.startTime, zone);
          const ends = local(meeting.date, meeting.endTime, zone);
          expect(starts.isValid).to.equal(true);
          expect(starts.weekday).to.equal(1);
          expect([starts.hour, starts.minute, ends.hour, ends.minute]).to.deep.equal([14, 0, 16, 0]);
          expect(ends.diff(starts, 'hours').hours).to.equal(2);
        }
        const offsets = year.meetings.map((meeting) => local(meeting.date, meeting.startTime, zone).offset);
        const [summer, autumn, winter, spring] = offsets;
        expect(summer).to.not.equal(autumn); // across late October
        expect(winter).to.not.equal(spring); // across late March
        expect([summer, spring]).to.deep.equal([120, 120]);
        expect([autumn, winter]).to.deep.equal([60, 60]);
        expect(local('2026-08-03', '14:00', zone).toUTC().hour).to.equal(12);
        expect(local('2026-10-26', '14:00', zone).toUTC().hour).to.equal(13);
      });

      it(`when the kindergarten-class leaders’ network is planned in ${zone}, then every meeting is on a Thursday 14:00–16:00 local`, () => {
        const year = plan('municipal-network', { startDate: '2026-08-01', timeZone: zone, language: 'da', ...kindergartenClassLeadersOptions });
        expect(year.meetings).to.have.length(4);
        const offsets = new Set<number>();
        for (const meeting of year.meetings) {
          const starts = local(meeting.date, meeting.startTime, zone);
          expect([starts.weekday, starts.hour, local(meeting.date, meeting.endTime, zone).hour]).to.deep.equal([4, 14, 16]);
          offsets.add(starts.offset);
        }
        expect(offsets.size).to.equal(2);
      });
    }

    it('when a municipal year is planned, then it has four two-hour meetings on site, two to three months apart, in the seed’s shape', () => {
      const year = plan('municipal-network', { startDate: '2026-08-01', timeZone: 'Europe/Copenhagen', language: 'da' });
      expect(year.meetings).to.have.length(4);
      year.meetings.forEach((meeting, index) => {
        expect(meeting).to.include({ fullDay: false, mode: 'onsite', startTime: '14:00', endTime: '16:00' });
        expect(meeting.programme[0]).to.include({ start: '14:00', kind: 'welcome' });
        expect(meeting.programme.at(-1)).to.include({ end: '16:00', kind: 'day_evaluation' });
        expect(meeting.programme.map((item) => item.kind)).to.include.members(['lecture', 'group_discussion']);
        const previous = year.meetings[index - 1];
        if (previous) expect(DateTime.fromISO(meeting.date).diff(DateTime.fromISO(previous.date), 'months').months).to.be.within(2, 3);
      });
      expect(meetingAt(year, 1).programme.map((item) => item.title)).to.include('Deltagerne byder ind med idéer til fagligt indhold for netværksmøderne');
      expect(meetingAt(year, 4).programme.at(-1)?.title).to.match(/^Årlig netværksevaluering/);
      expect(year.intervals.map((interval) => interval.afterMeeting)).to.deep.equal([null, 1, 2, 3]);
      for (const interval of year.intervals) {
        expect(interval.tasks).to.include('Tovholderen udsender programmet for netværksmødet.');
        expect(interval.tasks).to.include('Meld til/fra til mødet, og orienter dig i programmet.');
      }
    });

    it('when other days and hours are given, then the meetings and their programme use them', () => {
      const year = plan('municipal-network', { startDate: '2026-08-01', timeZone: 'Europe/Oslo', language: 'nb', weekday: 3, startTime: '15:00', endTime: '16:30' });
      for (const meeting of year.meetings) {
        expect(DateTime.fromISO(meeting.date).weekday).to.equal(3);
        expect(meeting.programme[0]?.start).to.equal('15:00');
        expect(meeting.programme.at(-1)?.end).to.equal('16:30');
        meeting.programme.forEach((item, index) => {
          const next = meeting.programme[index + 1];
          if (next) expect(next.start).to.equal(item.end);
          expect(item.start >= '15:00' && (item.end ?? '') <= '16:30').to.equal(true);
        });
      }
    });

    it('when the municipal year is planned in each language, then every text exists with the same structure', () => {
      const danish = plan('municipal-network', { language: 'da' });
      for (const language of languages) {
        const other = plan('municipal-network', { language });
        expect(shape(other)).to.deep.equal(shape(danish));
        expect(texts(other).every((text) => text.trim().length > 0)).to.equal(true);
      }
    });
  });

  describe('regional-partnership (seed 003, Vestfold)', () => {
    it('when a regional year is planned, then it has 2 large gatherings, 3 resource-group gatherings and 2 evaluation meetings, labelled in every language', () => {
      const expected: Record<NetworkLanguage, [string, string, string]> = {
        nb: ['Storsamling', 'Ressursgruppesamling', 'Evalueringsmøte'],
        sv: ['Storsamling', 'Resursgruppsträff', 'Utvärderingsmöte'],
        da: ['Storsamling', 'Ressourcegruppesamling', 'Evalueringsmøde'],
        en: ['Large gathering', 'Resource-group gathering', 'Evaluation meeting'],
      };
      for (const language of languages) {
        const labels = plan('regional-partnership', { startDate: '2026-08-17', language }).meetings.map((meeting) => meeting.kindLabel);
        const [large, resource, evaluation] = expected[language];
        expect(labels.filter((label) => label === large), language).to.have.length(2);
        expect(labels.filter((label) => label === resource), language).to.have.length(3);
        expect(labels.filter((label) => label === evaluation), language).to.have.length(2);
      }
    });

    it('when a regional year is planned, then it follows the seed’s order and themes on weekdays, each meeting ending with an evaluation', () => {
      const year = plan('regional-partnership', { startDate: '2026-08-17', timeZone: 'Europe/Oslo', language: 'nb' });
      expect(year.meetings.map((meeting) => meeting.kindLabel)).to.deep.equal([
        'Ressursgruppesamling',
        'Storsamling',
        'Ressursgruppesamling',
        'Evalueringsmøte',
        'Ressursgruppesamling',
        'Storsamling',
        'Evalueringsmøte',
      ]);
      expect(year.meetings.map((meeting) => meeting.theme)).to.include.members(['Ny overordnet del', 'Dybdelæring. Kompetansebegrepet og læreplanforståelse', 'Demokrati og medborgerskap']);
      expect(year.meetings[0]?.theme).to.match(/^Oppstartsamling/);
      const dates = year.meetings.map((meeting) => meeting.date);
      expect(dates[0]).to.equal('2026-08-17');
      expect([...dates].sort()).to.deep.equal(dates);
      expect(new Set(dates).size).to.equal(dates.length);
      for (const meeting of year.meetings) {
        expect(DateTime.fromISO(meeting.date).weekday).to.be.at.most(5);
        expect(meeting.programme.at(-1)?.kind).to.equal('day_evaluation');
        expect(meeting.startTime < meeting.endTime).to.equal(true);
        expect(meeting.fullDay).to.equal(meeting.kindLabel === 'Storsamling');
      }
      expect(daysBetween(dates[0] as string, dates.at(-1) as string)).to.be.within(200, 300);
      expect(year.intervals[0]?.afterMeeting).to.equal(null);
      expect(year.intervals[0]?.tasks.join(' ')).to.include('halv representant');
    });
  });

  describe('empty', () => {
    it('when the empty template is planned, then there are no meetings and no intervals', () => {
      const year = plan('empty', { language: 'en' });
      expect(year).to.deep.equal({ template: 'empty', language: 'en', timeZone: 'Europe/Stockholm', meetings: [], intervals: [], assignments: [], moved: [] });
    });
  });

  describe('template choices', () => {
    it('when the choices are asked for in each language, then every template has a name and a one-line description in it', () => {
      for (const language of languages) {
        const choices = templateChoices(language);
        expect(choices.map((choice) => choice.id)).to.deep.equal([...templateIds]);
        for (const choice of choices) {
          expect(choice.name.trim()).to.not.equal('');
          expect(choice.description.trim()).to.not.equal('');
          expect(choice.description).to.not.include('\n');
        }
      }
      expect(templateChoices('en').find((choice) => choice.id === 'empty')?.name).to.equal('Empty year');
      expect(templateChoices('sv').find((choice) => choice.id === 'pilot-year')?.name).to.not.equal(templateChoices('en').find((choice) => choice.id === 'pilot-year')?.name);
    });
  });

  describe('invalid options', () => {
    it('when the start date is invalid, then planning throws an Error that names the start date', () => {
      for (const template of templateIds) {
        for (const startDate of ['2026-02-30', '2026-13-01', '2026-8-1', 'next monday', '']) {
          expect(() => plan(template, { startDate }), `${template} ${startDate}`).to.throw(Error, /Invalid start date/);
        }
      }
    });

    it('when the time zone is unknown, then planning throws an Error that names the time zone', () => {
      for (const template of templateIds) {
        expect(() => plan(template, { timeZone: 'Europe/Atlantis' })).to.throw(Error, /Unknown time zone "Europe\/Atlantis"/);
        expect(() => plan(template, { timeZone: '' })).to.throw(Error, /Unknown time zone/);
      }
    });

    it('when the municipal weekday or hours are invalid, then planning throws a clear Error', () => {
      expect(() => plan('municipal-network', { weekday: 0 })).to.throw(Error, /Invalid weekday/);
      expect(() => plan('municipal-network', { weekday: 8 })).to.throw(Error, /Invalid weekday/);
      expect(() => plan('municipal-network', { weekday: 1.5 })).to.throw(Error, /Invalid weekday/);
      expect(() => plan('municipal-network', { startTime: '25:00' })).to.throw(Error, /Invalid start time/);
      expect(() => plan('municipal-network', { endTime: '4pm' })).to.throw(Error, /Invalid end time/);
      expect(() => plan('municipal-network', { startTime: '16:00', endTime: '14:00' })).to.throw(Error, /must end after it starts/);
    });

    it('when the template or language is unknown, then planning throws a clear Error', () => {
      expect(() => plan('weekly' as TemplateId)).to.throw(Error, /Unknown year template "weekly"/);
      expect(() => plan('pilot-year', { language: 'fi' as NetworkLanguage })).to.throw(Error, /Unknown network language "fi"/);
    });
  });
});
