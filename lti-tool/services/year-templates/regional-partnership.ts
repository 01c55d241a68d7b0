import type { DatedMeetingSpec, DatedTemplate, IntervalSpec, Localized, ProgrammeItemSpec } from './template-specs';

/*
 * A regional partnership network after Vestfold's decentralised competence development (fagfornyelsen),
 * seed 003_566dacc7c6765fd8.txt (Norwegian; nb is the seed's words, sv/da/en translate them). The seed fixes:
 * 2 large gatherings (storsamlinger, about 3 representatives per unit), 3 resource-group gatherings (one group per
 * municipality, half a representative per school) and 2 evaluation meetings with the municipalities' resource-group
 * leaders (the control group, one representative per municipality), their themes and dates.
 *
 * The order follows the seed's calendar for 2018/2019: resource-group kick-off, large gathering (10 Oct),
 * resource group (25 Oct), evaluation (1 Nov), resource group (28 Jan), large gathering (28 Mar), evaluation
 * ("3.Mai 2018" in the seed, read as 2019: it is listed after 1 Nov and closes the year).
 * Inferred: the kick-off's date (the seed's was 18 April, before a summer; here it is eight weeks before the first
 * large gathering, so a mid-August start reproduces the seed's autumn-to-spring dates), all hours (the seed has none),
 * the programme items beyond the seed's themes and its "starter", and the work between gatherings (from the seed's
 * principles: skolebasert, erfaringsdeling, spredning).
 * No place: the seed's gathering was in Tønsberg, but a template for any region leaves the place to the leader.
 */

type Kind = 'large' | 'resource' | 'evaluation';

const kindLabels: Record<Kind, Localized> = {
  large: { nb: 'Storsamling', sv: 'Storsamling', da: 'Storsamling', en: 'Large gathering' },
  resource: { nb: 'Ressursgruppesamling', sv: 'Resursgruppsträff', da: 'Ressourcegruppesamling', en: 'Resource-group gathering' },
  evaluation: { nb: 'Evalueringsmøte', sv: 'Utvärderingsmöte', da: 'Evalueringsmøde', en: 'Evaluation meeting' },
};

const hours: Record<Kind, { startTime: string; endTime: string; fullDay: boolean }> = {
  large: { startTime: '09:00', endTime: '15:30', fullDay: true },
  resource: { startTime: '09:00', endTime: '14:00', fullDay: false },
  evaluation: { startTime: '14:00', endTime: '16:00', fullDay: false },
};

const item = (start: string, end: string, kind: ProgrammeItemSpec['kind'], title: Localized): ProgrammeItemSpec => ({ start, end, kind, title });

const pause = { nb: 'Pause', sv: 'Paus', da: 'Pause', en: 'Break' };
const lunch = { nb: 'Lunsj', sv: 'Lunch', da: 'Frokost', en: 'Lunch' };
const dayEvaluation = { nb: 'Evaluering av dagen', sv: 'Utvärdering av dagen', da: 'Evaluering af dagen', en: 'Evaluation of the day' };
const sharingSession = {
  nb: 'Erfaringsdeling/refleksjonsøkt',
  sv: 'Erfarenhetsutbyte/reflektionspass',
  da: 'Erfaringsdeling/refleksionssession',
  en: 'Experience sharing / reflection session',
};
const localPlanning = {
  nb: 'Ressursgruppas lokale samordningsansvar: planlegging for egen kommune',
  sv: 'Resursgruppens lokala samordningsansvar: planering för den egna kommunen',
  da: 'Ressourcegruppens lokale koordineringsansvar: planlægning for egen kommune',
  en: 'The resource group’s local coordinating role: planning for one’s own municipality',
};

function resourceGathering(seedDate: string, theme: Localized, opening: Localized, lecture: Localized, discussion: Localized): DatedMeetingSpec {
  return {
    seedDate,
    theme,
    kindLabel: kindLabels.resource,
    ...hours.resource,
    mode: 'onsite',
    programme: [
      item('09:00', '09:15', 'welcome', opening),
      item('09:15', '10:30', 'lecture', lecture),
      item('10:30', '10:45', 'break', pause),
      item('10:45', '12:00', 'group_discussion', discussion),
      item('12:00', '12:45', 'break', lunch),
      item('12:45', '13:30', 'other', localPlanning),
      item('13:30', '14:00', 'day_evaluation', dayEvaluation),
    ],
  };
}

