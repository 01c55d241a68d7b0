import path from 'node:path';
import ejs from 'ejs';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { translator } from '../../lti-tool/i18n';
import { networks, users } from '../../models/schema';
import { hasChromium, launchChromium } from '../support/chromium';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import { contextFor } from '../support/tool-pages';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { forumOf, startThread, writePost } from './forum-seed';

describe('forum-live.js in a real browser: counts and the "new posts" bar follow the live stream', function () {
  this.timeout(120_000);
  let t: ToolUnderTest;
  let browser: Browser;
  let leader: NetworkMember;
  let anna: NetworkMember;

  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs(t, 'live-leader', [role('Instructor')], { name: 'Lena Ledare' });
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    anna = await launchAs(t, 'live-anna', [role('Learner')], { name: 'Anna Ek' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('when two posts by someone else arrive on an open thread page, then its row says 2 unread, the forum count rises, and a polite bar offers them', async () => {
    const db = t.database.db;
    const [{ id: networkId }] = (await db.select({ id: networks.id }).from(networks)) as [{ id: number }];
    const [{ id: leaderId }] = (await db.select({ id: users.id }).from(users).where(eq(users.sub, 'live-leader'))) as [{ id: number }];
    const forum = await forumOf(db, networkId, 'discussion');
    const thread = await startThread(db, forum, leaderId, { title: 'Levande' });
    // Part A's thread page is not in this branch: a real page of the tool gets the attributes and the bar it will carry.
    const bar = await ejs.renderFile(path.resolve('views/notifications/_live-bar.ejs'), { t: translator('en') });
    const context = await contextFor(browser, anna.browser, { width: 1024 });
    const page = await context.newPage();
    await page.goto(`${anna.base}/notifications`);
    await page.evaluate(
      ({ liveUrl, threadId, forumId, barHtml }) => {
        const main = document.querySelector('main')!;
        main.setAttribute('data-live-url', liveUrl);
        main.setAttribute('data-thread-id', String(threadId));
        main.setAttribute('data-highest', '1');
        main.insertAdjacentHTML(
          'beforeend',
          `${barHtml}<ul><li data-thread-id="${threadId}" data-highest="1" data-last-read="1">Levande <span data-unread-badge hidden></span></li></ul><p data-forum-id="${forumId}" data-forum-unread="0">0</p>`,
        );
        const script = document.createElement('script');
        script.src = '/assets/forum-live.js';
        document.body.append(script);
      },
      { liveUrl: `${anna.base}/forums/live`, threadId: thread.id, forumId: forum.id, barHtml: bar },
    );
    await page.waitForTimeout(700);

    await writePost(db, thread, leaderId);
    await writePost(db, thread, leaderId);
    const show = page.locator('[data-live-show]');
    await show.waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('[data-unread-badge]', { hasText: '2' }).waitFor({ timeout: 10_000 });
    expect(await show.innerText()).to.equal('2 new posts — show them');
    expect(await page.locator('[data-forum-id]').innerText()).to.equal('2');
    expect(await page.locator('[data-live-bar]').getAttribute('aria-live')).to.equal('polite');

    await show.click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).hash).to.equal('#post-2');
    await context.close();
  });
});
