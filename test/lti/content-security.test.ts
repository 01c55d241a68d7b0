import { expect } from 'chai';
import { LtiBrowser } from '../support/lti-browser';
import { csrfOf, launchAs, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const claim = (name: string) => `https://purl.imsglobal.org/spec/lti/claim/${name}`;
const formAction = (response: Response) => /form-action ([^;]*)/.exec(response.headers.get('content-security-policy') ?? '')?.[1];

describe('Content-Security-Policy form-action', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  it('when an ordinary page is served, then forms may post to the tool only', async () => {
    const leader = await launchAs(t, 'csp-leader', [role('Instructor')]);
    for (const path of ['/', '/year', '/meetings/new']) {
      const response = await leader.fetch(path);
      expect(formAction(response), path).to.equal("'self'");
    }
    expect(formAction(await fetch(`${t.url}/health`))).to.equal("'self'");
    expect(formAction(await fetch(`${t.url}/no-such-page`))).to.equal("'self'");
  });

  it('when the deep-linking response page is served, then it may post to exactly the platform’s return origin, and the post arrives', async () => {
    const browser = new LtiBrowser();
    const page = await browser.launch(t.registration, t.platform, {
      messageType: 'LtiDeepLinkingRequest',
      claims: { [claim('roles')]: [role('Instructor')], [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } },
    });
    const answer = await browser.request(page.url, { method: 'POST', body: new URLSearchParams([['_csrf', csrfOf(page.body)], ['items', 'home']]) });
    const html = await answer.text();
    expect(answer.status).to.equal(200);
    const returnUrl = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    expect(new URL(returnUrl!).origin).to.equal(new URL(t.platform.url).origin);
    expect(formAction(answer)).to.equal(`'self' ${new URL(t.platform.url).origin}`);

    const before = t.platform.deepLinkResponses.length;
    const returned = await browser.submitForm(html, page.url);
    expect(returned.status).to.equal(200);
    expect(t.platform.deepLinkResponses.length).to.equal(before + 1);
  });
});

describe('Content-Security-Policy form-action on the cookie check', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false, publicUrl: (port) => `https://127.0.0.1:${port}` });
  });
  after(async () => {
    await t.close();
  });

  it('when the login page checks cookies, then its forms may post to the tool, whose answer redirects to the active platform’s login', async () => {
    const { loginParams } = t.platform.prepareLaunch(t.registration, { claims: { sub: 'csp-framed' } });
    const framed = { 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'cross-site', 'accept-language': 'en' };
    const page = await new LtiBrowser().request(`${t.tool.url}/login`, { method: 'POST', body: new URLSearchParams(loginParams), headers: framed });
    expect(page.status).to.equal(200);
    expect(formAction(page)).to.equal(`'self' ${new URL(t.platform.authUrl).origin}`);
  });
});
