import { expect } from 'chai';
import { seedGalleryWalk, type SeededWalk } from '../support/gallery';
import { LtiBrowser } from '../support/lti-browser';
import { claim, launchAs, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

/** The personal link on the walk page, as the QR code holds it (the text link beside it is the same). */
function personalLinkOf(html: string): string {
  const match = /<p class="walk-link"><a href="([^"]+)"/.exec(html);
  expect(match, 'the walk page in the course frame offers the personal link').to.not.equal(null);
  return match![1]!.replace(/&amp;/g, '&');
}

/** A phone's browser opening the link: the session cookie it is given, and where it lands. */
async function openOnPhone(phone: LtiBrowser, href: string): Promise<{ status: number; landed: string | null; body: string }> {
  const response = await phone.request(href);
  if (response.status !== 303) return { status: response.status, landed: null, body: await response.text() };
  const location = new URL(response.headers.get('location')!, href).toString();
  const page = await phone.request(location);
  return { status: page.status, landed: location, body: await page.text() };
}

describe('gallery walk: joining from a phone with a personal QR code', function () {
  this.timeout(120_000);
  let t: ToolUnderTest;
  let walk: SeededWalk;
  let owner: NetworkMember;

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    walk = await seedGalleryWalk(t, { participants: 3, locale: 'en' });
    // The participant's launch in Moodle's frame, where the page offers the code.
    owner = await launchAs(t, 'walker-1', [role('Learner')], { name: 'Walker 1', [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } }, 'en');
  });
  after(() => t?.close());

  it('when the walk page is opened in the course frame, then it shows the QR code as inline SVG and the same link as text', async () => {
    const page = await owner.get(`/gallery/${walk.walkId}`);
    expect(page.status).to.equal(200);
    expect(page.html).to.include('Open on your phone');
    expect(page.html).to.match(/<div class="walk-qr"[^>]*><svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(personalLinkOf(page.html)).to.match(new RegExp(`^${t.url}/window/[\\w-]{16}\\?code=[\\w-]+&to=gallery%2F${walk.walkId}$`));
  });

  it('when the link is used twice, then the first phone lands on the walk as its owner and the second gets the "link used" page and no session', async () => {
    const href = personalLinkOf((await owner.get(`/gallery/${walk.walkId}`)).html);
    const phone = new LtiBrowser();
    const first = await openOnPhone(phone, href);
    expect(first.status).to.equal(200);
    expect(first.landed).to.match(new RegExp(`/gallery/${walk.walkId}$`));
    expect(first.body).to.include('Feedback on your presentation');
    expect(first.body, 'the phone is not offered another code').to.not.include('Open on your phone');

    const second = new LtiBrowser();
    const again = await openOnPhone(second, href);
    expect(again.status).to.equal(401);
    expect(again.body).to.include('That link has been used or is too old');
    expect(second.cookies.list().filter((c) => c.name.startsWith('nv_'))).to.have.length(0);
  });

  it('when another person uses the code first, then the owner is refused, sees a phone joined, and signs it out, after which that device is refused', async () => {
    const ownerPage = await owner.get(`/gallery/${walk.walkId}`);
    const href = personalLinkOf(ownerPage.html);
    const stranger = new LtiBrowser();
    const taken = await openOnPhone(stranger, href);
    expect(taken.status).to.equal(200);
    const strangerPage = taken.landed!;

    const ownerTry = await openOnPhone(new LtiBrowser(), href);
    expect(ownerTry.status).to.equal(401);
    expect(ownerTry.body).to.include('That link has been used or is too old');

    const after = await owner.get(`/gallery/${walk.walkId}`);
    const joined = [...after.html.matchAll(/<li data-phone="([\w-]{16})">Your phone joined at [^<]+— not you\?/g)].map((m) => m[1]!);
    const strangerHandle = /\/l\/([\w-]{16})\//.exec(strangerPage)![1]!;
    expect(joined).to.include(strangerHandle);

    const signedOut = await owner.post(`/gallery/${walk.walkId}/phones/${strangerHandle}/sign-out`);
    expect(signedOut.status).to.equal(303);
    const refused = await stranger.request(strangerPage);
    expect(refused.status).to.equal(401);
    const list = await owner.get(`/gallery/${walk.walkId}`);
    expect(list.html).to.not.include(`data-phone="${strangerHandle}"`);
    expect((await owner.get(`/gallery/${walk.walkId}`)).status, 'the owner’s own session goes on').to.equal(200);
  });

  it('when someone else tries to sign out a phone that is not theirs, then nothing ends', async () => {
    const href = personalLinkOf((await owner.get(`/gallery/${walk.walkId}`)).html);
    const phone = new LtiBrowser();
    const opened = await openOnPhone(phone, href);
    const handle = /\/l\/([\w-]{16})\//.exec(opened.landed!)![1]!;
    const other = walk.participants[1]!;
    const attempt = await other.post(`/gallery/${walk.walkId}/phones/${handle}/sign-out`);
    expect(attempt.status).to.equal(404);
    expect((await phone.request(opened.landed!)).status).to.equal(200);
  });
});
