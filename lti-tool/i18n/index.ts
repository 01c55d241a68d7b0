import i18next, { type TFunction } from 'i18next';
import da from './da';
import en from './en';
import nb from './nb';
import sv from './sv';

export const languages = ['sv', 'da', 'nb', 'en'] as const;
export type Language = (typeof languages)[number];
export type Translate = TFunction;

export const catalogues: Record<Language, Record<string, unknown>> = { sv, da, nb, en };

const i18n = i18next.createInstance();
void i18n.init({
  resources: Object.fromEntries(languages.map((lang) => [lang, { translation: catalogues[lang] }])),
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...languages],
  initAsync: false,
  interpolation: { escapeValue: false }, // EJS escapes on output
  returnNull: false,
});

/**
 * The language for a platform locale such as "sv", "sv_SE", "nb-NO", "no" or "nn"; English for anything
 * we do not translate. Moodle sends its own language codes ("sv", "da", "no", "en").
 */
export function resolveLanguage(locale: string | null | undefined): Language {
  const primary = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === 'sv' || primary === 'da' || primary === 'en') return primary;
  if (primary === 'nb' || primary === 'no' || primary === 'nn') return 'nb';
  return 'en';
}

/** The best language from an Accept-Language header, for pages shown before any launch. */
export function languageFromAcceptHeader(header: string | undefined): Language {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim();
    if (!tag) continue;
    const language = resolveLanguage(tag);
    if (language !== 'en' || tag.toLowerCase().startsWith('en')) return language;
  }
  return 'en';
}

export function translator(language: Language): Translate {
  return i18n.getFixedT(language);
}
