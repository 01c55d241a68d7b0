import { expect } from 'chai';
import { and, eq, sql } from 'drizzle-orm';
import { deployments, launchSessions, ltijsItems, platforms, users } from '../../models/schema';
import { LtiBrowser } from '../support/lti-browser';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import type { IdTokenTamper, LaunchSpec } from '../support/platform-types';

const claim = (name: string) => `https://purl.imsglobal.org/spec/lti/claim/${name}`;
const now = () => Math.floor(Date.now() / 1000);

describe('LTI launch: rejected id_tokens', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  /** Nothing about the user may be stored: no user row, no session, no ltijs id token. */
  async function expectNothingStoredFor(sub: string) {
    const db = t.database.db;
    expect(await db.select().from(users).where(eq(users.sub, sub)), 'users').to.have.length(0);
    const idTokens = await db
      .select()
      .from(ltijsItems)
      .where(and(eq(ltijsItems.collection, 'idtoken'), sql`${ltijsItems.doc} ->> 'user' = ${sub}`));
    expect(idTokens, 'ltijs id tokens').to.have.length(0);
  }

  async function expectRejected(sub: string, spec: LaunchSpec, reason: string, status = 401) {
    const logsBefore = t.logs.length;
    const { response, body } = await new LtiBrowser().launch(t.registration, t.platform, {
      ...spec,
      claims: { sub, ...spec.claims },
    });
    expect(response.status, body.slice(0, 300)).to.equal(status);
    expect(body).to.include('Nätverk kunde inte öppnas');
    expect(body).to.include(reason);
    expect(body).not.to.match(/:\d+:\d+\)|node_modules|Error: /); // no stack trace
    const logged = t.logs.slice(logsBefore).find((line) => line.msg === 'launch rejected');
    expect(logged, 'a log line for the rejection').to.include({ reason });
    await expectNothingStoredFor(sub);
  }

  const tampered = (tamper: IdTokenTamper): LaunchSpec => ({ tamper });

  const cases: Array<[string, () => LaunchSpec, string]> = [
    ['no kid', () => tampered({ kid: null }), 'NO_KID'],
    ['an unknown kid', () => tampered({ kid: 'not-a-platform-key' }), 'UNKNOWN_KID'],
    ['a bad signature', () => tampered({ badSignature: true }), 'invalid signature'],
    ['alg none', () => tampered({ alg: 'none' }), 'ALG_NOT_RS256'],
    ['a wrong iss', () => tampered({ iss: 'https://evil.example.org' }), 'WRONG_ISSUER'],
    ['a wrong aud', () => tampered({ aud: 'some-other-tool' }), 'WRONG_AUDIENCE'],
    ['several audiences and another azp', () => tampered({ aud: [t.registration.clientId, 'other-tool'], azp: 'other-tool' }), 'AZP_MISMATCH'],
    ['several audiences and no azp', () => tampered({ aud: [t.registration.clientId, 'other-tool'] }), 'AZP_MISMATCH'],
    ['an expired exp', () => tampered({ iat: now() - 7200, exp: now() - 3600 }), 'TOKEN_EXPIRED'],
    ['an iat in the future', () => tampered({ iat: now() + 600, exp: now() + 900 }), 'IAT_IN_FUTURE'],
    ['a nonce we never sent', () => tampered({ nonce: 'forged-nonce' }), 'NONCE_MISMATCH'],
    ['a state that does not match', () => tampered({ state: 'forged-state' }), 'STATE_MISMATCH'],
    ['no LTI version', () => ({ claims: { [claim('version')]: undefined } }), 'WRONG_LTI_VERSION'],
    ['a wrong LTI version', () => ({ claims: { [claim('version')]: '1.1.0' } }), 'WRONG_LTI_VERSION'],
    ['no message_type', () => ({ claims: { [claim('message_type')]: undefined } }), 'UNKNOWN_MESSAGE_TYPE'],
    ['an unknown message_type', () => ({ claims: { [claim('message_type')]: 'LtiSubmissionReviewRequest' } }), 'UNKNOWN_MESSAGE_TYPE'],
    ['no roles claim', () => ({ claims: { [claim('roles')]: undefined } }), 'MISSING_ROLES'],
    ['no deployment_id', () => ({ claims: { [claim('deployment_id')]: undefined } }), 'MISSING_DEPLOYMENT_ID'],
    ['no resource_link.id', () => ({ claims: { [claim('resource_link')]: { title: 'Nätverk' } } }), 'MISSING_RESOURCE_LINK_ID'],
  ];
  for (const [label, spec, reason] of cases) {
    it(`when the id_token has ${label}, then the launch is refused with ${reason} and nothing is stored`, async () => {
      await expectRejected(`rejected-${label.replace(/\W+/g, '-')}`, spec(), reason);
    });
  }

  it('when the id_token has no sub, then the launch is refused and no user is stored', async () => {
    const before = (await t.database.db.select().from(users)).length;
    const { response, body } = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: undefined } });
    expect(response.status).to.equal(401);
    expect(body).to.include('MISSING_SUB');
    expect(await t.database.db.select().from(users)).to.have.length(before);
  });

  it('when the deployment_id was never recorded, then the launch is refused', async () => {
    await expectRejected('unrecorded-deployment', { claims: { [claim('deployment_id')]: '999' } }, 'UNKNOWN_DEPLOYMENT', 403);
  });

  it('when the platform accepts new deployments, then an unseen deployment_id is recorded on its first verified launch', async () => {
    const [platform] = await t.database.db.select().from(platforms);
    await t.database.db.update(platforms).set({ allowNewDeployments: true });
    try {
      const { response } = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: 'new-deployment', [claim('deployment_id')]: '77' } });
      expect(response.status).to.equal(200);
      const recorded = await t.database.db.select().from(deployments).where(eq(deployments.platformId, platform!.id));
      expect(recorded.map((row) => row.deploymentId)).to.include('77');
    } finally {
      await t.database.db.update(platforms).set({ allowNewDeployments: false });
    }
  });

  it('when the same id_token is posted twice, then the replay is refused', async () => {
    const browser = new LtiBrowser();
    const sessionsBefore = (await t.database.db.select().from(launchSessions)).length;
    const { loginParams } = t.platform.prepareLaunch(t.registration, { claims: { sub: 'replayer' } });
    const login = new URL(t.registration.loginUrl);
    for (const [key, value] of Object.entries(loginParams)) login.searchParams.set(key, value);
    const authPage = await browser.follow(await browser.request(login.toString()));
    const formHtml = await authPage.text();
    const first = await browser.submitForm(formHtml, authPage.url);
    expect(first.status).to.equal(303);
    const replay = await browser.submitForm(formHtml, authPage.url);
    expect(replay.status).to.equal(401);
    expect(await replay.text()).to.include('STATE_MISMATCH');
    expect(await t.database.db.select().from(launchSessions)).to.have.length(sessionsBefore + 1);
  });

  it('when the platform is deactivated, then its launches are refused at login', async () => {
    // A roster refresh from an earlier leader launch would store whoever the platform lists by then.
    await t.tool.backgroundIdle();
    await t.database.db.update(platforms).set({ status: 'inactive' });
    try {
      const { response, body } = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: 'while-inactive' } });
      expect(response.status).to.equal(403);
      expect(body).to.include('PLATFORM_NOT_ACTIVATED');
      await expectNothingStoredFor('while-inactive');
    } finally {
      await t.database.db.update(platforms).set({ status: 'active' });
    }
  });
});
