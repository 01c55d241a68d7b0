import { pilotYearAssignments } from './pilot-year-assignments';
import type { DatedMeetingSpec, DatedTemplate, IntervalSpec, Localized, ProgrammeItemSpec } from './template-specs';

/*
 * The pilot year of "Nätverk för lärarledarskap och kollegialt lärande" (Linnéuniversitetet + Skolverket 2019/2020),
 * seed 004_db33f0ab07ebdfe5.txt. The Swedish texts are the seed's own words; da, nb and en translate them.
 * The seed's programme table is cut off after meeting 3: everything marked "inferred" below follows the pattern
 * of meetings 2–3 (lecture, group discussions, gallery walk, peer supervision, review of the next assignment,
 * evaluation of the day) and the themes the seed gives for meetings 4 and 5.
 */

const day = { startTime: '09:30', endTime: '16:00', fullDay: true, mode: 'onsite' } as const;

// Inferred: the seed gives no times within the day; lunch sits at 12–13 in every meeting.
const lunch: ProgrammeItemSpec = { start: '12:00', end: '13:00', kind: 'break', title: { sv: 'Lunch', da: 'Frokost', nb: 'Lunsj', en: 'Lunch' } };

// The seed's meetings 2 and 3 end "Utvärdering av dagen och genomgång av redovisning X till nästa träff"; the review
// comes first here so that every meeting ends with the evaluation of the day.
const dayEvaluation: ProgrammeItemSpec = {
  start: '15:30', end: '16:00', kind: 'day_evaluation',
  title: { sv: 'Utvärdering av dagen', da: 'Evaluering af dagen', nb: 'Evaluering av dagen', en: 'Evaluation of the day' },
};

const groupGalleryWalk: Localized = {
  sv: 'Gruppvisa redovisningar – ”Gallery Walk”',
  da: 'Gruppevise oplæg – ”gallery walk”',
  nb: 'Gruppevise presentasjoner – «gallerivandring»',
  en: 'Group presentations – “gallery walk”',
};

const peerSupervision: Localized = {
  sv: 'Problembaserad kollegahandledning',
  da: 'Problembaseret kollegial supervision',
  nb: 'Problembasert kollegaveiledning',
  en: 'Problem-based peer supervision',
};

function review(title: Localized): ProgrammeItemSpec {
  return { start: '15:00', end: '15:30', kind: 'next_assignment', title };
}

