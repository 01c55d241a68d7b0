import type { IntervalSpec, Localized, TemplateChoiceSpec } from './template-specs';
import type { MeetingMode, ProgrammeKind } from '../year-types';

/*
 * A municipal subject network after Kalundborg's terms of reference, seed 000_bc541bf3ebac7d5d.txt (Danish; da is the
 * seed's words, sv/nb/en translate them). The seed fixes: 4 meetings a year of 2 hours, Mondays 14–16 (Thursdays for
 * the kindergarten-class leaders, børnehaveklasseledere), the facilitator (tovholder) sends the programme,
 * participants sign up or decline, guests are registered in advance, light refreshments, an annual evaluation.
 * Inferred: the spacing (every 12 weeks, about every 2.8 months, so four meetings span one school year), the order
 * and length of the programme items, and that the annual evaluation closes meeting 4.
 */

/** A programme item in minutes from the start of the seed's two-hour meeting; other hours scale it. */
export interface MunicipalItemSpec {
  from: number;
  to: number;
  kind: ProgrammeKind;
  title: Localized;
}

export interface MunicipalTemplate {
  choice: TemplateChoiceSpec;
  defaults: { weekday: number; startTime: string; endTime: string; minutes: number };
  everyWeeks: number;
  mode: MeetingMode;
  meetings: ReadonlyArray<{ theme: Localized; programme: readonly MunicipalItemSpec[] }>;
  intervals: readonly IntervalSpec[];
}

const welcome: MunicipalItemSpec = {
  from: 0,
  to: 10,
  kind: 'welcome',
  title: {
    da: 'Velkomst og dagens program v/ tovholderen',
    sv: 'Välkomna och dagens program (nätverkets sammankallande)',
    nb: 'Velkommen og dagens program v/ tovholderen',
    en: 'Welcome and the day’s programme (the facilitator)',
  },
};

const input: MunicipalItemSpec = {
  from: 10,
  to: 45,
  kind: 'lecture',
  title: {
    da: 'Fagligt input: ny viden, tiltag og forskning omsat til praksis',
    sv: 'Ämnesinspel: ny kunskap, nya insatser och forskning omsatt i praktiken',
    nb: 'Faglig innspill: ny kunnskap, tiltak og forskning omsatt til praksis',
    en: 'Professional input: new knowledge, initiatives and research put into practice',
  },
};

const refreshments: MunicipalItemSpec = {
  from: 45,
  to: 55,
  kind: 'break',
  title: { da: 'Pause med let forplejning', sv: 'Paus med lätt förtäring', nb: 'Pause med lett servering', en: 'Break with light refreshments' },
};

const sharing: MunicipalItemSpec = {
  from: 55,
  to: 95,
  kind: 'group_discussion',
  title: {
    da: 'Refleksion og videndeling: deltagernes egne erfaringer og praksis',
    sv: 'Reflektion och kunskapsdelning: deltagarnas egna erfarenheter och praktik',
    nb: 'Refleksjon og kunnskapsdeling: deltakernes egne erfaringer og praksis',
    en: 'Reflection and knowledge sharing: the participants’ own experience and practice',
  },
};

const ideas: MunicipalItemSpec = {
  from: 95,
  to: 110,
  kind: 'other',
  title: {
    da: 'Deltagerne byder ind med idéer til fagligt indhold for netværksmøderne',
    sv: 'Deltagarna kommer med idéer till ämnesinnehåll för nätverksmötena',
    nb: 'Deltakerne kommer med idéer til faglig innhold for nettverksmøtene',
    en: 'Participants propose ideas for the professional content of the meetings',
  },
};

const news: MunicipalItemSpec = {
  from: 95,
  to: 110,
  kind: 'other',
  title: {
    da: 'Informationer fra Undervisningsministeriet, kommunen m.fl.',
    sv: 'Information från Utbildningsdepartementet, kommunen m.fl.',
    nb: 'Informasjon fra Kunnskapsdepartementet, kommunen m.fl.',
    en: 'News from the Ministry of Education, the municipality and others',
  },
};

const close: MunicipalItemSpec = {
  from: 110,
  to: 120,
  kind: 'day_evaluation',
  title: { da: 'Opsamling og evaluering af mødet', sv: 'Sammanfattning och utvärdering av mötet', nb: 'Oppsummering og evaluering av møtet', en: 'Summary and evaluation of the meeting' },
};

const annualEvaluation: MunicipalItemSpec = {
  from: 95,
  to: 120,
  kind: 'day_evaluation',
  title: {
    da: 'Årlig netværksevaluering og ønsker/idéer til kommende netværksmøder',
    sv: 'Årlig utvärdering av nätverket och önskemål/idéer till kommande nätverksmöten',
    nb: 'Årlig evaluering av nettverket og ønsker/idéer til kommende nettverksmøter',
    en: 'Annual network evaluation and wishes/ideas for future meetings',
  },
};

const ongoingTheme: Localized = {
  da: 'Faglige input, refleksion og videndeling',
  sv: 'Ämnesinspel, reflektion och kunskapsdelning',
  nb: 'Faglige innspill, refleksjon og kunnskapsdeling',
  en: 'Professional input, reflection and knowledge sharing',
};

