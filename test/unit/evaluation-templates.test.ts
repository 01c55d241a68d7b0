import { expect } from 'chai';
import { dayTemplate } from '../../lti-tool/services/evaluations/templates/day';
import { kalundborgTemplate } from '../../lti-tool/services/evaluations/templates/kalundborg';
import { selfTemplate } from '../../lti-tool/services/evaluations/templates/self';
import { templateLanguages, type TemplateLanguage } from '../../lti-tool/services/evaluations/templates/types';
import type { FormTemplate } from '../../lti-tool/services/evaluations/templates/types';

const meeting = { number: 2, theme: 'Kollegialt lärande' };
const templates: Record<string, (lang: TemplateLanguage) => FormTemplate> = {
  day: (lang) => dayTemplate(lang, meeting),
  kalundborg: kalundborgTemplate,
  selfStart: (lang) => selfTemplate(lang, 'start'),
  selfEnd: (lang) => selfTemplate(lang, 'end'),
};

describe('Evaluation templates in four languages', () => {
  for (const [name, make] of Object.entries(templates)) {
    it(`when the ${name} template is made in sv, da, nb and en, then each has the same keys and kinds, every text written, and no two languages alike`, () => {
      const made = templateLanguages.map((lang) => make(lang));
      const shape = (template: FormTemplate) => template.questions.map((question) => `${question.key}:${question.kind}`);
      for (const template of made) {
        expect(shape(template)).to.deep.equal(shape(made[0]!));
        expect(template.title.trim()).to.not.equal('');
        for (const question of template.questions) {
          expect(question.text.trim()).to.not.equal('');
          if (question.kind === 'scale') expect(question.lowLabel && question.highLabel, question.key).to.be.a('string').and.not.equal('');
        }
      }
      expect(new Set(made.map((template) => template.questions[0]!.text)).size, 'a real translation in each language').to.equal(4);
      expect(new Set(shape(made[0]!)).size, 'keys unique within the form').to.equal(made[0]!.questions.length);
    });
  }

  it('when the day evaluation is made, then its title names the meeting as the seed does', () => {
    expect(dayTemplate('sv', meeting).title).to.equal('Utvärdering av träff 2: Kollegialt lärande');
  });

  it('when the self-assessment is made, then its introduction says the statements are a proposal to edit, in every language', () => {
    const words: Record<TemplateLanguage, RegExp> = { sv: /Förslag/, da: /Forslag/, nb: /Forslag/, en: /Proposed/ };
    for (const lang of templateLanguages) expect(selfTemplate(lang, 'start').intro).to.match(words[lang]);
  });
});
