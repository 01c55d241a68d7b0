import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { contexts, memberships } from '../../models/schema';
import { LtiBrowser } from '../support/lti-browser';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const claim = (name: string) => `https://purl.imsglobal.org/spec/lti/claim/${name}`;

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Launch: sessions, logs, keys and roster refresh', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  it('when several launches come in, then the platform JWKS is fetched once and served from the cache', async () => {
    const before = t.platform.jwksRequests;
    for (const sub of ['k1', 'k2', 'k3', 'k4']) {
      const { response } = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub } });
      expect(response.status).to.equal(200);
    }
    expect(t.platform.jwksRequests - before).to.be.at.most(1);
  });

  it('when launches are logged, then no token, nonce or session secret is in the log', async () => {
    const browser = new LtiBrowser();
    await browser.launch(t.registration, t.platform, { claims: { sub: 'logged' } });
    const text = JSON.stringify(t.logs);
    expect(text).not.to.include('ltik');
    expect(text).not.to.include('id_token');
    expect(text).not.to.include('nonce=');
    const sessionCookie = browser.cookies.list().find((cookie) => cookie.name.startsWith('nv_'));
    expect(sessionCookie, 'a session cookie').to.exist;
    expect(text).not.to.include(sessionCookie!.value);
    expect(sessionCookie!.path).to.match(/^\/l\/[\w-]+$/);
    expect(sessionCookie!.httpOnly).to.equal(true);
  });

  it('when the session cookie is missing, then the launch page says the session ended, in the browser’s language', async () => {
    const { url } = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: 'cookieless' } });
    const response = await fetch(url, { headers: { 'accept-language': 'da' } });
    expect(response.status).to.equal(401);
    expect(await response.text()).to.include('lang="da"');
  });

  it('when one browser has two courses open, then each tab keeps its own launch', async () => {
    const browser = new LtiBrowser();
    const first = await browser.launch(t.registration, t.platform, { claims: { sub: 'tabs' } });
    const second = await browser.launch(t.registration, t.platform, {
      claims: { sub: 'tabs', [claim('context')]: { id: 'other-course', title: 'Matematiknätverket', type: ['CourseSection'] } },
    });
    expect((await (await browser.request(first.url)).text())).to.include('Förstelärarnätverket 2025/26');
    expect((await (await browser.request(second.url)).text())).to.include('Matematiknätverket');
  });

  it('when someone in the frame asks for a new window, then a one-time link opens the same launch there, and only once', async () => {
    const frame = new LtiBrowser();
    const { url } = await frame.launch(t.registration, t.platform, { claims: { sub: 'window-user', [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } } });
    const offer = await (await frame.request(`${url}new-window`)).text();
    const href = /href="(\/window\/[^"]+)"/.exec(offer)?.[1]?.replace(/&amp;/g, '&');
    expect(href, 'a one-time link').to.be.a('string');
    expect(offer).to.include('target="_blank"');

    // The new window has none of the frame's (partitioned) cookies.
    const newWindow = new LtiBrowser();
    const opened = await newWindow.follow(await newWindow.request(`${t.url}${href!}`));
    expect(opened.status).to.equal(200);
    expect(await opened.text()).to.include('Förstelärarnätverket 2025/26');
    expect(opened.url).not.to.equal(url);

    const again = await new LtiBrowser().request(`${t.url}${href!}`);
    expect(again.status).to.equal(401);
    expect((await (await frame.request(url)).text())).to.include('Förstelärarnätverket 2025/26');
  });

  it('when many leaders and participants launch at once into a new course, while its roster is refreshed, then every launch succeeds', async () => {
    const course = { id: 'busy-course', title: 'Läsnätverket', type: ['CourseSection'] };
    const launches = Array.from({ length: 16 }, (_, i) =>
      new LtiBrowser().launch(t.registration, t.platform, {
        claims: {
          sub: `busy-${i}`,
          [claim('context')]: course,
          [claim('roles')]: [`http://purl.imsglobal.org/vocab/lis/v2/membership#${i % 2 ? 'Learner' : 'Instructor'}`],
        },
      }),
    );
    const statuses = (await Promise.all(launches)).map((launch) => launch.response.status);
    expect(statuses).to.deep.equal(statuses.map(() => 200));
  });

  it('when a leader launches and the participant list was never read, then it is read from the platform (NRPS) in the background', async () => {
    await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: '2' } });
    const [context] = await t.database.db.select().from(contexts).where(eq(contexts.contextId, '5'));
    const syncedAt = await waitFor(async () => {
      const [row] = await t.database.db.select().from(contexts).where(eq(contexts.id, context!.id));
      return row?.rosterSyncedAt ?? undefined;
    });
    const members = await t.database.db.select().from(memberships).where(eq(memberships.contextId, context!.id));
    expect(members.length).to.be.at.least(t.platform.members.get('5')!.length);

    await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: '2' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [after] = await t.database.db.select().from(contexts).where(eq(contexts.id, context!.id));
    expect(after!.rosterSyncedAt!.getTime(), 'a fresh list is not read again').to.equal(syncedAt.getTime());
  });
});

