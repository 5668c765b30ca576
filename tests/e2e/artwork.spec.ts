import { devices, type Locator } from '@playwright/test';
import { launchChromium } from '../../scripts/shared/chromium.ts';
import { ARTWORK_CACHE } from '../../src/core/cacheNames.ts';
import { episode, expect, openApp, status, test as base, titles } from './fixtures.ts';

/** At the Pixel 7 descriptor: a card's artwork is drawn 7rem wide (styles.css), far narrower than the picture. */
const test = base.extend({
  context: async ({}, use) => {
    const browser = await launchChromium();
    const { defaultBrowserType: _, ...pixel7 } = devices['Pixel 7'];
    const context = await browser.newContext(pixel7);
    await use(context);
    await browser.close();
  },
});

/** What the card's <img> shows once it has loaded: the candidate the browser chose from its srcset, and the device pixels it covers. */
async function drawn(image: Locator): Promise<{ src: string; natural: number; needed: number }> {
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBeGreaterThan(0);
  return image.evaluate((img: HTMLImageElement) => ({ src: img.currentSrc, natural: img.naturalWidth, needed: img.clientWidth * devicePixelRatio }));
}

test('a phone’s card draws the narrowest width that is sharp enough, and once downloaded shows it offline', async ({ context, server, page }) => {
  const image = episode(page, titles.small).locator('img');
  const online = await drawn(image);
  // A narrower copy (server/artworkFiles.ts) with enough pixels for the screen, not the 426 px picture.
  const width = Number(/\/artwork\/ep1-service-workers-(\d+)w\.\w+\.jpg$/.exec(online.src)?.[1]);
  expect(width).toBeGreaterThanOrEqual(online.needed);
  expect(width).toBeLessThan(426);

  await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.small)).toHaveText('Downloaded');
  // Every width the card may draw is kept with the download, whatever the layout picks offline.
  const srcset = await image.getAttribute('srcset');
  const widths = [...(srcset ?? '').matchAll(/(\S+) \d+w/g)].map((match) => match[1]);
  expect(widths.length).toBeGreaterThan(1);
  await expect.poll(() => page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((request) => request.url), ARTWORK_CACHE)).toEqual(expect.arrayContaining(widths));
  await page.close();

  await context.setOffline(true);
  await server.down();
  const offline = await openApp(context, server.origin);
  expect(await drawn(episode(offline, titles.small).locator('img'))).toEqual(online);
});

test('a width the server fails is left out; the artwork and its other widths are still kept with the download', async ({ page }) => {
  const image = episode(page, titles.small).locator('img');
  await drawn(image);
  const absolute = (url: string) => new URL(url, page.url()).href;
  const src = absolute((await image.getAttribute('src'))!);
  const widths = [...((await image.getAttribute('srcset')) ?? '').matchAll(/(\S+) \d+w/g)].map((match) => absolute(match[1]!));
  const broken = widths.find((url) => url !== src)!; // a narrower copy, not the artwork itself
  await page.route((url) => url.href === broken, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.small)).toHaveText('Downloaded');
  const kept = [src, ...widths.filter((url) => url !== broken)];
  expect(kept.length).toBeGreaterThan(2);
  await expect.poll(() => page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((request) => request.url), ARTWORK_CACHE)).toEqual(expect.arrayContaining(kept));
  expect(await page.evaluate(async ({ name, url }) => (await caches.open(name)).match(url), { name: ARTWORK_CACHE, url: broken })).toBeUndefined();
});
