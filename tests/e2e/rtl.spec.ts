import AxeBuilder from '@axe-core/playwright';
import { devices, type Locator, type Page } from '@playwright/test';
import { launchChromium } from '../../scripts/shared/chromium.ts';
import { ar } from '../../src/i18n/messages/ar.ts';
import { episode, expect, pauseAt, playing, test as base, testCardTitle, titles, withTestCard } from './fixtures.ts';

/**
 * The app in Arabic on a phone (the Pixel 7 descriptor with the browser's language `ar`): the
 * layout mirrors, the player's timeline, skip row and double-tap thirds stay left to right
 * (README "Localization"). Every ripple a double tap draws is recorded as it appears (it fades).
 */
const test = base.extend<{ scheme: 'light' | 'dark' }>({
  scheme: ['light', { option: true }],
  context: async ({ scheme }, use) => {
    const browser = await launchChromium();
    const { defaultBrowserType: _, ...pixel7 } = devices['Pixel 7'];
    const context = await browser.newContext({ ...pixel7, locale: 'ar', colorScheme: scheme });
    await context.addInitScript(() => {
      const ripples: string[] = [];
      Object.assign(window, { ripples });
      new MutationObserver((records) => {
        for (const node of records.flatMap((record) => [...record.addedNodes])) {
          if (node instanceof HTMLElement && node.classList.contains('ripple')) ripples.push(node.className);
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await use(context);
    await browser.close();
  },
});

test.use({ serverOptions: withTestCard });

async function expectNoAxeViolations(page: Page, view: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`), `axe violations on ${view}`).toEqual([]);
}

const video = (page: Page) => page.locator('video');
const stage = (page: Page) => page.locator('.player .stage');
const currentTime = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => v.currentTime);
const ripplesDrawn = (page: Page) => page.evaluate(() => (window as unknown as { ripples: string[] }).ripples);
const box = async (locator: Locator) => (await locator.boundingBox())!;

/** Two real touches at a fraction of the picture's width, in one burst (playerControls.spec.ts). */
async function doubleTap(page: Page, fraction: number): Promise<void> {
  const area = await box(stage(page));
  const touchPoints = [{ x: area.x + area.width * fraction, y: area.y + area.height / 2 }];
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchEnd') => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchStart' ? touchPoints : [] });
  await Promise.all([touch('touchStart'), touch('touchEnd'), touch('touchStart'), touch('touchEnd')]);
  await cdp.detach();
}

async function openPlayer(page: Page): Promise<void> {
  await episode(page, testCardTitle).getByRole('button', { name: ar['common.play'], exact: true }).tap();
  await expect(video(page)).toBeVisible();
  await playing(page);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(scheme, () => {
    test.use({ scheme });
    test(`<html lang="ar" dir="rtl">, and axe finds nothing on the library, an episode's page, Downloads and the player (${scheme})`, async ({ page }) => {
      await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      await expectNoAxeViolations(page, 'the library');

      await episode(page, titles.small).getByRole('link', { name: titles.small }).tap();
      await expect(page.getByRole('heading', { level: 2, name: titles.small })).toBeFocused();
      await expectNoAxeViolations(page, 'an episode’s page');

      await page.getByRole('link', { name: ar['nav.downloads'], exact: true }).tap();
      await expect(page.getByRole('region', { name: ar['downloads.heading'] })).toBeVisible();
      await expectNoAxeViolations(page, 'the Downloads view');

      await page.getByRole('link', { name: ar['nav.episodes'], exact: true }).tap();
      await openPlayer(page);
      await pauseAt(page, 10); // paused, the controls stay on the picture
      await expect(page.locator('.player .controls-layer')).toHaveClass(/shown/);
      await expectNoAxeViolations(page, 'the player');
    });
  });
}

test('the page mirrors: artwork on the right of a card’s title, the header from the right, the back arrow points right', async ({ page }) => {
  const card = episode(page, titles.small);
  const artwork = await box(card.locator('img.artwork'));
  const title = await box(card.getByRole('heading', { level: 2 }));
  expect(artwork.x).toBeGreaterThan(title.x);
  expect(artwork.x + artwork.width).toBeGreaterThan(title.x + title.width);
  // The publisher's English reads left to right inside the Arabic page (dir=auto), its full stop at its end.
  expect(await card.locator('.description').evaluate((p) => getComputedStyle(p).direction)).toBe('ltr');
  expect(await card.locator('.meta').evaluate((p) => getComputedStyle(p).direction)).toBe('rtl');

  // The header's first item (the app's name) ends at the right edge, less main's 1rem; the first tab is the right one.
  const width = page.viewportSize()!.width;
  const name = await box(page.getByRole('banner').getByRole('heading', { level: 1 }));
  expect(name.x + name.width).toBeCloseTo(width - 16, 0);
  const episodesTab = await box(page.getByRole('link', { name: ar['nav.episodes'], exact: true }));
  const downloadsTab = await box(page.getByRole('link', { name: ar['nav.downloads'], exact: true }));
  expect(episodesTab.x).toBeGreaterThan(downloadsTab.x);

  // "Back to the episodes" means reading order: its arrow points the way Arabic reads back, to the right.
  await card.getByRole('link', { name: titles.small }).tap();
  const arrow = page.locator('.episode-page .back svg');
  await expect(arrow).toBeVisible();
  expect(await arrow.evaluate((svg) => getComputedStyle(svg).transform)).toBe('matrix(-1, 0, 0, 1, 0, 0)');
});

test('the player keeps the tape’s direction: the timeline grows from the left, the right third seeks forward, back/play/forward read left to right', async ({ page }) => {
  await openPlayer(page);
  await pauseAt(page, 30);
  await expect(page.locator('.player .controls-layer')).toHaveClass(/shown/);

  // Half played: the played bar starts at the track's left edge and covers its left half.
  const track = await box(page.locator('.player .track'));
  const played = await box(page.locator('.player .span.played'));
  expect(played.x).toBeCloseTo(track.x, 0);
  expect(played.width).toBeCloseTo(track.width / 2, 0);

  // The native range runs left to right too: a tap at three quarters from the left seeks to 0:45.
  const scrubber = await box(page.getByRole('slider', { name: ar['player.seek'] }));
  const duration = await video(page).evaluate((v: HTMLVideoElement) => v.duration);
  await page.touchscreen.tap(scrubber.x + 8 + (scrubber.width - 16) * 0.75, scrubber.y + scrubber.height / 2);
  await expect.poll(() => currentTime(page)).toBeCloseTo(duration * 0.75, 0);

  // The skip row: back on the left, forward on the right, as on the picture's thirds.
  const back = await box(page.getByRole('button', { name: /^ترجيع/ }));
  const forward = await box(page.getByRole('button', { name: /^تقديم/ }));
  expect(back.x).toBeLessThan(forward.x);

  // A double tap on the right third: forward 30 s, its ripple on the right; on the left third: back 10 s.
  await pauseAt(page, 10);
  await doubleTap(page, 0.85);
  await expect.poll(() => currentTime(page)).toBe(40);
  // Its ripple gone, the next pair is a double tap of its own (taps 300 ms apart keep seeking, gestures.ts).
  await expect(page.locator('.ripple')).toHaveCount(0);
  await doubleTap(page, 0.15);
  await expect.poll(() => currentTime(page)).toBe(30);
  expect(await ripplesDrawn(page)).toEqual(['ripple forward', 'ripple back']);
});
