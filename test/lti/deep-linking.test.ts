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

  async function openChooser(roles = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'], course?: Record<string, unknown>) {
    const browser = new LtiBrowser();
    const page = await browser.launch(t.registration, t.platform, {
      messageType: 'LtiDeepLinkingRequest',
      claims: {
        [claim('roles')]: roles,
        [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' },
        ...(course ? { [claim('context')]: course } : {}),
      },
    });
    return { browser, page };
  }

  /** Chooses items on an open chooser and hands the answer to the platform, as Moodle's dialog does. */
  async function place(opened: Awaited<ReturnType<typeof openChooser>>, keys: string[]) {
    const form = new URLSearchParams([['_csrf', csrfOf(opened.page.body)], ...keys.map((key) => ['items', key]), ['progressMaximum', '10']]);
    const answer = await opened.browser.request(opened.page.url, { method: 'POST', body: form });
    expect(answer.status).to.equal(200);
    expect((await opened.browser.submitForm(await answer.text(), opened.page.url)).status).to.equal(200);
  }

  /** The checkbox of one choice, and the text of its label. */
  function choiceIn(html: string, key: string): { checked: boolean; label: string } {
    const match = new RegExp(`<label class="choice">\\s*<input type="checkbox" name="items" value="${key}"\\s*(checked)?[^>]*>([\\s\\S]*?)</label>`).exec(html);
    expect(match, `the choice ${key}`).to.exist;
    return { checked: Boolean(match![1]), label: match![2]! };
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

  it('when a course meets the tool for the first time, then only the network home is suggested', async () => {
    const { page } = await openChooser(undefined, { id: 'dl-first', title: 'First course', type: ['CourseSection'] });
    expect(choiceIn(page.body, 'home').checked).to.equal(true);
    expect(choiceIn(page.body, 'progress').checked).to.equal(false);
    expect(page.body).not.to.include('Already in the course');
  });

  it('when the course already has a network home, then the chooser offers it unticked and says it is already in the course', async () => {
    const course = { id: 'dl-has-home', title: 'Course with a home', type: ['CourseSection'] };
    await place(await openChooser(undefined, course), ['home', 'progress']);
    // Someone opens the placed home from the course page.
    const opened = await new LtiBrowser().launch(t.registration, t.platform, {
      claims: { sub: 'dl-participant', [claim('context')]: course, [claim('custom')]: { natverk_item: 'home' }, [claim('roles')]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'] },
    });
    expect(opened.response.status).to.equal(200);

    const { page } = await openChooser(undefined, course);
    const home = choiceIn(page.body, 'home');
    expect(home.checked, 'a second network home is not pre-ticked').to.equal(false);
    expect(home.label).to.include('Already in the course');
    // The graded item is known from the platform's own gradebook column.
    const progress = choiceIn(page.body, 'progress');
    expect(progress.checked).to.equal(false);
    expect(progress.label).to.include('Already in the course');
    expect(choiceIn(page.body, 'programme').label).not.to.include('Already in the course');
    expect(page.body).not.to.match(/\schecked\b/);
  });

  it('when the course has met the tool before but its home was never opened, then nothing is pre-ticked', async () => {
    const course = { id: 'dl-placed-unopened', title: 'Placed, never opened', type: ['CourseSection'] };
    await place(await openChooser(undefined, course), ['home']);
    const { page } = await openChooser(undefined, course);
    expect(page.body).not.to.match(/\schecked\b/);
  });

  it('when the Deep Linking page is shown in Moodle’s dialog, then it has no tool navigation and no link away from the dialog', async () => {
    const { page } = await openChooser();
    expect(page.body).not.to.include('<nav class="main"');
    expect(page.body).not.to.match(/href="[^"]*\/(year|assignments|roster|grades|settings|new-window)\b/);
    // In-page links (the skip link to #content) stay inside the dialog.
    const links = [...page.body.matchAll(/<a\b[^>]*href="([^"]+)"/g)].map((match) => match[1]).filter((href) => !href!.startsWith('#'));
    expect(links).to.deep.equal([]);
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