function largeGathering(seedDate: string, theme: Localized): DatedMeetingSpec {
  return {
    seedDate,
    theme,
    kindLabel: kindLabels.large,
    ...hours.large,
    mode: 'onsite',
    programme: [
      item('09:00', '09:20', 'welcome', {
        nb: 'Velkommen. Starter: Finn to synonymer til ordet samarbeid – snu deg til sidemannen og del',
        sv: 'Välkomna. Uppstart: Hitta två synonymer till ordet samarbete – vänd dig till din granne och dela',
        da: 'Velkommen. Opstart: Find to synonymer til ordet samarbejde – vend dig mod sidemanden og del',
        en: 'Welcome. Starter: find two synonyms for the word cooperation – turn to your neighbour and share',
      }),
      item('09:20', '10:30', 'lecture', theme),
      item('10:30', '10:45', 'break', pause),
      item('10:45', '12:00', 'group_discussion', {
        nb: 'Erfaringsdeling og refleksjon på tvers av skoler og kommuner',
        sv: 'Erfarenhetsutbyte och reflektion över skol- och kommungränser',
        da: 'Erfaringsdeling og refleksion på tværs af skoler og kommuner',
        en: 'Experience sharing and reflection across schools and municipalities',
      }),
      item('12:00', '12:45', 'break', lunch),
      item('12:45', '14:15', 'group_discussion', {
        nb: 'Skolebasert arbeid: hvordan tar vi dette videre på egen skole?',
        sv: 'Skolbaserat arbete: hur tar vi detta vidare på den egna skolan?',
        da: 'Skolebaseret arbejde: hvordan tager vi det videre på egen skole?',
        en: 'School-based work: how do we take this further at our own school?',
      }),
      item('14:15', '15:00', 'other', {
        nb: 'Oppsummering i plenum og veien videre',
        sv: 'Sammanfattning i helgrupp och vägen framåt',
        da: 'Opsamling i plenum og vejen videre',
        en: 'Plenary summary and the way forward',
      }),
      item('15:00', '15:30', 'day_evaluation', dayEvaluation),
    ],
  };
}

function evaluationMeeting(seedDate: string): DatedMeetingSpec {
  return {
    seedDate,
    theme: {
      nb: 'Evalueringsmøte med kommunenes ressursgruppeledere',
      sv: 'Utvärderingsmöte med kommunernas resursgruppsledare',
      da: 'Evalueringsmøde med kommunernes ressourcegruppeledere',
      en: 'Evaluation meeting with the municipalities’ resource-group leaders',
    },
    kindLabel: kindLabels.evaluation,
    ...hours.evaluation,
    mode: 'onsite',
    programme: [
      item('14:00', '14:10', 'welcome', { nb: 'Velkommen', sv: 'Välkomna', da: 'Velkommen', en: 'Welcome' }),
      item('14:10', '15:10', 'group_discussion', {
        nb: 'Erfaringer fra kommunene: hvordan fungerer nettverket og samlingene?',
        sv: 'Erfarenheter från kommunerna: hur fungerar nätverket och träffarna?',
        da: 'Erfaringer fra kommunerne: hvordan fungerer netværket og samlingerne?',
        en: 'Experience from the municipalities: how are the network and its gatherings working?',
      }),
      item('15:10', '15:45', 'other', {
        nb: 'Innspill til kommende samlinger',
        sv: 'Inspel till kommande träffar',
        da: 'Input til kommende samlinger',
        en: 'Input for the coming gatherings',
      }),
      item('15:45', '16:00', 'day_evaluation', {
        nb: 'Oppsummering og evaluering av møtet',
        sv: 'Sammanfattning och utvärdering av mötet',
        da: 'Opsamling og evaluering af mødet',
        en: 'Summary and evaluation of the meeting',
      }),
    ],
  };
}

