import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { deployments, platforms, registrationLinks } from '../../models/schema';
import { LtiBrowser } from '../support/lti-browser';
import { startToolUnderTest, testAdminToken, type ToolUnderTest } from '../support/tool';

describe('Dynamic registration and platform administration', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false, register: false });
  });
  after(async () => {
    await t.close();
  });

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${t.url}/admin${path}`, { redirect: 'manual', ...init, headers: { authorization: `Bearer ${testAdminToken}`, ...(init.headers ?? {}) } });

  function registrationUrl(token: string) {
    const url = new URL(`${t.url}/register`);
    url.searchParams.set('openid_configuration', t.platform.openidConfigurationUrl);
    url.searchParams.set('registration_token', token);
    return url.toString();
  }

  it('when the platform registers us, then it is pending, its deployment is recorded, and launches wait for activation', async () => {
    const page = await fetch(registrationUrl(t.platform.registrationToken()));
    const html = await page.text();
    expect(page.status, html.slice(0, 400)).to.equal(200);
    expect(html).to.include('/assets/registration-close.js');

    const tool = t.platform.tools.at(-1)!;
    expect(tool.redirectUris).to.deep.equal([t.url, `${t.url}/`]);
    expect(tool.loginUrl).to.equal(`${t.url}/login`);
    expect(tool.jwksUrl).to.equal(`${t.url}/keys`);

    const [row] = await t.database.db.select().from(platforms).where(eq(platforms.clientId, tool.clientId));
    expect(row?.status).to.equal('pending');
    const recorded = await t.database.db.select().from(deployments).where(eq(deployments.platformId, row!.id));
    expect(recorded.map((d) => d.deploymentId)).to.deep.equal([tool.deploymentId]);

    const refused = await new LtiBrowser().launch(tool, t.platform, { claims: { sub: 'early-bird' } });
    expect(refused.response.status).to.equal(403);
    expect(refused.body).to.include('PLATFORM_NOT_ACTIVATED');

    const activated = await admin(`/platforms/${row!.id}/activate`, { method: 'POST' });
    expect(activated.status).to.equal(303);
    const launched = await new LtiBrowser().launch(tool, t.platform, { claims: { sub: 'after-activation' } });
    expect(launched.response.status).to.equal(200);
    expect(launched.body).to.include('Förstelärarnätverket 2025/26');
  });

  it('when Moodle re-registers the same tool ("update existing tool"), then the platform is updated and stays active', async () => {
    const tool = t.platform.tools.at(-1)!;
    const page = await fetch(registrationUrl(t.platform.registrationToken({ updateOf: tool })));
    expect(page.status).to.equal(200);
    const rows = await t.database.db.select().from(platforms).where(eq(platforms.issuer, t.platform.issuer));
    const same = rows.filter((row) => row.clientId === t.platform.tools.at(-1)!.clientId);
    expect(same).to.have.length(1);
    expect(same[0]!.status).to.equal('active');
  });

  it('when the registration token is missing or the configuration URL is not the issuer’s, then registration fails with a clear page', async () => {
    const swedish = { headers: { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.5' } };
    const before = t.platform.tools.length;
    const noToken = await fetch(`${t.url}/register?openid_configuration=${encodeURIComponent(t.platform.openidConfigurationUrl)}`, swedish);
    expect(noToken.status).to.equal(502);
    expect(await noToken.text()).to.include('Registreringen misslyckades');

    const otherOrigin = t.platform.openidConfigurationUrl.replace('127.0.0.1', 'localhost');
    const impostor = await fetch(registrationUrl(t.platform.registrationToken()).replace(encodeURIComponent(t.platform.openidConfigurationUrl), encodeURIComponent(otherOrigin)));
    expect(impostor.status).to.equal(502);
    const garbage = await fetch(`${t.url}/register?openid_configuration=not-a-url`);
    expect(garbage.status).to.equal(400);
    expect(t.platform.tools).to.have.length(before);
  });

  it('when the admin page is opened without the token, then it asks for it and changes nothing', async () => {
    const page = await fetch(`${t.url}/admin`);
    expect(page.status).to.equal(401);
    expect(await page.text()).to.include('name="token"');
    const post = await fetch(`${t.url}/admin/platforms/1/remove`, { method: 'POST' });
    expect(post.status).to.equal(401);
    expect(await t.database.db.select().from(platforms)).to.have.length(1);
  });

  it('when an administrator registers a platform by hand, deactivates and removes it, then the list follows', async () => {
    const bad = await admin('/platforms', { method: 'POST', body: new URLSearchParams({ name: 'X', issuer: 'https://lms.example.org', clientId: '', authLoginUrl: 'nope', accessTokenUrl: '', jwksUrl: '' }) });
    expect(bad.status).to.equal(422);
    const badHtml = await bad.text();
    expect(badHtml).to.include('value="https://lms.example.org"');

    const created = await admin('/platforms', {
      method: 'POST',
      body: new URLSearchParams({
        name: 'Skolans Moodle',
        issuer: 'https://lms.example.org',
        clientId: 'abc123',
        authLoginUrl: 'https://lms.example.org/mod/lti/auth.php',
        accessTokenUrl: 'https://lms.example.org/mod/lti/token.php',
        jwksUrl: 'https://lms.example.org/mod/lti/certs.php',
        deploymentIds: '4, 5',
        activate: 'on',
      }),
    });
    expect(created.status).to.equal(303);
    const list = await (await admin('/')).text();
    expect(list).to.include('Skolans Moodle');
    expect(list).to.include('4, 5');
    const [row] = await t.database.db.select().from(platforms).where(eq(platforms.clientId, 'abc123'));
    expect(row?.status).to.equal('active');
    await admin(`/platforms/${row!.id}/deactivate`, { method: 'POST' });
    const [after] = await t.database.db.select().from(platforms).where(eq(platforms.id, row!.id));
    expect(after?.status).to.equal('inactive');
    await admin(`/platforms/${row!.id}/remove`, { method: 'POST' });
    expect(await t.database.db.select().from(platforms).where(eq(platforms.id, row!.id))).to.have.length(0);
  });
});

describe('Dynamic registration with AUTO_ACTIVATE_PLATFORMS', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false, register: false, env: { AUTO_ACTIVATE_PLATFORMS: 'true' } });
  });
  after(async () => {
    await t.close();
  });

  const withMoodleParameters = (url: string) => {
    const withQuery = new URL(url);
    withQuery.searchParams.set('openid_configuration', t.platform.openidConfigurationUrl);
    withQuery.searchParams.set('registration_token', t.platform.registrationToken());
    return withQuery.toString();
  };

  it('when a platform registers without a link, then it stays pending even with auto-activation, named from its own configuration', async () => {
    const page = await fetch(withMoodleParameters(`${t.url}/register`));
    expect(page.status).to.equal(200);
    const tool = t.platform.tools.at(-1)!;
    const [row] = await t.database.db.select().from(platforms).where(eq(platforms.clientId, tool.clientId));
    expect(row?.status).to.equal('pending');
    expect(row?.name).to.equal(`moodle ${new URL(t.platform.issuer).host}`);
    const refused = await new LtiBrowser().launch(tool, t.platform, { claims: { sub: 'no-link' } });
    expect(refused.response.status).to.equal(403);
  });

  it('when a platform registers through a minted link, then it can launch at once, and the link cannot be used twice', async () => {
    const link = await mintLink(t);
    const page = await fetch(withMoodleParameters(link));
    expect(page.status).to.equal(200);
    const launched = await new LtiBrowser().launch(t.platform.tools.at(-1)!, t.platform, { claims: { sub: 'auto' } });
    expect(launched.response.status).to.equal(200);

    const before = t.platform.tools.length;
    const again = await fetch(withMoodleParameters(link));
    expect(again.status).to.equal(403);
    expect(await again.text()).to.include('This registration link cannot be used');
    expect(t.platform.tools).to.have.length(before);
  });

  it('when a link has expired or was revoked, then it registers nothing', async () => {
    const before = t.platform.tools.length;
    const expired = await mintLink(t);
    await t.database.db.update(registrationLinks).set({ expiresAt: new Date(Date.now() - 1000) });
    expect((await fetch(withMoodleParameters(expired))).status).to.equal(403);

    const revoked = await mintLink(t);
    const list = await adminFetch(t, '/');
    const id = /\/admin\/links\/(\d+)\/revoke/.exec(await list.text())?.[1];
    expect(id, 'an open link offers revocation').to.be.a('string');
    expect((await adminFetch(t, `/links/${id}/revoke`, { method: 'POST' })).status).to.equal(303);
    expect((await fetch(withMoodleParameters(revoked))).status).to.equal(403);
    expect(await (await adminFetch(t, '/')).text()).to.include('Revoked').and.to.include('Expired');
    expect(t.platform.tools).to.have.length(before);
  });
});

function adminFetch(t: ToolUnderTest, path: string, init: RequestInit = {}) {
  return fetch(`${t.url}/admin${path}`, { redirect: 'manual', ...init, headers: { authorization: `Bearer ${testAdminToken}`, ...(init.headers ?? {}) } });
}

/** Mints a registration link in /admin, as an administrator would, and reads it off the page shown once. */
export async function mintLink(t: ToolUnderTest): Promise<string> {
  const page = await adminFetch(t, '/links', { method: 'POST', body: new URLSearchParams({ note: 'Test Moodle' }) });
  expect(page.status).to.equal(201);
  const url = new RegExp(`${t.url}/register/[\\w-]{43}`).exec(await page.text())?.[0];
  expect(url, 'the page shows the new link').to.be.a('string');
  return url!;
}
