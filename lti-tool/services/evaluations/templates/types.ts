import type { QuestionKind } from '../../../../models/schema';

/** The languages a template is written in; a leader picks one, the launch's by default. */
export const templateLanguages = ['sv', 'da', 'nb', 'en'] as const;
export type TemplateLanguage = (typeof templateLanguages)[number];

export interface TemplateQuestion {
  /** Stable across every form made from the template, in every language: comparisons line questions up by it. */
  key: string;
  kind: QuestionKind;
  text: string;
  lowLabel?: string;
  highLabel?: string;
  options?: string[];
  required?: boolean;
}

export interface FormTemplate {
  title: string;
  intro: string;
  questions: TemplateQuestion[];
}

export const isTemplateLanguage = (value: string): value is TemplateLanguage => (templateLanguages as readonly string[]).includes(value);
