import type { Language } from '../i18n';

/** PostgreSQL's text-search configuration for a network's language: its stemming and stop words. */
const configs: Record<Language, string> = { sv: 'swedish', da: 'danish', nb: 'norwegian', en: 'english' };

export function searchConfigOf(language: string): string {
  return configs[language as Language] ?? 'simple';
}
