import { expect } from 'chai';
import { catalogues, languages } from '../../lti-tool/i18n';

type Catalogue = Record<string, unknown>;

/** Every leaf of a catalogue as a dotted path ("home.no-context.title") with its value. */
function flatten(node: Catalogue, prefix = ''): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  for (const [key, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [leafPath, leafValue] of flatten(value as Catalogue, path)) leaves.set(leafPath, leafValue);
    } else {
      leaves.set(path, value);
    }
  }
  return leaves;
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((match) => match[1] ?? ''))].sort();
}

/** True when nothing is left to translate once the product name, URLs and placeholders are removed. */
function onlyProductNameOrUrls(text: string): boolean {
  const rest = text
    .replace(/https?:\/\/\S+/g, '')
    .replace(/\{\{[^}]*\}\}/g, '')
    .replace(/Nätverk/g, '');
  return !/\p{L}/u.test(rest);
}

const english = flatten(catalogues.en);
const translated = languages.filter((lang) => lang !== 'en');

describe('i18n catalogues', () => {
  it('has an English catalogue with string leaves', () => {
    expect(english.size).to.be.greaterThan(0);
    for (const [path, value] of english) expect(value, `en: ${path}`).to.be.a('string');
  });

  for (const lang of translated) {
    describe(lang, () => {
      const leaves = flatten(catalogues[lang]);

      it('has exactly the same keys as English', () => {
        const expected = [...english.keys()].sort();
        const actual = [...leaves.keys()].sort();
        const missing = expected.filter((path) => !leaves.has(path));
        const extra = actual.filter((path) => !english.has(path));
        expect(
          actual,
          `${lang}: missing keys [${missing.join(', ')}]; extra keys [${extra.join(', ')}]`,
        ).to.deep.equal(expected);
      });

      it('keeps the same {{placeholders}} as English', () => {
        for (const [path, value] of english) {
          const other = leaves.get(path);
          if (typeof value !== 'string' || typeof other !== 'string') continue;
          expect(placeholders(other), `${lang}: placeholders in ${path}`).to.deep.equal(placeholders(value));
        }
      });

      it('has only string values', () => {
        for (const [path, value] of leaves) expect(value, `${lang}: ${path}`).to.be.a('string');
      });

      it('does not leave longer English strings untranslated', () => {
        const untranslated = [...english]
          .filter(([path, value]) => typeof value === 'string' && value.length > 25 && !onlyProductNameOrUrls(value) && leaves.get(path) === value)
          .map(([path]) => path);
        expect(untranslated, `${lang}: untranslated [${untranslated.join(', ')}]`).to.deep.equal([]);
      });
    });
  }

  it('uses the agreed Swedish wording for roles and home states', () => {
    const sv = flatten(catalogues.sv);
    const required: Record<string, string> = {
      'roles.leader': 'Nätverksledare',
      'roles.guest': 'Gäst',
      'roles.participant': 'Deltagare',
      'roles.mentor': 'Skolledare',
      'roles.staff': 'Universitetslärare',
      'home.no-context.title': 'Ingen kurs',
      'home.not-set-up.title': 'Inte igång än',
      'home.participant.welcome': 'Välkommen till nätverket',
    };
    for (const [path, value] of Object.entries(required)) expect(sv.get(path), `sv: ${path}`).to.equal(value);
  });

  it('keeps the product name Nätverk untranslated', () => {
    for (const lang of languages) expect(flatten(catalogues[lang]).get('common.appName'), lang).to.equal('Nätverk');
  });
});