const meetings: DatedMeetingSpec[] = [
  {
    seedDate: '2019-10-10',
    theme: { sv: 'Utvecklingsområden och uppdrag', da: 'Udviklingsområder og opdrag', nb: 'Utviklingsområder og oppdrag', en: 'Development areas and remit' },
    place: 'Kalmar',
    ...day,
    programme: [
      // Inferred from the seed's purpose of the first meeting.
      {
        start: '09:30', end: '10:00', kind: 'welcome',
        title: {
          sv: 'Välkommen: vi lär känna varandra och får en utgångspunkt för att arbeta tillsammans i nätverket',
          da: 'Velkommen: vi lærer hinanden at kende og får et udgangspunkt for at arbejde sammen i netværket',
          nb: 'Velkommen: vi blir kjent med hverandre og får et utgangspunkt for å arbeide sammen i nettverket',
          en: 'Welcome: getting to know each other and finding a starting point for working together in the network',
        },
      },
      {
        start: '10:00', end: '12:00', kind: 'presentations',
        title: {
          sv: 'Redovisning A: Uppdrag och utvecklingsområden – muntlig redovisning i mindre grupp (cirka 20-30 minuter)',
          da: 'Oplæg A: Opdrag og udviklingsområder – mundtligt oplæg i mindre grupper (ca. 20-30 minutter)',
          nb: 'Presentasjon A: Oppdrag og utviklingsområder – muntlig presentasjon i mindre grupper (ca. 20–30 minutter)',
          en: 'Presentation A: Remit and development areas – oral presentation in small groups (about 20–30 minutes)',
        },
      },
      lunch,
      // Inferred: the seed's conversation groups (samtalsgrupper) and the platform account handed out at meeting 1.
      {
        start: '13:00', end: '14:30', kind: 'group_discussion',
        title: {
          sv: 'Samtalsgrupper: erfarenhetsbaserat lärande utifrån redovisningarna',
          da: 'Samtalegrupper: erfaringsbaseret læring med udgangspunkt i oplæggene',
          nb: 'Samtalegrupper: erfaringsbasert læring med utgangspunkt i presentasjonene',
          en: 'Conversation groups: experience-based learning from the presentations',
        },
      },
      {
        start: '14:30', end: '15:00', kind: 'other',
        title: {
          sv: 'Lärplattformen: användarkonto och nätverkets rum',
          da: 'Læringsplatformen: brugerkonto og netværkets rum',
          nb: 'Læringsplattformen: brukerkonto og nettverkets rom',
          en: 'The learning platform: user account and the network’s room',
        },
      },
      // Inferred: the seed's interval after meeting 1 is "Förberedelse redovisning B".
      review({
        sv: 'Genomgång av redovisning B till nästa träff',
        da: 'Gennemgang af oplæg B til næste møde',
        nb: 'Gjennomgang av presentasjon B til neste samling',
        en: 'Review of presentation B for the next meeting',
      }),
      dayEvaluation,
    ],
  },
  {
    seedDate: '2019-12-05',
    theme: { sv: 'Kollegialt lärande', da: 'Kollegial læring', nb: 'Kollegial læring', en: 'Collegial learning' },
    place: 'Växjö',
    ...day,
    programme: [
      { start: '09:30', end: '10:45', kind: 'gallery_walk', title: { sv: 'Gallery Walk redovisning A', da: 'Gallery walk med oplæg A', nb: 'Gallerivandring med presentasjon A', en: 'Gallery walk of presentation A' } },
      {
        start: '10:45', end: '11:00', kind: 'other',
        title: { sv: 'Återkoppling utvärdering träff 1', da: 'Tilbagemelding på evalueringen af møde 1', nb: 'Tilbakemelding på evalueringen av samling 1', en: 'Feedback on the evaluation of meeting 1' },
      },
      {
        start: '11:00', end: '12:00', kind: 'lecture',
        title: { sv: 'Att driva kollegialt lärande', da: 'At drive kollegial læring', nb: 'Å drive kollegial læring', en: 'Leading collegial learning' },
        speaker: {
          sv: 'Magnus Frísk, rektor, Hagaskolan, och förstelärarrepresentanter från Hagaskolan',
          da: 'Magnus Frísk, rektor, Hagaskolan, og repræsentanter for förstelärarna (karrierelærere) fra Hagaskolan',
          nb: 'Magnus Frísk, rektor, Hagaskolan, og representanter for förstelärare (lærerspesialister) fra Hagaskolan',
          en: 'Magnus Frísk, principal, Hagaskolan, and representatives of the first teachers (förstelärare) at Hagaskolan',
        },
      },
      lunch,
      {
        start: '13:00', end: '14:15', kind: 'group_discussion',
        title: {
          sv: 'Kollegialt lärande: Gruppvisa diskussioner utifrån föreläsningens innehåll och redovisning B i relation till det egna utvecklingsarbetet på skolenheten',
          da: 'Kollegial læring: Gruppevise drøftelser ud fra oplæggets indhold og oplæg B i relation til det egne udviklingsarbejde på skolen',
          nb: 'Kollegial læring: Gruppevise diskusjoner ut fra innholdet i forelesningen og presentasjon B sett i forhold til eget utviklingsarbeid på skolen',
          en: 'Collegial learning: group discussions on the lecture and presentation B in relation to the development work at one’s own school',
        },
      },
      { start: '14:15', end: '15:00', kind: 'gallery_walk', title: groupGalleryWalk },
      review({
        sv: 'Genomgång av redovisning C till nästa träff',
        da: 'Gennemgang af oplæg C til næste møde',
        nb: 'Gjennomgang av presentasjon C til neste samling',
        en: 'Review of presentation C for the next meeting',
      }),
      dayEvaluation,
    ],
  },
  {
    seedDate: '2020-01-17',
    theme: {
      sv: 'Lärarledarskap och systematiskt kvalitetsarbete',
      da: 'Lærerlederskab og systematisk kvalitetsarbejde',
      nb: 'Lærerlederskap og systematisk kvalitetsarbeid',
      en: 'Teacher leadership and systematic quality work',
    },
    place: 'Kalmar',
    ...day,
    programme: [
      {
        start: '09:30', end: '10:45', kind: 'lecture',
        title: {
          sv: 'Perspektiv på lärarledarskap, systematiskt kvalitetsarbete och kommunikation',
          da: 'Perspektiver på lærerlederskab, systematisk kvalitetsarbejde og kommunikation',
          nb: 'Perspektiver på lærerlederskap, systematisk kvalitetsarbeid og kommunikasjon',
          en: 'Perspectives on teacher leadership, systematic quality work and communication',
        },
        speaker: { sv: 'Daniel Alvunger', da: 'Daniel Alvunger', nb: 'Daniel Alvunger', en: 'Daniel Alvunger' },
      },
      {
        start: '10:45', end: '12:00', kind: 'group_discussion',
        title: {
          sv: 'Kollegialt lärande: Gruppvisa diskussioner och reflektioner utifrån föreläsningens innehåll kopplat till det fortsatta utvecklingsarbetet – med fokus på den egna ledarrollen – samt redovisning C i relation till det egna utvecklingsarbetet på skolenheten',
          da: 'Kollegial læring: Gruppevise drøftelser og refleksioner ud fra oplæggets indhold knyttet til det fortsatte udviklingsarbejde – med fokus på egen lederrolle – samt oplæg C i relation til det egne udviklingsarbejde på skolen',
          nb: 'Kollegial læring: Gruppevise diskusjoner og refleksjoner ut fra innholdet i forelesningen knyttet til det videre utviklingsarbeidet – med vekt på egen lederrolle – og presentasjon C sett i forhold til eget utviklingsarbeid på skolen',
          en: 'Collegial learning: group discussions and reflections on the lecture in relation to the continued development work – with a focus on one’s own leadership role – and presentation C in relation to the development work at one’s own school',
        },
      },
      lunch,
      { start: '13:00', end: '13:45', kind: 'gallery_walk', title: groupGalleryWalk },
      { start: '13:45', end: '15:00', kind: 'peer_supervision', title: peerSupervision },
      review({
        sv: 'Genomgång av redovisning D till nästa träff',
        da: 'Gennemgang af oplæg D til næste møde',
        nb: 'Gjennomgang av presentasjon D til neste samling',
        en: 'Review of presentation D for the next meeting',
      }),
      dayEvaluation,
    ],
  },
  // Meetings 4 and 5: theme and date from the seed; place (the seed is silent: Kalmar and Växjö keep alternating) and
  // programme inferred from meetings 2–3. The seed names no speakers for them.
  {
    seedDate: '2020-03-20',
    theme: { sv: 'Processledning och pedagogiska verktyg', da: 'Procesledelse og pædagogiske værktøjer', nb: 'Prosessledelse og pedagogiske verktøy', en: 'Process leadership and pedagogical tools' },
    place: 'Växjö',
    ...day,
    programme: [
      {
        start: '09:30', end: '10:45', kind: 'lecture',
        title: { sv: 'Processledning och pedagogiska verktyg', da: 'Procesledelse og pædagogiske værktøjer', nb: 'Prosessledelse og pedagogiske verktøy', en: 'Process leadership and pedagogical tools' },
      },
      {
        start: '10:45', end: '12:00', kind: 'group_discussion',
        title: {
          sv: 'Kollegialt lärande: Gruppvisa diskussioner utifrån föreläsningens innehåll och redovisning D i relation till det egna utvecklingsarbetet på skolenheten',
          da: 'Kollegial læring: Gruppevise drøftelser ud fra oplæggets indhold og oplæg D i relation til det egne udviklingsarbejde på skolen',
          nb: 'Kollegial læring: Gruppevise diskusjoner ut fra innholdet i forelesningen og presentasjon D sett i forhold til eget utviklingsarbeid på skolen',
          en: 'Collegial learning: group discussions on the lecture and presentation D in relation to the development work at one’s own school',
        },
      },
      lunch,
      { start: '13:00', end: '13:45', kind: 'gallery_walk', title: groupGalleryWalk },
      { start: '13:45', end: '15:00', kind: 'peer_supervision', title: peerSupervision },
      review({
        sv: 'Genomgång av förberedelsen inför nätverksplanen till nästa träff',
        da: 'Gennemgang af forberedelsen af netværksplanen til næste møde',
        nb: 'Gjennomgang av forberedelsene til nettverksplanen til neste samling',
        en: 'Review of the preparation of the network plan for the next meeting',
      }),
      dayEvaluation,
    ],
  },
  {
    seedDate: '2020-04-23',
    theme: { sv: 'Nätverksplan och fortsatt samarbete', da: 'Netværksplan og fortsat samarbejde', nb: 'Nettverksplan og videre samarbeid', en: 'Network plan and continued cooperation' },
    place: 'Kalmar',
    ...day,
    programme: [
      {
        start: '09:30', end: '10:30', kind: 'lecture',
        title: {
          sv: 'Kapacitetsbyggande processer och fortsatt utvecklingsarbete',
          da: 'Kapacitetsopbyggende processer og fortsat udviklingsarbejde',
          nb: 'Kapasitetsbyggende prosesser og videre utviklingsarbeid',
          en: 'Capacity-building processes and continued development work',
        },
      },
      {
        start: '10:30', end: '12:00', kind: 'group_discussion',
        title: {
          sv: 'Kollegialt lärande: Gruppvisa diskussioner och reflektioner utifrån årets utvecklingsarbete på skolenheten',
          da: 'Kollegial læring: Gruppevise drøftelser og refleksioner ud fra årets udviklingsarbejde på skolen',
          nb: 'Kollegial læring: Gruppevise diskusjoner og refleksjoner ut fra årets utviklingsarbeid på skolen',
          en: 'Collegial learning: group discussions and reflections on the year’s development work at one’s own school',
        },
      },
      lunch,
      { start: '13:00', end: '13:45', kind: 'gallery_walk', title: groupGalleryWalk },
      { start: '13:45', end: '14:30', kind: 'peer_supervision', title: peerSupervision },
      {
        start: '14:30', end: '15:30', kind: 'other',
        title: { sv: 'Nätverksplan och fortsatt samarbete', da: 'Netværksplan og fortsat samarbejde', nb: 'Nettverksplan og videre samarbeid', en: 'Network plan and continued cooperation' },
      },
      {
        ...dayEvaluation,
        title: { sv: 'Utvärdering av dagen och av nätverket', da: 'Evaluering af dagen og af netværket', nb: 'Evaluering av dagen og av nettverket', en: 'Evaluation of the day and of the network' },
      },
    ],
  },
];

