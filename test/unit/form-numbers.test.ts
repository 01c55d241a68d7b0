import { expect } from 'chai';
import { yearSetupSchema } from '../../lti-tool/services/year';
import { assignmentFormSchema } from '../../lti-tool/services/assignments';
import { deepLinkSelectionSchema } from '../../lti-tool/services/deep-linking';

/** Every optional number field sends '' for "no choice"; it must parse as not given, never as 0. */
describe('Number fields of every form, as a browser sends them', () => {
  const assignment = {
    letter: 'C',
    title: 'Case study',
    meetingId: '',
    dueDate: '2026-03-01',
    dueTime: '12:00',
    visibleFromDate: '',
    presentationMinutes: '',
    groupSize: '',
    acceptedFormats: 'pptx',
    maxMegabytes: '50',
  };

  it('when the year set-up form is sent as it loads (weekday "as the template says"), then it parses with no weekday', () => {
    const parsed = yearSetupSchema.safeParse({ template: 'pilot-year', startDate: '2026-01-12', timeZone: 'Europe/Stockholm', weekday: '' });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).to.equal(true);
    expect(parsed.data?.weekday).to.equal(undefined);
  });

  it('when a weekday is chosen, then it is that ISO weekday; 0 and 8 are refused', () => {
    expect(yearSetupSchema.parse({ template: 'pilot-year', startDate: '2026-01-12', weekday: '3' }).weekday).to.equal(3);
    for (const weekday of ['0', '8', 'x', '2.5']) expect(yearSetupSchema.safeParse({ template: 'pilot-year', startDate: '2026-01-12', weekday }).success, weekday).to.equal(false);
  });

  it('when the optional counts of an assignment are left empty, then they are null, and a blank required size is refused rather than read as 0', () => {
    const parsed = assignmentFormSchema.parse(assignment);
    expect(parsed.presentationMinutes).to.equal(null);
    expect(parsed.groupSize).to.equal(null);
    expect(assignmentFormSchema.parse({ ...assignment, groupSize: ' 4 ' }).groupSize).to.equal(4);
    const blank = assignmentFormSchema.safeParse({ ...assignment, maxMegabytes: '' });
    expect(blank.error?.issues.map((issue) => issue.path[0])).to.deep.equal(['maxMegabytes']);
  });

  it('when the deep-link maximum is emptied, then the default maximum is used', () => {
    expect(deepLinkSelectionSchema.parse({ items: 'progress', progressMaximum: '' }).progressMaximum).to.equal(100);
    expect(deepLinkSelectionSchema.parse({ items: 'progress', progressMaximum: '20' }).progressMaximum).to.equal(20);
    expect(deepLinkSelectionSchema.safeParse({ items: 'progress', progressMaximum: '0' }).success).to.equal(false);
  });
});