const beforeMeeting: Localized[] = [
  {
    da: 'Tovholderen udsender programmet for netværksmødet.',
    sv: 'Nätverkets sammankallande skickar ut programmet för nätverksmötet.',
    nb: 'Tovholderen sender ut programmet for nettverksmøtet.',
    en: 'The facilitator sends out the programme for the meeting.',
  },
  {
    da: 'Meld til/fra til mødet, og orienter dig i programmet.',
    sv: 'Anmäl om du kommer eller inte, och ta del av programmet.',
    nb: 'Meld deg på eller av møtet, og orienter deg i programmet.',
    en: 'Sign up for the meeting or decline, and read the programme.',
  },
  {
    da: 'Eventuelle gæster fra egen skole tilmeldes til netværkets tovholder forud for mødet.',
    sv: 'Eventuella gäster från den egna skolan anmäls till nätverkets sammankallande före mötet.',
    nb: 'Eventuelle gjester fra egen skole meldes på til tovholderen før møtet.',
    en: 'Any guests from your own school are registered with the facilitator before the meeting.',
  },
];

const afterMeeting: Localized[] = [
  {
    da: 'Del viden fra netværket med skolens fagteam og skolens ledelse.',
    sv: 'Dela kunskap från nätverket med skolans ämneslag och skolans ledning.',
    nb: 'Del kunnskap fra nettverket med skolens fagteam og skolens ledelse.',
    en: 'Share what you learn in the network with your school’s subject team and leadership.',
  },
  {
    da: 'Hold dig løbende opdateret i netværkets kanal; tovholderen står til rådighed for sparring og vejledning mellem netværksmøderne.',
    sv: 'Håll dig uppdaterad i nätverkets kanal; den sammankallande finns tillgänglig för stöd och vägledning mellan nätverksmötena.',
    nb: 'Hold deg oppdatert i nettverkets kanal; tovholderen er tilgjengelig for sparring og veiledning mellom nettverksmøtene.',
    en: 'Keep up to date in the network’s channel; the facilitator is available for sparring and guidance between meetings.',
  },
];

const between: Localized = { da: 'Mellem netværksmøderne', sv: 'Mellan nätverksmötena', nb: 'Mellom nettverksmøtene', en: 'Between meetings' };

export const municipalNetwork: MunicipalTemplate = {
  choice: {
    name: { da: 'Kommunalt fagligt netværk', sv: 'Kommunalt ämnesnätverk', nb: 'Kommunalt faglig nettverk', en: 'Municipal subject network' },
    description: {
      da: 'Fire årlige netværksmøder af 2 timers varighed på en fast ugedag og tid (mandag kl. 14-16, børnehaveklasseledere torsdag) med faglige input, refleksion og videndeling (Kalundborg Kommune).',
      sv: 'Fyra nätverksmöten per år på två timmar, på en fast veckodag och tid (måndag kl. 14–16, förskoleklassens lärare torsdag), med ämnesinspel, reflektion och kunskapsdelning (Kalundborgs kommun).',
      nb: 'Fire nettverksmøter i året på to timer, på en fast ukedag og tid (mandag kl. 14–16, lærere i førskoleklassen torsdag), med faglige innspill, refleksjon og kunnskapsdeling (Kalundborg kommune).',
      en: 'Four two-hour meetings a year on a fixed weekday and time (Monday 14:00–16:00, kindergarten-class teachers on Thursday), with professional input, reflection and knowledge sharing (Kalundborg municipality).',
    },
  },
  defaults: { weekday: 1, startTime: '14:00', endTime: '16:00', minutes: 120 },
  everyWeeks: 12,
  // On site: the seed has no digital meetings and serves light refreshments; it names no place (each network has its own).
  mode: 'onsite',
  meetings: [
    {
      theme: {
        da: 'Opstart: årets netværk og idéer til fagligt indhold',
        sv: 'Uppstart: årets nätverk och idéer till ämnesinnehåll',
        nb: 'Oppstart: årets nettverk og idéer til faglig innhold',
        en: 'Start: the year’s network and ideas for its content',
      },
      programme: [welcome, input, refreshments, sharing, ideas, close],
    },
    { theme: ongoingTheme, programme: [welcome, input, refreshments, sharing, news, close] },
    { theme: ongoingTheme, programme: [welcome, input, refreshments, sharing, news, close] },
    {
      theme: {
        da: 'Faglige input, refleksion og videndeling – årlig netværksevaluering',
        sv: 'Ämnesinspel, reflektion och kunskapsdelning – årlig utvärdering av nätverket',
        nb: 'Faglige innspill, refleksjon og kunnskapsdeling – årlig evaluering av nettverket',
        en: 'Professional input, reflection and knowledge sharing – annual network evaluation',
      },
      programme: [welcome, input, refreshments, sharing, annualEvaluation],
    },
  ],
  intervals: [
    { afterMeeting: null, title: { da: 'Før første netværksmøde', sv: 'Före det första nätverksmötet', nb: 'Før det første nettverksmøtet', en: 'Before the first meeting' }, tasks: beforeMeeting },
    ...[1, 2, 3].map((number) => ({ afterMeeting: number, title: between, tasks: [...afterMeeting, ...beforeMeeting] })),
  ],
};
