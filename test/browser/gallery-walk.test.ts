import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { galleryComments, galleryWalks } from '../../models/schema';
import { hasChromium, launchChromium } from '../support/chromium';
import { seedGalleryWalk, type SeededWalk } from '../support/gallery';
import { contextFor } from '../support/tool-pages';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('gallery walk on a phone in a real browser', function () {
  this.timeout(120_000);
  let t: ToolUnderTest;
  let browser: Browser;
  let walk: SeededWalk;

  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    walk = await seedGalleryWalk(t, { participants: 3, locale: 'en' });
    await t.database.db.update(galleryWalks).set({ startedAt: new Date(), round: 1, roundStartedAt: new Date(), notesVisible: true }).where(eq(galleryWalks.id, walk.walkId));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const commentsWith = async (body: string) => (await t.database.db.select().from(galleryComments).where(eq(galleryComments.body, body))).length;

  it('when a participant comments on slide 2 from a 360 px page, then the author’s open page shows it without reload, and neither page scrolls sideways', async () => {
    // Participant 1 stands at station 2 in round 1; its author is participant 2.
    const visitorContext = await contextFor(browser, walk.participants[0]!.browser, { width: 360 });
    const authorContext = await contextFor(browser, walk.participants[1]!.browser, { width: 360 });
    const visitor = await visitorContext.newPage();
    const author = await authorContext.newPage();
    await author.goto(`${walk.participants[1]!.base}/gallery/${walk.walkId}`);
    await visitor.goto(`${walk.participants[0]!.base}/gallery/${walk.walkId}`);
    expect(await visitor.locator('.walk-here').innerText()).to.equal('Your station now: 2 — Walker 2’s presentation');
    expect(await visitor.locator('[data-countdown]').innerText()).to.match(/^0[78]:\d\d$/);
    // Let the author's stream open before the comment is sent.
    await author.waitForTimeout(500);

    const slide2 = visitor.locator('[data-station] [data-slide="2"]');
    await slide2.locator('.walk-sentence', { hasText: 'Timperleys cykel' }).click();
    await slide2.locator('textarea[name=body]').fill('Bra att ni observerade <b>varandra</b>');
    await slide2.locator('button[type=submit]').click();
    await slide2.locator('[data-form-status]', { hasText: 'Sent.' }).waitFor();

    const arrived = author.locator('[data-own] [data-slide="2"] .walk-comment-item', { hasText: 'Bra att ni observerade' });
    await arrived.waitFor({ timeout: 10_000 });
    expect(await arrived.locator('.walk-comment-body').innerText()).to.equal('Bra att ni observerade <b>varandra</b>');
    expect(await arrived.locator('blockquote').innerText()).to.equal('Vi använde Timperleys cykel.');
    expect(await arrived.locator('b').count(), 'the markup stays text').to.equal(0);

    for (const page of [visitor, author]) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, page === visitor ? 'visitor' : 'author').to.be.at.most(0);
    }
    const small = await visitor.evaluate(() =>
      [...document.querySelectorAll('.gallery-walk button, .gallery-walk textarea, .gallery-walk select')]
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => el.getBoundingClientRect())
        .filter((box) => box.height < 44).length,
    );
    expect(small, 'touch targets of at least 44 px').to.equal(0);
    const image = await visitor.evaluate(() => [...document.querySelectorAll('.walk-picture img')].every((img) => img.getAttribute('loading') === 'lazy'));
    expect(image).to.equal(true);
    await visitorContext.close();
    await authorContext.close();
  });

  it('when the phone goes offline, a comment is typed and sent, and the phone comes back, then the comment arrives exactly once', async () => {
    const context = await contextFor(browser, walk.participants[0]!.browser, { width: 360 });
    const page = await context.newPage();
    await page.goto(`${walk.participants[0]!.base}/gallery/${walk.walkId}`);
    const slide = page.locator('[data-station] [data-slide="1"]');
    await context.setOffline(true);
    await slide.locator('textarea[name=body]').fill('Skrivet utan nät');
    await slide.locator('button[type=submit]').click();
    await slide.locator('[data-form-status]', { hasText: 'Waiting for connection — your comment is kept' }).waitFor();
    expect(await commentsWith('Skrivet utan nät')).to.equal(0);
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('natverk-gallery-queue:')).map((k) => localStorage.getItem(k)).join(''));
    expect(kept).to.include('Skrivet utan nät');

    await context.setOffline(false);
    await slide.locator('[data-form-status]', { hasText: 'Sent.' }).waitFor({ timeout: 15_000 });
    // More resends (the timer, a reload) find nothing left to send; the row is there once.
    await page.reload();
    await page.waitForTimeout(1_000);
    expect(await commentsWith('Skrivet utan nät')).to.equal(1);
    await context.close();
  });
});
