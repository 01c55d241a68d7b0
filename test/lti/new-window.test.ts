import { expect } from 'chai';
import { safeRelativePath, windowReturnPath } from '../../lti-tool/services/new-window';
import { LtiBrowser } from '../support/lti-browser';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const claim = (name: string) => `https://purl.imsglobal.org/spec/lti/claim/${name}`;
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));

describe('Open in a new window keeps the page', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  /** A leader's launch in Moodle's iframe: the frame's browser and its session's base URL. */
  async function frameLaunch(sub: string) {
    const frame = new LtiBrowser();
    const { url, response } = await frame.launch(t.registration, t.platform, {
      claims: { sub, [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } },
    });
    expect(response.status).to.equal(200);
    return { frame, base: url.replace(/\/$/, ''), path: new URL(url).pathname.replace(/\/$/, '') };
  }

  /** Follows the offer page's one-time link in a browser of its own; returns where the new window landed. */
  async function openOffer(frame: LtiBrowser, offerUrl: string): Promise<string> {
    const offer = await frame.request(offerUrl);
    expect(offer.status).to.equal(200);
    const link = hrefs(await offer.text()).find((href) => href.startsWith('/window/'));
    expect(link, 'a one-time link').to.be.a('string');
    const browser = new LtiBrowser();
    const opened = await browser.follow(await browser.request(`${t.url}${link!}`));
    expect(opened.status).to.equal(200);
    return new URL(opened.url).pathname;
  }

  it('when someone on the year page opens a new window, then it lands on the year page of the new window’s session', async () => {
    const { frame, base, path } = await frameLaunch('nw-year');
    const yearPage = await (await frame.request(`${base}/year`)).text();
    const footerLink = hrefs(yearPage).find((href) => href.includes('/new-window'));
    expect(footerLink).to.equal(`${path}/new-window?return=${encodeURIComponent(`${path}/year`)}`);

    const newWindow = new LtiBrowser();
    const offer = await (await frame.request(`${t.url}${footerLink!}`)).text();
    expect(hrefs(offer), 'Back returns to the year page').to.include(`${path}/year`);
    const link = hrefs(offer).find((href) => href.startsWith('/window/'))!;
    const opened = await newWindow.follow(await newWindow.request(`${t.url}${link}`));
    expect(opened.status).to.equal(200);
    expect(new URL(opened.url).pathname).to.match(/^\/l\/[\w-]{16}\/year$/);
    expect(new URL(opened.url).pathname).not.to.equal(`${path}/year`);
  });

  it('when the return path is forged to another site, another session or odd characters, then the new window lands on Home', async () => {
    const { frame, base, path } = await frameLaunch('nw-forged');
    const other = await frameLaunch('nw-other');
    const forged = [
      'https://evil.example/',
      '//evil.example/year',
      `${path}//evil.example`,
      `${path}/\\evil.example`,
      `${path}/../../admin`,
      `${path}/year%2F..`,
      `${other.path}/year`,
      '/year',
    ];
    for (const candidate of forged) {
      const landed = await openOffer(frame, `${base}/new-window?return=${encodeURIComponent(candidate)}`);
      expect(landed, candidate).to.match(/^\/l\/[\w-]{16}\/$/);
    }
  });

  it('when the one-time link’s own target is edited, then the new window still lands inside its own session, at Home', async () => {
    const { frame, base } = await frameLaunch('nw-edited');
    const offer = await (await frame.request(`${base}/new-window`)).text();
    const link = hrefs(offer).find((href) => href.startsWith('/window/'))!;
    const browser = new LtiBrowser();
    const answer = await browser.request(`${t.url}${link}&to=${encodeURIComponent('//evil.example/x')}`);
    expect(answer.status).to.equal(303);
    expect(answer.headers.get('location')).to.match(/^\/l\/[\w-]{16}\/$/);
  });

  it('when a return path is checked, then only plain paths under the session’s own base pass', () => {
    const base = '/l/abcdefghijklmnop';
    const cases: Array<[unknown, string]> = [
      [`${base}/year`, 'year'],
      [`${base}/meetings/3`, 'meetings/3'],
      [`${base}/assignments/2/edit/`, 'assignments/2/edit'],
      [`${base}/`, ''],
      [`${base}/new-window`, ''],
      [`${base}/..`, ''],
      [`${base}/a/./b`, ''],
      [`${base}/a//b`, ''],
      [`${base}/a\\b`, ''],
      [`${base}/år`, ''],
      [`${base}/a%2f`, ''],
      [`${base}x/year`, ''],
      ['/l/zzzzzzzzzzzzzzzz/year', ''],
      ['https://evil.example/l/abcdefghijklmnop/year', ''],
      [['array'], ''],
      [undefined, ''],
      [`${base}/${'a'.repeat(300)}`, ''],
    ];
    for (const [candidate, expected] of cases) expect(windowReturnPath(base, candidate), String(candidate)).to.equal(expected);
    expect(safeRelativePath('year/')).to.equal('year');
    expect(safeRelativePath('.hidden')).to.equal('');
  });
});
