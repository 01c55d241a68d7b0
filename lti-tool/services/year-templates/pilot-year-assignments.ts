import type { AssignmentSpec, Localized } from './template-specs';

/*
 * Redovisning A–D of the pilot year, seed 004_db33f0ab07ebdfe5.txt. A's text and guiding questions are the
 * seed's own words; B–D are only named there ("se instruktioner på MyMoodle"), so their instructions say
 * what the seed says each is used for at its meeting and leave the rest to the leader.
 */

const notesFormat: Localized = {
  sv: 'Använd en PowerPoint-presentation. Genom att använda PowerPoints anteckningssidor och meningsbärande bilder kan resultatet redovisas i sin helhet. På anteckningssidorna fördjupar du dina tankar och relaterar dem i förekommande fall till litteratur eller andra källor som du finner relevanta, medan presentationen som åhörarna kan se innehåller meningsbärande ord och bilder.',
  da: 'Brug en PowerPoint-præsentation. Med PowerPoints noteside og meningsbærende dias kan resultatet fremlægges i sin helhed. På notesiderne uddyber du dine tanker og relaterer dem, hvor det er relevant, til litteratur eller andre kilder, mens det, tilhørerne ser, er meningsbærende ord og billeder.',
  nb: 'Bruk en PowerPoint-presentasjon. Med PowerPoints notatsider og meningsbærende lysbilder kan resultatet legges fram i sin helhet. På notatsidene utdyper du tankene dine og knytter dem, der det er relevant, til litteratur eller andre kilder, mens det tilhørerne ser, er meningsbærende ord og bilder.',
  en: 'Use a PowerPoint presentation. With PowerPoint’s notes pages and meaningful slides the result can be presented in full. In the notes you deepen your thoughts and, where relevant, relate them to literature or other sources you find relevant, while the slides the audience sees hold meaningful words and pictures.',
};

