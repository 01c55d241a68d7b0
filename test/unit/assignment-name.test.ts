import { expect } from 'chai';
import { translator } from '../../lti-tool/i18n';
import { assignmentName } from '../../lti-tool/i18n/assignment-name';
import { planYear } from '../../lti-tool/services/year-templates';
import type { NetworkLanguage } from '../../lti-tool/services/year-types';

describe('An assignment’s name: its letter’s label and its title, never the label twice', () => {
  it('when the title is its own words, then the name is the label, a colon and the title', () => {
    expect(assignmentName(translator('sv'), { letter: 'A', title: 'Uppdrag och utvecklingsområden' })).to.equal('Redovisning A: Uppdrag och utvecklingsområden');
  });

  it('when the title repeats the label, in the reader’s or the network’s language, then the label is said once', () => {
    expect(assignmentName(translator('sv'), { letter: 'B', title: 'Redovisning B' })).to.equal('Redovisning B');
    expect(assignmentName(translator('sv'), { letter: 'B', title: ' redovisning  b ' })).to.equal('Redovisning B');
    expect(assignmentName(translator('en'), { letter: 'B', title: 'Redovisning B' }), 'a Swedish title read in English').to.equal('Presentation B');
    expect(assignmentName(translator('sv'), { letter: 'C', title: 'Redovisning C – lärarledarskap' })).to.equal('Redovisning C – lärarledarskap');
    expect(assignmentName(translator('da'), { letter: 'D', title: '' })).to.equal('Oplæg D');
  });

  for (const language of ['sv', 'da', 'nb', 'en'] as NetworkLanguage[]) {
    it(`when the pilot year is planned in ${language}, then no assignment’s title repeats its label`, () => {
      const t = translator(language);
      for (const assignment of planYear('pilot-year', { startDate: '2027-08-16', timeZone: 'Europe/Stockholm', language }).assignments) {
        expect(assignment.title.toLowerCase()).not.to.include(t('assignments.letter', { letter: assignment.letter }).toLowerCase());
        expect(assignmentName(t, assignment)).to.match(new RegExp(`^${t('assignments.letter', { letter: assignment.letter })}: \\S`));
      }
    });
  }
});