const meetings: DatedMeetingSpec[] = [
  resourceGathering(
    '2018-08-15',
    {
      nb: 'Oppstartsamling: fagfornyelsen, koherens i grunnskolen og forventninger og ønsker',
      sv: 'Uppstartsträff: förnyelsen av ämnesplanerna, koherens i grundskolan samt förväntningar och önskemål',
      da: 'Opstartssamling: fagfornyelsen, sammenhæng i grundskolen samt forventninger og ønsker',
      en: 'Kick-off: the curriculum renewal, coherence in primary and lower secondary school, expectations and wishes',
    },
    {
      nb: 'Velkommen: partnerskapet mellom høgskolen/universitetet, nettverksledelsen og kommunene',
      sv: 'Välkomna: partnerskapet mellan högskolan/universitetet, nätverksledningen och kommunerna',
      da: 'Velkommen: partnerskabet mellem professionshøjskolen/universitetet, netværksledelsen og kommunerne',
      en: 'Welcome: the partnership between the university, the network leadership and the municipalities',
    },
    {
      nb: 'Info fra Udir om gangen i arbeidet med fagfornyelsen og koherens i grunnskolen',
      sv: 'Information från Utdanningsdirektoratet (Udir) om arbetsgången i förnyelsen av ämnesplanerna och koherens i grundskolan',
      da: 'Information fra Utdanningsdirektoratet (Udir) om forløbet i arbejdet med fagfornyelsen og sammenhæng i grundskolen',
      en: 'Information from the Directorate for Education (Udir) on the steps of the curriculum renewal and coherence in primary and lower secondary school',
    },
    {
      nb: 'Prosess rundt forventninger og ønsker',
      sv: 'Process kring förväntningar och önskemål',
      da: 'Proces omkring forventninger og ønsker',
      en: 'Process on expectations and wishes',
    },
  ),
  largeGathering('2018-10-10', {
    nb: 'Ny overordnet del',
    sv: 'Den nya övergripande delen av läroplanen',
    da: 'Den nye overordnede del af læreplanen',
    en: 'The new core curriculum',
  }),
  // The seed's "Irgins-profesjonsfelleskap": professional communities after Eirik J. Irgens; the seed names no speaker.
  resourceGathering(
    '2018-10-25',
    { nb: 'Profesjonsfellesskap', sv: 'Professionella gemenskaper', da: 'Professionelle fællesskaber', en: 'Professional communities' },
    { nb: 'Velkommen', sv: 'Välkomna', da: 'Velkommen', en: 'Welcome' },
    { nb: 'Profesjonsfellesskap', sv: 'Professionella gemenskaper', da: 'Professionelle fællesskaber', en: 'Professional communities' },
    sharingSession,
  ),
  evaluationMeeting('2018-11-01'),
  resourceGathering(
    '2019-01-28',
    { nb: 'Demokrati og medborgerskap', sv: 'Demokrati och medborgarskap', da: 'Demokrati og medborgerskab', en: 'Democracy and citizenship' },
    { nb: 'Velkommen', sv: 'Välkomna', da: 'Velkommen', en: 'Welcome' },
    { nb: 'Demokrati og medborgerskap', sv: 'Demokrati och medborgarskap', da: 'Demokrati og medborgerskab', en: 'Democracy and citizenship' },
    sharingSession,
  ),
  largeGathering(
    '2019-03-28',
    {
      nb: 'Dybdelæring. Kompetansebegrepet og læreplanforståelse',
      sv: 'Djupinlärning. Kompetensbegreppet och läroplansförståelse',
      da: 'Dybdelæring. Kompetencebegrebet og læreplansforståelse',
      en: 'Deep learning. The concept of competence and understanding the curriculum',
    },
  ),
  evaluationMeeting('2019-05-03'),
];

const localWork: Localized[] = [
  {
    nb: 'Ressursgruppa tar arbeidet videre i kommunen og på skolene (skolebasert arbeid og spredning).',
    sv: 'Resursgruppen för arbetet vidare i kommunen och på skolorna (skolbaserat arbete och spridning).',
    da: 'Ressourcegruppen fører arbejdet videre i kommunen og på skolerne (skolebaseret arbejde og spredning).',
    en: 'The resource group takes the work further in the municipality and its schools (school-based work and dissemination).',
  },
  {
    nb: 'Forbered erfaringsdeling til neste samling.',
    sv: 'Förbered erfarenhetsutbyte till nästa träff.',
    da: 'Forbered erfaringsdeling til næste samling.',
    en: 'Prepare experience sharing for the next gathering.',
  },
];

const beforeLarge = {
  nb: 'Meld på om lag 3 representanter fra hver enhet til storsamlingen.',
  sv: 'Anmäl omkring 3 representanter från varje enhet till storsamlingen.',
  da: 'Tilmeld omkring 3 repræsentanter fra hver enhed til storsamlingen.',
  en: 'Register about 3 representatives from each unit for the large gathering.',
};