const assignmentA: AssignmentSpec = {
  letter: 'A',
  title: { sv: 'Uppdrag och utvecklingsområden', da: 'Opdrag og udviklingsområder', nb: 'Oppdrag og utviklingsområder', en: 'Remit and development areas' },
  instructions: {
    sv: 'Vid den första träffen är syftet att vi lär känna varandra och att vi får en utgångspunkt för att arbeta tillsammans i nätverket. Förbered en presentation där du redogör för och reflekterar över ditt uppdrag och ett utvecklingsområde(n) som du anser din skola/verksamhet behöver arbeta med. Notera att ett av underlagen är samtal med din skolledare.\n\nSe frågorna som vägledande. Du behöver inte besvara var och en av dem ”slaviskt”, utan tanken är att ge ett underlag om ditt uppdrag och utvecklingsområde(n).',
    da: 'Ved det første møde er formålet, at vi lærer hinanden at kende og får et udgangspunkt for at arbejde sammen i netværket. Forbered et oplæg, hvor du redegør for og reflekterer over dit opdrag og et eller flere udviklingsområder, som du mener, din skole har brug for at arbejde med. Bemærk, at en af kilderne er en samtale med din skoleleder.\n\nSpørgsmålene er vejledende. Du behøver ikke besvare hvert enkelt “slavisk”; tanken er at give et grundlag om dit opdrag og dine udviklingsområder.',
    nb: 'På den første samlingen er målet at vi blir kjent med hverandre og får et utgangspunkt for å arbeide sammen i nettverket. Forbered en presentasjon der du gjør rede for og reflekterer over oppdraget ditt og ett eller flere utviklingsområder som du mener skolen din trenger å arbeide med. Merk at ett av grunnlagene er en samtale med skolelederen din.\n\nSpørsmålene er veiledende. Du trenger ikke svare «slavisk» på hvert av dem; tanken er å gi et grunnlag om oppdraget ditt og utviklingsområdene.',
    en: 'At the first meeting the aim is to get to know each other and to find a starting point for working together in the network. Prepare a presentation in which you describe and reflect on your remit and one or more development areas your school needs to work on. Note that one of the sources is a conversation with your school leader.\n\nThe questions are a guide. You need not answer each of them “slavishly”; the idea is to give a basis about your remit and development areas.',
  },
  guidingQuestions: [
    {
      heading: { sv: 'Nuläge', da: 'Nuværende situation', nb: 'Nåsituasjon', en: 'Current situation' },
      questions: [
        { sv: 'Hur är ditt uppdrag formulerat? Vem/vilka har formulerat det? Hur är det förankrat och kommunicerat i verksamheten?', da: 'Hvordan er dit opdrag formuleret? Hvem har formuleret det? Hvordan er det forankret og kommunikeret på skolen?', nb: 'Hvordan er oppdraget ditt formulert? Hvem har formulert det? Hvordan er det forankret og kommunisert på skolen?', en: 'How is your remit worded? Who wrote it? How is it anchored and communicated in the school?' },
        { sv: 'Vilka utvecklingsområden arbetar din skola med? Hur har ni identifierat områdena? Hur arbetar ni? Vilka är involverade? Koppling till styrdokumenten?', da: 'Hvilke udviklingsområder arbejder din skole med? Hvordan har I identificeret dem? Hvordan arbejder I? Hvem er involveret? Kobling til styredokumenterne?', nb: 'Hvilke utviklingsområder arbeider skolen din med? Hvordan har dere identifisert dem? Hvordan arbeider dere? Hvem er involvert? Kobling til styringsdokumentene?', en: 'Which development areas is your school working on? How did you identify them? How do you work? Who is involved? How do they connect to the national steering documents?' },
        { sv: 'Vilka möjligheter och utmaningar innebär uppdrag och utvecklingsområden för dig i din roll som förstelärare?', da: 'Hvilke muligheder og udfordringer giver opdrag og udviklingsområder dig i din rolle som vejleder/ressourceperson?', nb: 'Hvilke muligheter og utfordringer gir oppdrag og utviklingsområder deg i rollen din som lærerspesialist?', en: 'What opportunities and challenges do the remit and development areas bring you in your role as a lead teacher?' },
      ],
    },
    {
      heading: { sv: 'Utvecklingsstrategier', da: 'Udviklingsstrategier', nb: 'Utviklingsstrategier', en: 'Development strategies' },
      questions: [
        { sv: 'Vad vill du utveckla i din verksamhet? Hur har du identifierat utvecklingsområdet? Vilka underlag finns? Hur vill du arbeta?', da: 'Hvad vil du udvikle på din skole? Hvordan har du identificeret udviklingsområdet? Hvilket grundlag findes? Hvordan vil du arbejde?', nb: 'Hva vil du utvikle på skolen din? Hvordan har du identifisert utviklingsområdet? Hvilket grunnlag finnes? Hvordan vil du arbeide?', en: 'What do you want to develop in your school? How did you identify the development area? What evidence is there? How do you want to work?' },
        { sv: 'Vilken koppling finns till lärarnas undervisning och elevernas lärande?', da: 'Hvilken sammenhæng er der til lærernes undervisning og elevernes læring?', nb: 'Hvilken sammenheng er det med lærernes undervisning og elevenes læring?', en: 'How does it connect to the teachers’ teaching and the pupils’ learning?' },
        { sv: 'Vilka möjligheter och utmaningar innebär det för dig i din roll som förstelärare?', da: 'Hvilke muligheder og udfordringer giver det dig i din rolle?', nb: 'Hvilke muligheter og utfordringer gir det deg i rollen din?', en: 'What opportunities and challenges does it bring you in your role as a lead teacher?' },
        { sv: 'Vilka förväntningar har du på nätverket för att stödja dig i ditt uppdrag?', da: 'Hvilke forventninger har du til netværket om at støtte dig i dit opdrag?', nb: 'Hvilke forventninger har du til nettverket om å støtte deg i oppdraget ditt?', en: 'What do you expect of the network in supporting you in your remit?' },
      ],
    },
    {
      heading: { sv: 'Samtal med skolledaren', da: 'Samtale med skolelederen', nb: 'Samtale med skolelederen', en: 'Conversation with the school leader' },
      questions: [
        { sv: 'Samtala med din skolledare om dina tankar om verksamhetens utvecklingsbehov vad gäller undervisning och lärande. Vilket utvecklingsområde behöver prioriteras och varför?', da: 'Tal med din skoleleder om dine tanker om skolens udviklingsbehov, hvad angår undervisning og læring. Hvilket udviklingsområde skal prioriteres og hvorfor?', nb: 'Snakk med skolelederen din om tankene dine om skolens utviklingsbehov når det gjelder undervisning og læring. Hvilket utviklingsområde må prioriteres, og hvorfor?', en: 'Talk with your school leader about your thoughts on the school’s development needs in teaching and learning. Which development area needs priority, and why?' },
        { sv: 'Vilka underlag och analyser av dessa ligger till grund för prioriteringen? Vilka strategier och konkreta insatser behöver användas för att nå målen? Hur kan uppföljning och utvärdering genomföras?', da: 'Hvilket grundlag og hvilke analyser ligger bag prioriteringen? Hvilke strategier og konkrete indsatser skal bruges for at nå målene? Hvordan kan opfølgning og evaluering foregå?', nb: 'Hvilket grunnlag og hvilke analyser ligger til grunn for prioriteringen? Hvilke strategier og konkrete tiltak må brukes for å nå målene? Hvordan kan oppfølging og evaluering gjennomføres?', en: 'What evidence and analyses is the priority based on? Which strategies and concrete actions are needed to reach the goals? How can follow-up and evaluation be done?' },
        { sv: 'Vad innebär det konkret för dig i din roll som förstelärare? Vilket stöd behöver du från din skolledare?', da: 'Hvad betyder det konkret for dig i din rolle? Hvilken støtte har du brug for fra din skoleleder?', nb: 'Hva betyr det konkret for deg i rollen din? Hvilken støtte trenger du fra skolelederen din?', en: 'What does it mean in practice for you in your role? What support do you need from your school leader?' },
      ],
    },
  ],
  presentedAtMeeting: 1,
  presentationMinutes: 25,
  groupSize: 4,
  leaderConversation: true,
};

