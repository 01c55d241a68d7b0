import { expect } from 'chai';
import { adminSessions } from '../../models/schema';
import { startToolUnderTest, testAdminToken, type ToolUnderTest } from '../support/tool';

async function signIn(t: ToolUnderTest, token = testAdminToken): Promise<Response> {
  return fetch(`${t.url}/admin/login`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token }) });
}

/** The session cookie a sign-in set, as "name=value". */
function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('nv_admin='));
  expect(cookie, 'a session cookie').to.be.a('string');
  return cookie!.split(';')[0]!;
}

async function formToken(t: ToolUnderTest, cookie: string): Promise<string> {
  const page = await fetch(`${t.url}/admin`, { headers: { cookie } });
  expect(page.status).to.equal(200);
  const token = /name="_csrf" value="([\w-]+)"/.exec(await page.text())?.[1];
  expect(token, 'the admin page carries a form token').to.be.a('string');
  return token!;
}

describe('Administrator sessions', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false, register: false });
  });
  after(async () => {
    await t.close();
  });

  it('when the administrator signs in twice, then each sign-in gets its own random session', async () => {
    const first = sessionCookie(await signIn(t));
    const second = sessionCookie(await signIn(t));
    expect(first).to.not.equal(second);
    expect((await fetch(`${t.url}/admin`, { headers: { cookie: first } })).status).to.equal(200);
    expect((await fetch(`${t.url}/admin`, { headers: { cookie: second } })).status).to.equal(200);
  });

  it('when the administrator signs out, then the session no longer opens the page', async () => {
    const cookie = sessionCookie(await signIn(t));
    const signedOut = await fetch(`${t.url}/admin/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie },
      body: new URLSearchParams({ _csrf: await formToken(t, cookie) }),
    });
    expect(signedOut.status).to.equal(303);
    const after = await fetch(`${t.url}/admin`, { headers: { cookie } });
    expect(after.status).to.equal(401);
    expect(await after.text()).to.include('name="token"');
  });

  it('when a session is past its absolute expiry, then it is refused', async () => {
    const cookie = sessionCookie(await signIn(t));
    await t.database.db.update(adminSessions).set({ expiresAt: new Date(Date.now() - 1000) });
    expect((await fetch(`${t.url}/admin`, { headers: { cookie } })).status).to.equal(401);
  });

  it('when an admin form is posted without its CSRF token or from another site, then it is refused, and with the token it works', async () => {
    const cookie = sessionCookie(await signIn(t));
    const token = await formToken(t, cookie);
    const mint = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${t.url}/admin/links`, { method: 'POST', redirect: 'manual', headers: { cookie, ...headers }, body: new URLSearchParams(body) });

    expect((await mint({ note: 'no token' })).status).to.equal(403);
    expect((await mint({ note: 'wrong token', _csrf: 'x'.repeat(43) })).status).to.equal(403);
    expect((await mint({ note: 'foreign', _csrf: token }, { origin: 'https://evil.example' })).status).to.equal(403);
    expect((await mint({ note: 'cross-site', _csrf: token }, { 'sec-fetch-site': 'cross-site' })).status).to.equal(403);
    const other = sessionCookie(await signIn(t));
    expect((await mint({ note: 'token of another session', _csrf: await formToken(t, other) })).status).to.equal(403);

    const minted = await mint({ note: 'with token', _csrf: token }, { origin: new URL(t.url).origin, 'sec-fetch-site': 'same-origin' });
    expect(minted.status).to.equal(201);
    expect(await minted.text()).to.match(/\/register\/[\w-]{43}/);
  });

  it('when a CLI-equivalent call sends the admin token as Bearer, then it works without a form token', async () => {
    const minted = await fetch(`${t.url}/admin/links`, { method: 'POST', headers: { authorization: `Bearer ${testAdminToken}` } });
    expect(minted.status).to.equal(201);
  });
});

describe('Administrator sign-in rate limit', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false, register: false });
  });
  after(async () => {
    await t.close();
  });

  it('when one address keeps trying wrong tokens, then it is refused for a while, even with the right token or as Bearer', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await signIn(t, `wrong-token-${i}-0123456789`)).status);
    expect(statuses).to.deep.equal(Array(10).fill(401));
    expect((await signIn(t)).status).to.equal(429);
    const bearer = await fetch(`${t.url}/admin`, { headers: { authorization: `Bearer ${testAdminToken}` } });
    expect(bearer.status).to.equal(429);
  });
});
