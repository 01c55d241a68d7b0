// "Utvärdering av dagen": the evaluation that ends every meeting of the pilot year (004_db33f0ab07ebdfe5.txt), and
// whose answers open the next one. One form per meeting, the same keys in each, so the meetings can be compared.
import type { FormTemplate, TemplateLanguage, TemplateQuestion } from './types';

interface DayTexts {
  title: (meeting: { number: number; theme: string }) => string;
  intro: string;
  scale: { low: string; high: string };
  overall: string;
  input: string;
  groupWork: string;
  relevance: string;
  takeaway: string;
  improve: string;
  wishes: string;
}

const texts: Record<TemplateLanguage, DayTexts> = {
  sv: {
    title: ({ number, theme }) => `Utvärdering av träff ${number}: ${theme}`,
    intro: 'Utvärdering av dagen. Det tar någon minut; svaren visas för nätverket vid nästa träff.',
    scale: { low: 'Inte alls', high: 'I mycket hög grad' },
    overall: 'Hur givande var dagen som helhet?',
    input: 'Hur givande var dagens föreläsning eller inspel?',
    groupWork: 'Hur givande var grupparbetet (samtalsgrupper, gallery walk)?',
    relevance: 'Hur relevant var dagen för ditt eget uppdrag?',
    takeaway: 'Vad tar du med dig från dagen?',
    improve: 'Vad kunde ha varit bättre?',
    wishes: 'Önskemål inför nästa träff',
  },
  da: {
    title: ({ number, theme }) => `Evaluering af netværksmøde ${number}: ${theme}`,
    intro: 'Evaluering af dagen. Det tager et par minutter; svarene vises for netværket ved næste møde.',
    scale: { low: 'Slet ikke', high: 'I meget høj grad' },
    overall: 'Hvor udbytterig var dagen som helhed?',
    input: 'Hvor udbytterigt var dagens oplæg?',
    groupWork: 'Hvor udbytterigt var gruppearbejdet (samtalegrupper, gallery walk)?',
    relevance: 'Hvor relevant var dagen for din egen opgave?',
    takeaway: 'Hvad tager du med dig fra dagen?',
    improve: 'Hvad kunne have været bedre?',
    wishes: 'Ønsker til næste netværksmøde',
  },
  nb: {
    title: ({ number, theme }) => `Evaluering av samling ${number}: ${theme}`,
    intro: 'Evaluering av dagen. Det tar et par minutter; svarene vises for nettverket på neste samling.',
    scale: { low: 'Ikke i det hele tatt', high: 'I svært stor grad' },
    overall: 'Hvor nyttig var dagen som helhet?',
    input: 'Hvor nyttig var dagens forelesning eller innspill?',
    groupWork: 'Hvor nyttig var gruppearbeidet (samtalegrupper, gallery walk)?',
    relevance: 'Hvor relevant var dagen for ditt eget oppdrag?',
    takeaway: 'Hva tar du med deg fra dagen?',
    improve: 'Hva kunne vært bedre?',
    wishes: 'Ønsker til neste samling',
  },
  en: {
    title: ({ number, theme }) => `Evaluation of meeting ${number}: ${theme}`,
    intro: 'Evaluation of the day. It takes a minute or two; the answers are shown to the network at the next meeting.',
    scale: { low: 'Not at all', high: 'To a very great extent' },
    overall: 'How worthwhile was the day as a whole?',
    input: "How worthwhile was the day's lecture or input?",
    groupWork: 'How worthwhile was the group work (conversation groups, gallery walk)?',
    relevance: 'How relevant was the day to your own assignment?',
    takeaway: 'What do you take with you from the day?',
    improve: 'What could have been better?',
    wishes: 'Wishes for the next meeting',
  },
};

/** The day evaluation of one meeting, in one language. */
export function dayTemplate(lang: TemplateLanguage, meeting: { number: number; theme: string }): FormTemplate {
  const text = texts[lang];
  const scale = (key: string, question: string): TemplateQuestion => ({ key, kind: 'scale', text: question, lowLabel: text.scale.low, highLabel: text.scale.high, required: true });
  return {
    title: text.title(meeting),
    intro: text.intro,
    questions: [
      scale('day.overall', text.overall),
      scale('day.input', text.input),
      scale('day.groupWork', text.groupWork),
      scale('day.relevance', text.relevance),
      { key: 'day.takeaway', kind: 'text', text: text.takeaway },
      { key: 'day.improve', kind: 'text', text: text.improve },
      { key: 'day.wishes', kind: 'text', text: text.wishes },
    ],
  };
}