/** B–D are named for what the seed has them discussed with: the theme of the meeting they are presented at. */
function laterAssignment(letter: 'B' | 'C' | 'D', meeting: number, title: Localized, use: Localized): AssignmentSpec {
  return {
    letter,
    title,
    instructions: use,
    guidingQuestions: [],
    presentedAtMeeting: meeting,
    presentationMinutes: null,
    groupSize: null,
    leaderConversation: false,
  };
}

export const pilotYearAssignments: readonly AssignmentSpec[] = [
  assignmentA,
  laterAssignment('B', 2, { sv: 'Kollegialt lärande i utvecklingsarbetet', da: 'Kollegial læring i udviklingsarbejdet', nb: 'Kollegial læring i utviklingsarbeidet', en: 'Collegial learning in the development work' }, {
    sv: 'Förberedelse inför träff 2. Redovisning B diskuteras gruppvis i relation till det egna utvecklingsarbetet på skolenheten, och redovisas i ett ”Gallery Walk”.',
    da: 'Forberedelse til møde 2. Oplæg B drøftes i grupper i relation til eget udviklingsarbejde på skolen og fremlægges på en “gallery walk”.',
    nb: 'Forberedelse til samling 2. Presentasjon B drøftes i grupper i lys av eget utviklingsarbeid på skolen og legges fram på en «gallerivandring».',
    en: 'Preparation for meeting 2. Presentation B is discussed in groups in relation to the development work in your own school and shown in a “gallery walk”.',
  }),
  laterAssignment('C', 3, { sv: 'Den egna ledarrollen i utvecklingsarbetet', da: 'Egen lederrolle i udviklingsarbejdet', nb: 'Egen lederrolle i utviklingsarbeidet', en: 'Your own leadership role in the development work' }, {
    sv: 'Förberedelse inför träff 3. Redovisning C diskuteras gruppvis i relation till det egna utvecklingsarbetet på skolenheten, med fokus på den egna ledarrollen, och redovisas i ett ”Gallery Walk”.',
    da: 'Forberedelse til møde 3. Oplæg C drøftes i grupper i relation til eget udviklingsarbejde på skolen med fokus på egen lederrolle og fremlægges på en “gallery walk”.',
    nb: 'Forberedelse til samling 3. Presentasjon C drøftes i grupper i lys av eget utviklingsarbeid på skolen, med vekt på egen lederrolle, og legges fram på en «gallerivandring».',
    en: 'Preparation for meeting 3. Presentation C is discussed in groups in relation to the development work in your own school, with a focus on your own leadership role, and shown in a “gallery walk”.',
  }),
  laterAssignment('D', 4, { sv: 'Processledning i utvecklingsarbetet', da: 'Procesledelse i udviklingsarbejdet', nb: 'Prosessledelse i utviklingsarbeidet', en: 'Process leadership in the development work' }, {
    sv: 'Förberedelse inför träff 4. Redovisning D gås igenom i slutet av träff 3 och redovisas vid träff 4.',
    da: 'Forberedelse til møde 4. Oplæg D gennemgås sidst på møde 3 og fremlægges på møde 4.',
    nb: 'Forberedelse til samling 4. Presentasjon D gjennomgås på slutten av samling 3 og legges fram på samling 4.',
    en: 'Preparation for meeting 4. Presentation D is reviewed at the end of meeting 3 and presented at meeting 4.',
  }),
].map((spec) => ({ ...spec, instructions: withFormat(spec.instructions) }));

function withFormat(text: Localized): Localized {
  return { sv: `${text.sv}\n\n${notesFormat.sv}`, da: `${text.da}\n\n${notesFormat.da}`, nb: `${text.nb}\n\n${notesFormat.nb}`, en: `${text.en}\n\n${notesFormat.en}` };
}
