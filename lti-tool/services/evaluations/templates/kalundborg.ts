// Kalundborg's annual network evaluation (000_bc541bf3ebac7d5d.txt, "Evaluering"): its six questions word for word
// in Danish, and faithfully translated. The five "Har …?" questions are yes/no, each followed by an optional
// "Uddyb gerne" so the reasons are kept; the sixth asks for wishes and ideas in free text.
import type { FormTemplate, TemplateLanguage, TemplateQuestion } from './types';

interface KalundborgTexts {
  title: string;
  intro: string;
  elaborate: string;
  questions: [string, string, string, string, string, string];
}

const texts: Record<TemplateLanguage, KalundborgTexts> = {
  da: {
    title: 'Årlig netværksevaluering',
    intro: 'Den årlige netværksevaluering. Svarene bruges til at udvikle netværket.',
    elaborate: 'Uddyb gerne',
    questions: [
      'Har det faglige indhold og de faglige drøftelser på tværs af skolerne givet inputs til nye indsatser eller tiltag på skolen?',
      'Har netværksmøderne givet anledning til drøftelser om faglige udviklingsmuligheder med skolens fagteam?',
      'Har netværksmøderne givet anledning til drøftelser om faglige udviklingsmuligheder med skolens ledelse?',
      'Har netværksmøderne givet anledning til tættere samarbejde/sparring med lærer fra andre skoler?',
      'Har deltageren været i dialog med den kommunale fagkonsulent om facilitering af udviklingsaktiviteter på skolen?',
      'Er der ønsker/idéer til kommende netværksmøder?',
    ],
  },
  sv: {
    title: 'Årlig nätverksutvärdering',
    intro: 'Nätverkets årliga utvärdering. Svaren används för att utveckla nätverket.',
    elaborate: 'Utveckla gärna',
    questions: [
      'Har det ämnesmässiga innehållet och de ämnesmässiga diskussionerna mellan skolorna gett uppslag till nya insatser eller åtgärder på skolan?',
      'Har nätverksträffarna gett anledning till diskussioner om ämnesmässiga utvecklingsmöjligheter med skolans ämneslag?',
      'Har nätverksträffarna gett anledning till diskussioner om ämnesmässiga utvecklingsmöjligheter med skolans ledning?',
      'Har nätverksträffarna gett anledning till närmare samarbete/sparring med lärare från andra skolor?',
      'Har deltagaren varit i dialog med den kommunala ämneskonsulenten om att leda utvecklingsaktiviteter på skolan?',
      'Finns det önskemål/idéer inför kommande nätverksträffar?',
    ],
  },
  nb: {
    title: 'Årlig nettverksevaluering',
    intro: 'Nettverkets årlige evaluering. Svarene brukes til å utvikle nettverket.',
    elaborate: 'Utdyp gjerne',
    questions: [
      'Har det faglige innholdet og de faglige drøftingene på tvers av skolene gitt innspill til nye innsatser eller tiltak på skolen?',
      'Har nettverksmøtene gitt anledning til drøftinger om faglige utviklingsmuligheter med skolens faglag?',
      'Har nettverksmøtene gitt anledning til drøftinger om faglige utviklingsmuligheter med skolens ledelse?',
      'Har nettverksmøtene gitt anledning til tettere samarbeid/sparring med lærere fra andre skoler?',
      'Har deltakeren vært i dialog med den kommunale fagkonsulenten om fasilitering av utviklingsaktiviteter på skolen?',
      'Er det ønsker/idéer til kommende nettverksmøter?',
    ],
  },
  en: {
    title: 'Annual network evaluation',
    intro: "The network's annual evaluation. The answers are used to develop the network.",
    elaborate: 'Feel free to elaborate',
    questions: [
      'Have the subject content and the subject discussions across the schools given input to new initiatives or measures at the school?',
      "Have the network meetings given rise to discussions about subject development opportunities with the school's subject team?",
      "Have the network meetings given rise to discussions about subject development opportunities with the school's leadership?",
      'Have the network meetings given rise to closer collaboration/sparring with teachers from other schools?',
      'Has the participant been in dialogue with the municipal subject consultant about facilitating development activities at the school?',
      'Are there wishes/ideas for future network meetings?',
    ],
  },
};

/** The annual evaluation in one language: keys `kalundborg.1` … `kalundborg.6`, follow-ups `kalundborg.N.more`. */
export function kalundborgTemplate(lang: TemplateLanguage): FormTemplate {
  const text = texts[lang];
  const [q1, q2, q3, q4, q5, q6] = text.questions;
  const yesNo = (number: number, question: string): TemplateQuestion[] => [
    { key: `kalundborg.${number}`, kind: 'yesno', text: question, required: true },
    { key: `kalundborg.${number}.more`, kind: 'text', text: text.elaborate },
  ];
  return {
    title: text.title,
    intro: text.intro,
    questions: [...yesNo(1, q1), ...yesNo(2, q2), ...yesNo(3, q3), ...yesNo(4, q4), ...yesNo(5, q5), { key: 'kalundborg.6', kind: 'text', text: q6 }],
  };
}
