import { expect } from 'chai';
import { LtiBrowser } from '../support/lti-browser';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const claim = (name: string) => `https://purl.imsglobal.org/spec/lti/claim/${name}`;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('Deep Linking', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  async function openChooser(roles = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']) {
    const browser = new LtiBrowser();
    const page = await browser.launch(t.registration, t.platform, {
      messageType: 'LtiDeepLinkingRequest',
      claims: { [claim('roles')]: roles, [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } },
    });
    return { browser, page };
  }

  it('when a leader adds the tool, then the chooser offers the network home and the graded progress item', async () => {
    const { page } = await openChooser();
    expect(page.response.status).to.equal(200);
    expect(page.url).to.match(/\/deep-link$/);
    expect(page.body).to.include('Network home');
    expect(page.body).to.include('Network progress');
  });

  it('when the leader chooses both items, then the platform receives a signed response with data echoed and a lineItem', async () => {
    const { browser, page } = await openChooser();
    const form = new URLSearchParams([
      ['_csrf', csrfOf(page.body)],
      ['items', 'home'],
      ['items', 'progress'],
      ['progressMaximum', '10'],
    ]);
    const answer = await browser.request(page.url, { method: 'POST', body: form });
    const html = await answer.text();
    expect(answer.status, html.slice(0, 300)).to.equal(200);
    const returned = await browser.submitForm(html, page.url);
    expect(returned.status, await returned.clone().text()).to.equal(200);

    const [response] = t.platform.deepLinkResponses.slice(-1);
    expect(response, 'the platform verified and recorded the response').to.exist;
    const settings = response!.payload['https://purl.imsglobal.org/spec/lti-dl/claim/data'];
    expect(settings).to.equal(response!.data);
    const items = response!.contentItems;
    expect(items).to.have.length(2);
    for (const item of items) {
      expect(item.type).to.equal('ltiResourceLink');
      expect(t.registration.redirectUris).to.include(item.url);
    }
    expect(items.map((item) => item.custom.natverk_item)).to.deep.equal(['home', 'progress']);
    expect(items[0].lineItem).to.equal(undefined);
    expect(items[1].lineItem).to.deep.include({ scoreMaximum: 10, resourceId: 'natverk-progress', tag: 'natverk' });
  });

  it('when the maximum score is not a number from 1 to 1000, then the form comes back with the message and nothing is sent', async () => {
    const { browser, page } = await openChooser();
    const before = t.platform.deepLinkResponses.length;
    const form = new URLSearchParams([
      ['_csrf', csrfOf(page.body)],
      ['items', 'progress'],
      ['progressMaximum', '0'],
    ]);
    const answer = await browser.request(page.url, { method: 'POST', body: form });
    const html = await answer.text();
    expect(answer.status).to.equal(422);
    expect(html).to.include('Enter a whole number from 1 to 1000.');
    expect(html).to.match(/value="progress" checked/);
    expect(t.platform.deepLinkResponses).to.have.length(before);
  });

  it('when the form is posted without the session’s CSRF token, then it is refused', async () => {
    const { browser, page } = await openChooser();
    const answer = await browser.request(page.url, { method: 'POST', body: new URLSearchParams([['items', 'home']]) });
    expect(answer.status).to.equal(403);
  });

  it('when a learner arrives with a deep linking request, then it is refused', async () => {
    const { page } = await openChooser(['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']);
    expect(page.response.status).to.equal(403);
  });
});
