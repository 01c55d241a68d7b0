import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { networks } from '../../models/schema';
import { hasChromium, launchChromium } from '../support/chromium';
import { launchAs, role } from '../support/network-member';
import { openLaunch } from '../support/tool-pages';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { insertForum, insertPost, insertThread } from './forum-rows';

describe('The search page on a 360 px phone', function () {
  this.timeout(120_000);
  let t: ToolUnderTest;
  let browser: Browser;

  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    await launchAs(t, 'phone-leader', [role('Instructor')], {}, 'sv');
    const [network] = await t.database.db.select().from(networks);
    const forum = await insertForum(t.database.db, network!.id, 'discussion');
    // Swedish compounds and a pasted address: the longest words a snippet or a title has to wrap.
    const thread = await insertThread(t.database.db, { forumId: forum, networkId: network!.id, title: 'Kompetensutvecklingsinsatsernas utvärderingsunderlag' });
    await insertPost(t.database.db, { threadId: thread, networkId: network!.id, number: 1, body: `Utvärderingsunderlaget finns på https://example.org/${'kompetensutvecklingsinsatser/'.repeat(4)} för alla förstelärare och utvärderingsunderlag.` });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const q of ['utvärderingsunderlag', '', 'och']) {
    it(`when a participant searches for "${q}", then the page does not scroll sideways`, async () => {
      const { member, context, page } = await openLaunch(t, browser, 'participant', 'sv', { width: 360 });
      await page.goto(`${member.base}/search?q=${encodeURIComponent(q)}`);
      const { scrollWidth, innerWidth, results } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, results: document.querySelectorAll('.search-result').length }));
      await context.close();
      expect(results).to.equal(q === 'utvärderingsunderlag' ? 2 : 0);
      expect(scrollWidth).to.be.at.most(innerWidth);
    });
  }
});