const schoolWork: Localized = {
  sv: 'Utvecklingsarbete i den egna skolverksamheten',
  da: 'Udviklingsarbejde på egen skole',
  nb: 'Utviklingsarbeid på egen skole',
  en: 'Development work in one’s own school',
};

// The seed's "Arbetsformer: Verksamhetsförlagda studier", which happen between all meetings.
const fieldStudies: Localized = {
  sv: 'Verksamhetsförlagda studier: intervjuer, observationer m.m. i förskola och/eller skola. Resultaten dokumenteras och analyseras inför och vid träffarna samt i lärplattformen.',
  da: 'Praksisbaserede studier: interviews, observationer m.m. i dagtilbud og/eller skole. Resultaterne dokumenteres og analyseres før og ved møderne samt på læringsplatformen.',
  nb: 'Praksisbaserte studier: intervjuer, observasjoner m.m. i barnehage og/eller skole. Resultatene dokumenteres og analyseres før og på samlingene og på læringsplattformen.',
  en: 'Field studies in one’s own setting: interviews, observations etc. in preschool and/or school. The results are documented and analysed before and at the meetings and on the learning platform.',
};

// The seed adds "– se instruktioner på MyMoodle" (Linnaeus University's platform); here the instructions live with the assignment.
const intervals: IntervalSpec[] = [
  {
    afterMeeting: null,
    title: { sv: 'Förberedelse i den egna verksamheten', da: 'Forberedelse på egen skole', nb: 'Forberedelse på egen skole', en: 'Preparation in one’s own school' },
    tasks: [
      {
        sv: 'Genomför den skattning som skickades med i välkomstbrevet.',
        da: 'Gennemfør den selvvurdering, der blev sendt med velkomstbrevet.',
        nb: 'Gjennomfør egenvurderingen som ble sendt med velkomstbrevet.',
        en: 'Complete the self-assessment that was sent with the welcome letter.',
      },
      {
        sv: 'Samtala med din rektor om vilka utvecklingsområden som är angelägna att utveckla på din skola.',
        da: 'Tal med din skoleleder om, hvilke udviklingsområder det er vigtigt at udvikle på din skole.',
        nb: 'Snakk med rektor om hvilke utviklingsområder det er viktig å utvikle på skolen din.',
        en: 'Talk with your principal about which development areas are important to develop at your school.',
      },
      {
        sv: 'Förbered en presentation av ditt uppdrag. Gör en mycket kort powerpointpresentation med två-tre betydelsebärande bilder och punkter. Formulera en kort text/stödord för eget bruk i anteckningsfältet som rör Nuläge och Utvecklingsstrategier.',
        da: 'Forbered en præsentation af dit opdrag. Lav en meget kort PowerPoint-præsentation med to-tre betydningsbærende dias og punkter. Formulér en kort tekst/stikord til eget brug i notefeltet om Nuværende situation og Udviklingsstrategier.',
        nb: 'Forbered en presentasjon av oppdraget ditt. Lag en svært kort PowerPoint-presentasjon med to–tre meningsbærende lysbilder og punkter. Formuler en kort tekst/stikkord til eget bruk i notatfeltet om Nåsituasjon og Utviklingsstrategier.',
        en: 'Prepare a presentation of your remit. Make a very short PowerPoint presentation with two or three meaningful slides and points. Write a short text or key words for your own use in the notes field under Current situation and Development strategies.',
      },
    ],
  },
  {
    afterMeeting: 1,
    title: schoolWork,
    tasks: [fieldStudies, { sv: 'Förberedelse redovisning B', da: 'Forberedelse af oplæg B', nb: 'Forberedelse av presentasjon B', en: 'Preparation of presentation B' }],
  },
  {
    afterMeeting: 2,
    title: schoolWork,
    tasks: [fieldStudies, { sv: 'Förberedelse redovisning C', da: 'Forberedelse af oplæg C', nb: 'Forberedelse av presentasjon C', en: 'Preparation of presentation C' }],
    recordedLectures: [
      {
        title: {
          sv: 'Carl-Henrik Adolfsson, Systematiskt kvalitetsarbete: Formella och sociala system',
          da: 'Carl-Henrik Adolfsson, Systematisk kvalitetsarbejde: formelle og sociale systemer',
          nb: 'Carl-Henrik Adolfsson, Systematisk kvalitetsarbeid: formelle og sosiale systemer',
          en: 'Carl-Henrik Adolfsson, Systematic quality work: formal and social systems',
        },
      },
    ],
  },
  {
    afterMeeting: 3,
    title: schoolWork,
    tasks: [fieldStudies, { sv: 'Förberedelse redovisning D', da: 'Forberedelse af oplæg D', nb: 'Forberedelse av presentasjon D', en: 'Preparation of presentation D' }],
  },
  // Inferred: the seed's table stops before this interval; it prepares the network plan of meeting 5.
  {
    afterMeeting: 4,
    title: schoolWork,
    tasks: [
      fieldStudies,
      {
        sv: 'Förberedelse inför träff 5: nätverksplan och fortsatt samarbete, i samtal med din skolledare',
        da: 'Forberedelse til møde 5: netværksplan og fortsat samarbejde, i samtale med din skoleleder',
        nb: 'Forberedelse til samling 5: nettverksplan og videre samarbeid, i samtale med skolelederen din',
        en: 'Preparation for meeting 5: network plan and continued cooperation, in conversation with your school leader',
      },
    ],
  },
];

export const pilotYear: DatedTemplate = {
  choice: {
    name: {
      sv: 'Pilotår: lärarledarskap och kollegialt lärande',
      da: 'Pilotår: lærerlederskab og kollegial læring',
      nb: 'Pilotår: lærerlederskap og kollegial læring',
      en: 'Pilot year: teacher leadership and collegial learning',
    },
    description: {
      sv: 'Fem heldagsträffar med bärande teman, redovisningar A–D, gallery walks, problembaserad kollegahandledning och dagsutvärderingar (Linnéuniversitetet och Skolverket).',
      da: 'Fem heldagsmøder med bærende temaer, oplæg A–D, gallery walks, problembaseret kollegial supervision og dagsevalueringer (Linnéuniversitetet og Skolverket).',
      nb: 'Fem heldagssamlinger med bærende temaer, presentasjoner A–D, gallerivandringer, problembasert kollegaveiledning og dagsevalueringer (Linnéuniversitetet og Skolverket).',
      en: 'Five full-day meetings with guiding themes, presentations A–D, gallery walks, problem-based peer supervision and day evaluations (Linnaeus University and the Swedish National Agency for Education).',
    },
  },
  meetings,
  intervals,
  assignments: pilotYearAssignments,
};