const beforeEvaluation = {
  nb: 'Ressursgruppelederen samler erfaringer fra kommunen til evalueringsmøtet.',
  sv: 'Resursgruppsledaren samlar erfarenheter från kommunen till utvärderingsmötet.',
  da: 'Ressourcegruppelederen samler erfaringer fra kommunen til evalueringsmødet.',
  en: 'The resource-group leader gathers experience from the municipality for the evaluation meeting.',
};

const between = {
  nb: 'Lokalt arbeid i kommunen og på skolene',
  sv: 'Lokalt arbete i kommunen och på skolorna',
  da: 'Lokalt arbejde i kommunen og på skolerne',
  en: 'Local work in the municipality and its schools',
};

const intervals: IntervalSpec[] = [
  {
    afterMeeting: null,
    title: { nb: 'Før oppstartsamlingen', sv: 'Före uppstartsträffen', da: 'Før opstartssamlingen', en: 'Before the kick-off' },
    tasks: [
      {
        nb: 'Kommunen setter ned en ressursgruppe med det lokale samordningsansvaret, representert etter størrelse: hver kommunale skole får en halv representant (en kommune med 8 skoler kan ha om lag 4 representanter).',
        sv: 'Kommunen tillsätter en resursgrupp med det lokala samordningsansvaret, representerad efter storlek: varje kommunal skola får en halv representant (en kommun med 8 skolor kan ha omkring 4 representanter).',
        da: 'Kommunen nedsætter en ressourcegruppe med det lokale koordineringsansvar, repræsenteret efter størrelse: hver kommunal skole får en halv repræsentant (en kommune med 8 skoler kan have omkring 4 repræsentanter).',
        en: 'The municipality sets up a resource group responsible for local coordination, represented by size: each municipal school counts for half a representative (a municipality with 8 schools can have about 4 representatives).',
      },
      {
        nb: 'Kommunen utpeker en nøkkelperson som nettverksledelsen holder kontakt med gjennom prosjektperioden.',
        sv: 'Kommunen utser en nyckelperson som nätverksledningen håller kontakt med under projektperioden.',
        da: 'Kommunen udpeger en nøgleperson, som netværksledelsen holder kontakt med gennem projektperioden.',
        en: 'The municipality appoints a key person whom the network leadership stays in contact with throughout the project.',
      },
      {
        nb: 'Kommunen utpeker én representant til kontrollgruppa, som møtes til evalueringsmøtene.',
        sv: 'Kommunen utser en representant till kontrollgruppen, som träffas på utvärderingsmötena.',
        da: 'Kommunen udpeger én repræsentant til kontrolgruppen, som mødes til evalueringsmøderne.',
        en: 'The municipality appoints one representative to the control group, which meets at the evaluation meetings.',
      },
    ],
  },
  ...meetings.slice(1).map((next, index): IntervalSpec => ({
    afterMeeting: index + 1,
    title: between,
    tasks: [...localWork, ...(next.kindLabel === kindLabels.large ? [beforeLarge] : []), ...(next.kindLabel === kindLabels.evaluation ? [beforeEvaluation] : [])],
  })),
];

export const regionalPartnership: DatedTemplate = {
  choice: {
    name: {
      nb: 'Regionalt partnerskapsnettverk',
      sv: 'Regionalt partnerskapsnätverk',
      da: 'Regionalt partnerskabsnetværk',
      en: 'Regional partnership network',
    },
    description: {
      nb: 'To storsamlinger, tre ressursgruppesamlinger og to evalueringsmøter gjennom året, i partnerskap mellom høgskole/universitet, nettverksledelse og kommuner (desentralisert kompetanseutvikling, Vestfold).',
      sv: 'Två storsamlingar, tre resursgruppsträffar och två utvärderingsmöten under året, i partnerskap mellan högskola/universitet, nätverksledning och kommuner (decentraliserad kompetensutveckling, Vestfold).',
      da: 'To storsamlinger, tre ressourcegruppesamlinger og to evalueringsmøder i løbet af året, i partnerskab mellem uddannelsesinstitution, netværksledelse og kommuner (decentral kompetenceudvikling, Vestfold).',
      en: 'Two large gatherings, three resource-group gatherings and two evaluation meetings across the year, in a partnership of university, network leadership and municipalities (decentralised competence development, Vestfold).',
    },
  },
  meetings,
  intervals,
};
