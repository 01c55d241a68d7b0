import { expect } from 'chai';
import { count } from 'drizzle-orm';
import { launchSessions, users, memberships, networks } from '../../models/schema';
import { LtiBrowser } from '../support/lti-browser';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import type { LaunchSpec } from '../support/platform-types';

const role = (name: string) => `http://purl.imsglobal.org/vocab/lis/v2/membership#${name}`;
const claim = (name: string) => `https://purl.imsglobal.org/spec/lti/claim/${name}`;

describe('LTI launch', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  const launch = (spec?: LaunchSpec, opts?: { method?: 'GET' | 'POST' }) => new LtiBrowser().launch(t.registration, t.platform, spec, opts);
  const rowCount = async (table: typeof users | typeof launchSessions | typeof memberships | typeof networks) =>
    (await t.database.db.select({ n: count() }).from(table))[0]?.n ?? 0;

  describe('accepted launches', () => {
    it('when an Instructor launches for the first time, then the network is created and the leader home is shown in Swedish', async () => {
      const { response, body, url } = await launch({ claims: { [claim('roles')]: [role('Instructor')] } });
      expect(response.status).to.equal(200);
      expect(url).to.match(/\/l\/[\w-]+\/$/);
      expect(body).to.include('lang="sv"');
      expect(body).to.include('Förstelärarnätverket 2025/26');
      expect(await rowCount(networks)).to.equal(1);
    });

    it('when a Learner launches, then the participant home lists the leader', async () => {
      const { response, body } = await launch({
        claims: { sub: '31', name: 'Greta Lärare', [claim('roles')]: [role('Learner')], [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } },
      });
      expect(response.status).to.equal(200);
      expect(body).to.include('Welcome to the network');
      expect(body).to.include('Who leads the network');
      expect(body).not.to.include('Members</h2>');
    });

    it('when a Mentor with role_scope_mentor launches, then the school leader home is shown', async () => {
      const { body } = await launch({
        claims: {
          sub: '41',
          [claim('roles')]: [role('Mentor')],
          [claim('role_scope_mentor')]: ['31'],
          [claim('launch_presentation')]: { locale: 'en' },
        },
      });
      expect(body).to.include('Welcome, school leader');
    });

    it('when a TeachingAssistant launches, then the staff home with member counts is shown', async () => {
      const { body } = await launch({
        claims: {
          sub: '51',
          [claim('roles')]: ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'],
          [claim('launch_presentation')]: { locale: 'en' },
        },
      });
      expect(body).to.include('University staff');
      expect(body).to.include('Members');
    });

    it('when the login is initiated by POST, then the launch works as with GET', async () => {
      const { response } = await launch({ claims: { sub: '61' } }, { method: 'POST' });
      expect(response.status).to.equal(200);
    });

    for (const [label, claims, status, expected] of [
      ['several roles', { [claim('roles')]: [role('Learner'), role('Instructor')] }, 200, 'Nätverksledare'],
      ['short role names', { [claim('roles')]: ['Instructor'] }, 200, 'Nätverksledare'],
      // Least privilege (DESIGN.md): a role the tool does not know gets one page saying so, and nothing else.
      ['an unknown role', { [claim('roles')]: ['http://example.org/roles#Astronaut'] }, 403, 'Din roll har ingen åtkomst här'],
      ['an empty roles array', { [claim('roles')]: [] }, 403, 'Din roll har ingen åtkomst här'],
    ] as const) {
      it(`when the launch has ${label}, then it is accepted with the least privilege that fits`, async () => {
        const { response, body } = await launch({ claims: { sub: `r-${label}`, ...claims } });
        expect(response.status).to.equal(status);
        expect(body).to.include(expected);
      });
    }

    it('when the launch has email only, names only or no personal data, then it is accepted', async () => {
      for (const claims of [
        { sub: 'p1', name: undefined, given_name: undefined, family_name: undefined },
        { sub: 'p2', email: undefined },
        { sub: 'p3', name: undefined, given_name: undefined, family_name: undefined, email: undefined },
      ]) {
        const { response } = await launch({ claims });
        expect(response.status, JSON.stringify(claims)).to.equal(200);
      }
    });

    it('when the launch has no context claim, then it is accepted and says it is outside a course', async () => {
      const { response, body } = await launch({ claims: { sub: 'nc', [claim('context')]: undefined } });
      expect(response.status).to.equal(200);
      expect(body).to.include('Ingen kurs');
    });

    it('when a Learner arrives in a course whose network is not set up, then a friendly page says so', async () => {
      const { response, body } = await launch({
        claims: { sub: 'early', [claim('roles')]: [role('Learner')], [claim('context')]: { id: 'new-course', title: 'Ny kurs', type: ['CourseSection'] } },
      });
      expect(response.status).to.equal(200);
      expect(body).to.include('Inte igång än');
    });

    it('when the page is served, then the ltik and session secret are not in the URL and referrers are off', async () => {
      const browser = new LtiBrowser();
      const { response, url, steps } = await browser.launch(t.registration, t.platform, { claims: { sub: 'privacy' } });
      expect(steps.join(' ')).not.to.include('ltik=');
      expect(url).not.to.include('ltik');
      expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(response.headers.get('content-security-policy')).to.include(`frame-ancestors 'self' ${new URL(t.platform.url).origin}`);
    });
  });
});
