import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { launchSessions } from '../../models/schema';
import { LtiBrowser } from '../support/lti-browser';
import { claim, launchAs, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import type { FormRow, QuestionRow } from '../../models/evaluations';
import { completeAnswer, launchInFrame, launchNetwork, seedOpenForm, storedAnswer, userIdOf } from './answering-setup';

/** The personal link on the answer page, as its QR code holds it. */
function personalLinkOf(html: string): string {
  const match = /<p class="walk-link"><a href="([^"]+)"/.exec(html);
  expect(match, 'the answer page in the course frame offers the personal link').to.not.equal(null);
  return match![1]!.replace(/&amp;/g, '&');
}

describe('Evaluations: answering on a phone, from the personal link or the big screen’s QR code', function () {
  this.timeout(120_000);
  let t: ToolUnderTest;
  let inFrame: NetworkMember;
  let form: FormRow;
  let questions: QuestionRow[];
  let phone: LtiBrowser;
  let phoneHandle: string;

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    await launchNetwork(t, [{ sub: '51' }]);
    inFrame = await launchInFrame(t, '52');
    ({ form, questions } = await seedOpenForm(t, { title: 'Secret title of the day' }));
  });
  after(() => t?.close());

  it('when the answer page is opened in Moodle’s frame, then it offers “Open on your phone” with the person’s own one-time link as a QR code', async () => {
    const page = await inFrame.get(`/evaluations/${form.id}`);
    expect(page.html).to.include('Open on your phone');
    expect(page.html).to.match(/<div class="walk-qr"[^>]*><svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(personalLinkOf(page.html)).to.match(new RegExp(`^${t.url}/window/[\\w-]{16}\\?code=[\\w-]+&to=evaluations%2F${form.id}$`));
  });

  it('when the phone opens the link, then it lands on the form as its person and answers as them', async () => {
    phone = new LtiBrowser();
    const href = personalLinkOf((await inFrame.get(`/evaluations/${form.id}`)).html);
    const opened = await phone.request(href);
    expect(opened.status).to.equal(303);
    const landed = new URL(opened.headers.get('location')!, href).toString();
    expect(landed).to.match(new RegExp(`/l/[\\w-]{16}/evaluations/${form.id}$`));
    phoneHandle = /\/l\/([\w-]{16})\//.exec(landed)![1]!;
    const page = await phone.request(landed);
    const html = await page.text();
    expect(html).to.include('Secret title of the day');
    expect(html, 'the phone is not offered another code').to.not.include('Open on your phone');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const body = new URLSearchParams({ _csrf: csrf, intent: 'submit', version: '0' });
    for (const [name, value] of Object.entries(completeAnswer(questions))) for (const item of ([] as string[]).concat(value)) body.append(name, item);
    expect((await phone.request(landed, { method: 'POST', body })).status).to.equal(303);
    expect((await storedAnswer(t, form.id, await userIdOf(t, '52')))!.submitted).to.equal(true);
  });

  it('when that phone scans the big screen’s QR code, then it goes straight to the form in its person’s session', async () => {
    const scanned = await phone.request(`${t.url}/evaluate/${form.id}`);
    expect(scanned.status).to.equal(303);
    expect(scanned.headers.get('location')).to.equal(`/l/${phoneHandle}/evaluations/${form.id}`);
    expect(phone.cookies.list().find((cookie) => cookie.name === `nv_phone_${phoneHandle}`)).to.include({ path: '/evaluate', httpOnly: true });
  });

  it('when a browser without such a session scans it, then it is told in its own language how to open the evaluation as itself, and never which evaluation it is', async () => {
    const stranger = new LtiBrowser();
    const page = await stranger.request(`${t.url}/evaluate/${form.id}`, { headers: { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.5' } });
    expect(page.status).to.equal(200);
    const html = await page.text();
    expect(html).to.include('Svara på utvärderingen').and.include('Öppna i mobilen');
    expect(html).to.not.include('Secret title of the day');
    const danish = await (await stranger.request(`${t.url}/evaluate/${form.id}`, { headers: { 'accept-language': 'da' } })).text();
    expect(danish).to.include('Besvar evalueringen');
  });

  it('when a cookie names a session that is forged, ended, or of another course, then it is not followed', async () => {
    const forged = new LtiBrowser();
    forged.cookies.store(new URL(`${t.url}/evaluate/${form.id}`), 'nv_phone_AAAAAAAAAAAAAAAA=1; Path=/evaluate');
    expect((await forged.request(`${t.url}/evaluate/${form.id}`)).status).to.equal(200);

    const other = await launchAs(t, '901', [role('Instructor')], { [claim('context')]: { id: 'other-course', label: 'OTHER', title: 'Another network' } });
    const otherHandle = /\/l\/([\w-]{16})/.exec(other.base)![1]!;
    const elsewhere = new LtiBrowser();
    elsewhere.cookies.store(new URL(`${t.url}/evaluate/${form.id}`), `nv_phone_${otherHandle}=1; Path=/evaluate`);
    expect((await elsewhere.request(`${t.url}/evaluate/${form.id}`)).status, 'a session of another course').to.equal(200);

    await t.database.db.update(launchSessions).set({ endsAt: new Date(Date.now() - 60_000) }).where(eq(launchSessions.handle, phoneHandle));
    expect((await phone.request(`${t.url}/evaluate/${form.id}`)).status, 'an ended session').to.equal(200);
  });

  it('when the form id is unknown, then the same short page is shown', async () => {
    const page = await new LtiBrowser().request(`${t.url}/evaluate/999999`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('Answer the evaluation');
  });
});