describe('Launch cookies over https', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false, publicUrl: (port) => `https://127.0.0.1:${port}` });
  });
  after(async () => {
    await t.close();
  });

  it('when the tool is public over https, then the OIDC state cookie is Secure, SameSite=None and Partitioned', async () => {
    const browser = new LtiBrowser();
    const { loginParams } = t.platform.prepareLaunch(t.registration, { claims: { sub: 'chips' } });
    const login = new URL(`${t.tool.url}/login`);
    for (const [key, value] of Object.entries(loginParams)) login.searchParams.set(key, value);
    const response = await browser.request(login.toString());
    expect(response.status).to.equal(302);
    const [stateCookie] = browser.lastSetCookieHeaders.filter((line) => line.startsWith('state'));
    expect(stateCookie).to.match(/; Secure/i);
    expect(stateCookie).to.match(/SameSite=None/i);
    expect(stateCookie).to.match(/; Partitioned/i);
    expect(response.headers.get('strict-transport-security')).to.be.a('string');
  });
});

describe('Launch in a cross-site iframe that may block cookies', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false, publicUrl: (port) => `https://127.0.0.1:${port}` });
  });
  after(async () => {
    await t.close();
  });

  it('when the login arrives framed cross-site, then a cookie check offers a new window and carries the login on', async () => {
    const browser = new LtiBrowser();
    const { loginParams } = t.platform.prepareLaunch(t.registration, { claims: { sub: 'framed', [claim('launch_presentation')]: { locale: 'en' } } });
    const framed = { 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'cross-site', 'accept-language': 'en' };
    const page = await browser.request(`${t.tool.url}/login`, { method: 'POST', body: new URLSearchParams(loginParams), headers: framed });
    const html = await page.text();
    expect(page.status).to.equal(200);
    expect(html).to.include('target="_blank"');
    expect(html).to.include('Open in a new window');
    expect(html).to.include(`value="${loginParams.lti_message_hint!.replace(/"/g, '&#34;')}"`);
    expect(browser.lastSetCookieHeaders, 'no state before the check').to.have.length(0);

    const carriedOn = await browser.submitForm(html.replace(/action="\/login"/, `action="${t.tool.url}/login"`), `${t.tool.url}/login`);
    expect(carriedOn.status).to.equal(302);
    expect(carriedOn.headers.get('location')).to.include(t.platform.authUrl);
  });

  it('when the login is not framed (a new window), then it goes straight to the platform', async () => {
    const browser = new LtiBrowser();
    const { loginParams } = t.platform.prepareLaunch(t.registration, { claims: { sub: 'window' } });
    const response = await browser.request(`${t.tool.url}/login`, { method: 'POST', body: new URLSearchParams(loginParams), headers: { 'sec-fetch-dest': 'document' } });
    expect(response.status).to.equal(302);
  });
});
