// The self-assessment (skattning) before the first meeting and its twin at the end of the year
// (004_db33f0ab07ebdfe5.txt). The seed names it but does not give its questions: these statements on the year's
// themes are a proposal, and the intro says so, for the leader to edit before publishing.
import type { FormTemplate, TemplateLanguage } from './types';

export type SelfPhase = 'start' | 'end';

const statementKeys = ['self.remit', 'self.developmentAreas', 'self.collegialLearning', 'self.teacherLeadership', 'self.qualityWork', 'self.processLeadership', 'self.tools', 'self.climate', 'self.communication'] as const;

interface SelfTexts {
  title: Record<SelfPhase, string>;
  intro: string;
  low: string;
  high: string;
  statements: Record<(typeof statementKeys)[number], string>;
  comment: string;
}

const texts: Record<TemplateLanguage, SelfTexts> = {
  sv: {
    title: { start: 'Skattning inför första träffen', end: 'Skattning vid årets slut' },
    intro: 'Skatta hur väl påståendena stämmer för dig. (Förslag på påståenden utifrån årets teman – redigera dem innan formuläret publiceras.)',
    low: 'Stämmer inte alls',
    high: 'Stämmer helt',
    statements: {
      'self.remit': 'Jag har en tydlig bild av mitt uppdrag.',
      'self.developmentAreas': 'Jag vet vilka utvecklingsområden min skola behöver arbeta med, och varför.',
      'self.collegialLearning': 'Jag kan leda kollegialt lärande bland mina kollegor.',
      'self.teacherLeadership': 'Jag tar ett lärarledarskap i utvecklingen av undervisningen.',
      'self.qualityWork': 'Jag bidrar till skolans systematiska kvalitetsarbete med underlag och analys.',
      'self.processLeadership': 'Jag känner mig trygg i att processleda samtal och utvecklingsarbete.',
      'self.tools': 'Jag har pedagogiska verktyg att använda i utvecklingsarbetet.',
      'self.climate': 'Jag bidrar till ett tillitsfullt klimat i kollegiet.',
      'self.communication': 'Jag kommunicerar utvecklingsarbetet tydligt med kollegor och skolledning.',
    },
    comment: 'Vill du säga något mer om din skattning?',
  },
  da: {
    title: { start: 'Selvvurdering før første netværksmøde', end: 'Selvvurdering ved årets afslutning' },
    intro: 'Vurder, hvor godt udsagnene passer på dig. (Forslag til udsagn ud fra årets temaer – rediger dem, før skemaet offentliggøres.)',
    low: 'Passer slet ikke',
    high: 'Passer helt',
    statements: {
      'self.remit': 'Jeg har et klart billede af min opgave.',
      'self.developmentAreas': 'Jeg ved, hvilke udviklingsområder min skole skal arbejde med, og hvorfor.',
      'self.collegialLearning': 'Jeg kan lede kollegial læring blandt mine kolleger.',
      'self.teacherLeadership': 'Jeg tager lærerlederskab i udviklingen af undervisningen.',
      'self.qualityWork': 'Jeg bidrager til skolens systematiske kvalitetsarbejde med data og analyse.',
      'self.processLeadership': 'Jeg er tryg ved at processtyre samtaler og udviklingsarbejde.',
      'self.tools': 'Jeg har pædagogiske værktøjer at bruge i udviklingsarbejdet.',
      'self.climate': 'Jeg bidrager til et tillidsfuldt klima blandt kollegerne.',
      'self.communication': 'Jeg kommunikerer udviklingsarbejdet klart til kolleger og skoleledelse.',
    },
    comment: 'Vil du sige mere om din vurdering?',
  },
  nb: {
    title: { start: 'Egenvurdering før første samling', end: 'Egenvurdering ved årets slutt' },
    intro: 'Vurder hvor godt påstandene stemmer for deg. (Forslag til påstander ut fra årets temaer – rediger dem før skjemaet publiseres.)',
    low: 'Stemmer ikke i det hele tatt',
    high: 'Stemmer helt',
    statements: {
      'self.remit': 'Jeg har et tydelig bilde av oppdraget mitt.',
      'self.developmentAreas': 'Jeg vet hvilke utviklingsområder skolen min trenger å arbeide med, og hvorfor.',
      'self.collegialLearning': 'Jeg kan lede kollegalæring blant kollegene mine.',
      'self.teacherLeadership': 'Jeg tar et lærerlederskap i utviklingen av undervisningen.',
      'self.qualityWork': 'Jeg bidrar til skolens systematiske kvalitetsarbeid med grunnlag og analyse.',
      'self.processLeadership': 'Jeg er trygg på å prosesslede samtaler og utviklingsarbeid.',
      'self.tools': 'Jeg har pedagogiske verktøy å bruke i utviklingsarbeidet.',
      'self.climate': 'Jeg bidrar til et tillitsfullt klima i kollegiet.',
      'self.communication': 'Jeg kommuniserer utviklingsarbeidet tydelig med kolleger og skoleledelse.',
    },
    comment: 'Vil du si noe mer om vurderingen din?',
  },
  en: {
    title: { start: 'Self-assessment before the first meeting', end: 'Self-assessment at the end of the year' },
    intro: "Rate how well each statement fits you. (Proposed statements on the year's themes – edit them before the form is published.)",
    low: 'Not at all true',
    high: 'Completely true',
    statements: {
      'self.remit': 'I have a clear picture of my remit.',
      'self.developmentAreas': 'I know which development areas my school needs to work on, and why.',
      'self.collegialLearning': 'I can lead collegial learning among my colleagues.',
      'self.teacherLeadership': 'I take on teacher leadership in developing teaching.',
      'self.qualityWork': "I contribute to the school's systematic quality work with evidence and analysis.",
      'self.processLeadership': 'I feel confident leading conversations and development work as a process leader.',
      'self.tools': 'I have pedagogical tools to use in development work.',
      'self.climate': 'I contribute to a trusting climate among my colleagues.',
      'self.communication': 'I communicate the development work clearly to colleagues and school leaders.',
    },
    comment: 'Would you like to say more about your assessment?',
  },
};

/** The self-assessment at the start or the end of the year: the same keys in both, so each person is compared. */
export function selfTemplate(lang: TemplateLanguage, phase: SelfPhase): FormTemplate {
  const text = texts[lang];
  return {
    title: text.title[phase],
    intro: text.intro,
    questions: [
      ...statementKeys.map((key) => ({ key, kind: 'scale' as const, text: text.statements[key], lowLabel: text.low, highLabel: text.high, required: true })),
      { key: 'self.comment', kind: 'text' as const, text: text.comment },
    ],
  };
}
