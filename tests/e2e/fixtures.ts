import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { MEDIA_CACHE } from '../../src/core/cacheNames.ts';
import { startEpisodeServer, type EpisodeServer, type EpisodeServerOptions } from '../../server/episodeServer.ts';
import { launchChromium } from './chromium.ts';

export const appDir = resolve(import.meta.dirname, '../../dist');

export const titles = {
  small: 'Service workers from first principles',
  other: 'Background Fetch: downloads that survive the tab',
  third: 'Offline video with range requests',
  large: 'The long download (48 MB)',
};

interface Fixtures {
  serverOptions: EpisodeServerOptions;
  server: EpisodeServer;
  context: BrowserContext;
  page: Page;
}

/** Each test: its own real episode server (its own origin, so its own storage) and browser. */
export const test = base.extend<Fixtures>({
  serverOptions: [{}, { option: true }],
  server: async ({ serverOptions }, use) => {
    const server = await startEpisodeServer({ appDir, ...serverOptions });
    await use(server);
    await server.close();
  },
  context: async ({}, use) => {
    const browser = await launchChromium();
    const context = await browser.newContext();
    await use(context);
    await browser.close();
  },
  page: async ({ context, server }, use) => {
    await use(await openApp(context, server.origin));
  },
});

export { expect };

/** Opens the app and waits until its service worker controls the page and the library shows. */
export async function openApp(context: BrowserContext, origin: string, path = '/'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(origin + path);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect(page.getByRole('article').first()).toBeVisible();
  return page;
}

export function episode(page: Page, title: string): Locator {
  return page.getByRole('article', { name: title });
}

export function status(page: Page, title: string): Locator {
  return episode(page, title).getByRole('status');
}

export async function mediaCacheKeys(page: Page): Promise<string[]> {
  return page.evaluate(async (cacheName) => {
    const cache = await caches.open(cacheName);
    return (await cache.keys()).map((request) => request.url);
  }, MEDIA_CACHE);
}

/** Bytes stored for a URL in the media cache (null when absent). */
export async function cachedSize(page: Page, url: string): Promise<number | null> {
  return page.evaluate(
    async ({ cacheName, url }) => {
      const response = await (await caches.open(cacheName)).match(url);
      return response ? (await response.blob()).size : null;
    },
    { cacheName: MEDIA_CACHE, url },
  );
}

/** Plays the open player and checks time advances, then seeks to the middle and checks it plays on. */
export async function expectPlaysAndSeeks(page: Page): Promise<void> {
  const video = page.locator('video');
  await expect(video).toBeVisible();
  await video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise<void>((resolve, reject) => {
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)));
        if (!v.paused && v.readyState >= 3) resolve();
        v.addEventListener('playing', () => resolve(), { once: true });
        void v.play().catch(reject);
      }),
  );
  const start = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(start + 0.5);
  const middle = await video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise<number>((resolve, reject) => {
        const target = v.duration / 2;
        v.addEventListener('seeked', () => resolve(target), { once: true });
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)));
        v.currentTime = target;
      }),
  );
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(middle + 0.5);
}
