import type { Locator, Page } from '@playwright/test';
import { downloadRecord, episode, expect, playing, status, test, titles } from './fixtures.ts';

// The demo in three renditions (360p, 720p, 1080p H.264) beside each episode's own file: ffmpeg
// makes them once per machine (server/renditions.ts).
test.use({ serverOptions: { renditions: true } });

interface CatalogSource {
  url: string;
  type: string;
  height: number;
  size: number;
  label: string;
}

const video = (page: Page) => page.locator('video');
const played = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => ({ time: v.currentTime, height: v.videoHeight, paused: v.paused, rate: v.playbackRate }));

async function sourcesOf(page: Page, origin: string, episodeId: string): Promise<CatalogSource[]> {
  const catalog = (await (await page.request.get(`${origin}/api/catalog.json`)).json()) as { episodes: { id: string; sources?: CatalogSource[] }[] };
  return catalog.episodes.find((entry) => entry.id === episodeId)?.sources ?? [];
}

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const sheet = page.getByRole('dialog', { name: 'Settings' });
  await expect(sheet).toBeVisible();
  return sheet;
}

/** The server's media requests for one file (the canonical /media/<name> and its signed /cdn/<name>). */
const requestsFor = (paths: string[], url: string) => paths.filter((path) => path.endsWith(`/${url.split('/').pop()}`));

test('with saveData a stream starts on the smallest source; Quality → 720p mid-play keeps the position, playing, speed and captions', async ({ context, server, page }) => {
  // Chromium's own Data Saver switch (what navigator.connection.saveData reports), through the DevTools protocol.
  await (await context.newCDPSession(page)).send('Emulation.setDataSaverOverride', { dataSaverEnabled: true });
  expect(await page.evaluate(() => (navigator as Navigator & { connection?: { saveData: boolean } }).connection?.saveData)).toBe(true);
  const sources = await sourcesOf(page, server.origin, 'service-workers');
  expect(sources.map((source) => source.height).sort((a, b) => a - b)).toEqual([240, 360, 720, 1080]);
  // Of those MediaCapabilities vouches for: the episode's own WebM says `vp9`, a codec name
  // Chromium's MediaCapabilities calls ambiguous, so it counts as not smooth and the H.264 ones win.
  const smallest = sources.filter((source) => source.type.includes('avc1')).reduce((a, b) => (b.size < a.size ? b : a));
  const hd = sources.find((source) => source.height === 720);
  if (!hd) throw new Error('no 720p source');

  await episode(page, titles.small).getByRole('button', { name: /^Play/ }).click();
  await playing(page);
  expect((await played(page)).height).toBe(smallest.height);
  const paths = () => server.mediaRequests.map((request) => request.path);
  expect(requestsFor(paths(), smallest.url).length).toBeGreaterThan(0);
  // Only the smallest was asked for: no other rendition's bytes were spent.
  expect(sources.filter((source) => source !== smallest).flatMap((source) => requestsFor(paths(), source.url))).toEqual([]);

  const sheet = await openSettings(page);
  const quality = sheet.getByRole('combobox', { name: 'Quality' });
  await expect(quality.locator('option')).toHaveText([`Auto (${smallest.label})`, '1080p', '720p', '360p', '240p']);
  await expect(quality).toHaveValue('');
  await sheet.getByRole('combobox', { name: 'Speed' }).selectOption('1.5');
  await sheet.getByRole('combobox', { name: 'Captions' }).selectOption('English');
  await expect.poll(async () => (await played(page)).time).toBeGreaterThan(2);

  // Where the switch restores to: the position the element had as Quality changed, then its seek.
  // The listeners are in place before the choice (an evaluate left pending could run after it).
  await video(page).evaluate((v: HTMLVideoElement) => {
    (window as unknown as { switched: Promise<{ before: number; after: number }> }).switched = new Promise((resolve) => {
      v.addEventListener('emptied', () => {
        const before = lastTime;
        v.addEventListener('seeked', () => resolve({ before, after: v.currentTime }), { once: true });
      }, { once: true });
    });
    // The position as the old source last reported it (at 'emptied' the element is already at 0).
    let lastTime = v.currentTime;
    v.addEventListener('timeupdate', () => v.currentTime > 0 && (lastTime = v.currentTime));
  });
  await quality.selectOption('720p');
  const { before, after } = await page.evaluate(() => (window as unknown as { switched: Promise<{ before: number; after: number }> }).switched);
  expect(Math.abs(after - before)).toBeLessThan(1);
  await playing(page);
  await expect.poll(async () => (await played(page)).time).toBeGreaterThan(after + 0.3);
  const now = await played(page);
  expect(now).toMatchObject({ height: 720, paused: false, rate: 1.5 });
  expect(requestsFor(paths(), hd.url).length).toBeGreaterThan(0);
  expect(await video(page).evaluate((v: HTMLVideoElement) => Array.from(v.textTracks, (track) => `${track.language}:${track.mode}`))).toContain('en:showing');
  await expect(quality).toHaveValue(/720p\.mp4$/);
});

test('a downloaded episode plays what is stored: Quality offers only that, and no rendition is streamed', async ({ server, page }) => {
  await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.small)).toHaveText('Downloaded · 720p');
  const before = server.mediaRequests.length;
  await episode(page, titles.small).getByRole('button', { name: /^Play/ }).click();
  await playing(page);
  expect(server.mediaRequests.slice(before)).toEqual([]);
  // Standard's choice (the Downloads setting's default): 720p.
  const { mediaUrl } = (await downloadRecord(page, 'service-workers')) as { mediaUrl: string };
  const stored = (await sourcesOf(page, server.origin, 'service-workers')).find((source) => new URL(source.url, server.origin).href === mediaUrl);
  expect(stored?.height).toBe(720);
  expect((await played(page)).height).toBe(stored?.height);
  const quality = (await openSettings(page)).getByRole('combobox', { name: 'Quality' });
  await expect(quality.locator('option')).toHaveText([stored?.label ?? '']);
});
