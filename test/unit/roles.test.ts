import { expect } from 'chai';
import { mapLtiRoles, primaryRole } from '../../lti-tool/lti/roles';

const membership = (name: string) => `http://purl.imsglobal.org/vocab/lis/v2/membership#${name}`;

describe('LTI roles → tool roles', () => {
  it('when roles come as full URIs (id_token), then they map to leader, staff, participant, mentor', () => {
    expect(mapLtiRoles([membership('Instructor')])).to.deep.equal(['leader']);
    expect(mapLtiRoles(['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'])).to.deep.equal(['staff']);
    expect(mapLtiRoles([membership('Learner')])).to.deep.equal(['participant']);
    expect(mapLtiRoles([membership('Mentor')])).to.deep.equal(['mentor']);
  });

  it('when roles come as short names (Moodle NRPS), then they map the same way', () => {
    expect(mapLtiRoles(['Instructor'])).to.deep.equal(['leader']);
    expect(mapLtiRoles(['Learner'])).to.deep.equal(['participant']);
    expect(mapLtiRoles(['Mentor'])).to.deep.equal(['mentor']);
    expect(mapLtiRoles(['Instructor#TeachingAssistant'])).to.deep.equal(['staff']);
  });

  it('when an institution or system administrator launches, then they are a tool administrator', () => {
    expect(mapLtiRoles(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator', membership('Instructor')])).to.deep.equal(['leader', 'admin']);
    expect(mapLtiRoles(['http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator'])).to.deep.equal(['admin']);
  });

  it('when roles are LTI 1.1 URNs, then they are understood too', () => {
    expect(mapLtiRoles(['urn:lti:role:ims/lis/Instructor'])).to.deep.equal(['leader']);
    expect(mapLtiRoles(['urn:lti:role:ims/lis/Learner'])).to.deep.equal(['participant']);
  });

  it('when roles are unknown, empty or not strings, then the least privilege follows: no role, a guest', () => {
    for (const roles of [[], ['http://example.org/roles#Astronaut'], ['ContentDeveloper'], [42, null], ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student']]) {
      const mapped = mapLtiRoles(roles as unknown[]);
      expect(mapped, JSON.stringify(roles)).to.deep.equal([]);
      expect(primaryRole(mapped)).to.equal('guest');
    }
  });

  it('when someone has several roles, then the home page follows the strongest', () => {
    expect(primaryRole(mapLtiRoles([membership('Learner'), membership('Instructor')]))).to.equal('leader');
    expect(primaryRole(mapLtiRoles([membership('Learner'), membership('Mentor')]))).to.equal('mentor');
  });
});
