import type { Locator, Page } from '@playwright/test';
import { CAPTIONS_CACHE } from '../../src/core/cacheNames.ts';
import { demoEpisodes } from '../../server/demoCatalog.ts';
import { seekableMp4 } from '../../server/generatedMedia.ts';
import { appDb, episode, expect, mediaCacheKeys, openApp, pauseAt, playing, status, test, titles } from './fixtures.ts';

const player = (page: Page) => page.getByRole('region', { name: /./ }).filter({ has: page.locator('video') });
const video = (page: Page) => page.locator('video');

const currentTime = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => v.currentTime);
/** Where playback began: the start of the first range the element actually played. */
const playedFrom = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => (v.played.length ? v.played.start(0) : -1));

/** The position saved in IndexedDB for an episode (what a reload or a restart resumes from). */
async function savedPosition(page: Page, episodeId: string): Promise<number | undefined> {
  return (await appDb<{ positionSeconds: number }>(page, { store: 'playback', get: episodeId }))?.positionSeconds;
}

/** The bar a player becomes when its route is left while it plays. */
const miniPlayer = (page: Page) => page.locator('.player.mini');

/** Opens the player's settings sheet (speed, captions) and resolves with it. */
async function openSettings(page: Page): Promise<Locator> {
  await player(page).getByRole('button', { name: 'Settings' }).click();
  const sheet = page.getByRole('dialog', { name: 'Settings' });
  await expect(sheet).toBeVisible();
  return sheet;
}

function playButton(page: Page, title: string): Locator {
  return episode(page, title).getByRole('button', { name: /^Play( from \d|$)/ });
}

async function download(page: Page, title: string): Promise<void> {
  await episode(page, title).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, title)).toHaveText('Downloaded');
}

test.describe('streaming a large episode', () => {
  const title = 'Two minutes of test card (H.264, ~22 MB)';
  test.use({
    serverOptions: async ({}, use) => {
      const path = await seekableMp4(120);
      await use({
        episodes: [
          { id: 'test-card', title, description: 'Seekable H.264/AAC.', durationSeconds: 120, file: 'ep1-service-workers.webm', path },
          ...demoEpisodes,
        ],
      });
    },
  });

  test('online, an episode that is not downloaded streams: ranges through the signed redirect, every seek too, nothing stored', { tag: ['@spine', '@node-cdn'] }, async ({ server, page }) => {
    await playButton(page, title).click();
    await expect(player(page)).toBeVisible();
    await playing(page);
    await expect.poll(() => currentTime(page)).toBeGreaterThan(0.3);
    const before = server.mediaRequests.length;
    await pauseAt(page, 110); // far past anything buffered: needs a new range
    await playing(page);
    await expect.poll(() => currentTime(page)).toBeGreaterThan(110.3);

    const afterSeek = server.mediaRequests.slice(before);
    // The element asks the canonical URL again (the worker hid the redirect), which signs afresh.
    const canonical = afterSeek.find((request) => request.path === '/media/test-card');
    expect(canonical?.range).toMatch(/^bytes=[1-9]\d*-/);
    expect(canonical?.status).toBe(302);
    const fromCdn = afterSeek.find((request) => request.path === '/cdn/test-card' && request.status === 206);
    expect(Number(/^bytes=(\d+)-/.exec(fromCdn?.range ?? '')?.[1])).toBeGreaterThan(server.mediaSize('test-card') / 2);
    expect(await mediaCacheKeys(page)).toEqual([]);
    await expect(status(page, title)).toHaveText('');
    await expect(episode(page, title).getByRole('button', { name: 'Download' })).toBeVisible();
  });

  test('closing a streaming player stops its download: no data spent on what nobody watches', async ({ server, page }) => {
    // Slow enough that the 22 MB would still be arriving for a minute after Close.
    server.faults.throttleBytesPerSecond = 400 * 1024;
    await playButton(page, title).click();
    await playing(page);
    expect(server.openMediaBodies()).toBeGreaterThan(0);
    // Close while it plays: the mini-player goes on with it. Its own Close stops it.
    await player(page).getByRole('button', { name: 'Close player' }).click();
    await expect(miniPlayer(page)).toBeVisible();
    await miniPlayer(page).getByRole('button', { name: 'Close player' }).click();
    await expect(player(page)).toHaveCount(0);
    // Left to itself, Chromium stops a removed element's stream only once its buffer is full,
    // holding a connection the next Play needs; the player ends it on Close.
    await expect.poll(() => server.openMediaBodies(), { timeout: 5_000 }).toBe(0);
  });
});

test('offline, an episode that is not downloaded has no Play and says so; a downloaded one plays', async ({ context, server, page }) => {
  await download(page, titles.small);
  await context.setOffline(true);
  await server.down();
  await expect(status(page, titles.third)).toHaveText('Not downloaded');
  await expect(episode(page, titles.third).getByRole('button', { name: /^Play/ })).toHaveCount(0);
  await playButton(page, titles.small).click();
  await playing(page);
});

test('resume: the position is kept through a delete, a reload and going offline, and Play starts within 1 s of it', async ({ context, server, page }) => {
  await download(page, titles.small);
  await playButton(page, titles.small).click();
  await playing(page);
  await pauseAt(page, 12); // paused at 12 s: saved on pause and on seek
  await expect.poll(() => savedPosition(page, 'service-workers')).toBe(12);
  await page.getByRole('button', { name: 'Close player' }).click();
  await expect(video(page)).toHaveCount(0);
  await expect(playButton(page, titles.small)).toHaveText('Play from 0:12');
  await expect(episode(page, titles.small)).toContainText('0:08 left');

  // Delete keeps the position; downloading again, it is still there.
  await episode(page, titles.small).getByRole('button', { name: 'Delete' }).click();
  await expect(playButton(page, titles.small)).toHaveText('Play from 0:12');
  await download(page, titles.small);

  await context.setOffline(true);
  await server.down();
  await page.reload();
  await expect(playButton(page, titles.small)).toHaveText('Play from 0:12');
  await playButton(page, titles.small).click();
  await playing(page);
  expect(Math.abs((await playedFrom(page)) - 12)).toBeLessThan(1);

  await page.keyboard.press('Escape');
  await episode(page, titles.small).getByRole('button', { name: 'Play from start' }).click();
  await playing(page);
  expect(await playedFrom(page)).toBeLessThan(1);
});

test('the player is a route: a link opens it, a reload reopens it at the saved position, Back closes it', async ({ context, server }) => {
  const page = await openApp(context, server.origin, '/#play/offline-video');
  await expect(page.getByRole('heading', { name: titles.third, level: 2 }).first()).toBeVisible();
  await playing(page);
  await pauseAt(page, 7);
  await expect.poll(() => savedPosition(page, 'offline-video')).toBe(7);
  await page.reload();
  await playing(page);
  expect(Math.abs((await playedFrom(page)) - 7)).toBeLessThan(1);

  await page.goto(`${server.origin}/#`);
  await playButton(page, titles.other).click();
  await expect(page).toHaveURL(/#play\/background-fetch$/);
  await playing(page);
  // Back while it plays: the episode goes on in the mini-player; focus is back on its card.
  await page.goBack();
  await expect(miniPlayer(page)).toBeVisible();
  await expect(episode(page, titles.other).getByRole('heading')).toBeFocused();
  await expect(page).not.toHaveURL(/#play/);
  await miniPlayer(page).getByRole('button', { name: 'Close player' }).click();
  await expect(video(page)).toHaveCount(0);
});

test('speed is remembered: set on one episode, it applies to another after a reload', async ({ page }) => {
  await playButton(page, titles.small).click();
  await playing(page);
  await (await openSettings(page)).getByRole('combobox', { name: 'Speed' }).selectOption('1.5');
  await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(1.5);
  await page.reload();
  await page.getByRole('button', { name: 'Close player' }).click();
  await playButton(page, titles.third).click();
  await playing(page);
  expect(await video(page).evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(1.5);
  await expect((await openSettings(page)).getByRole('combobox', { name: 'Speed' })).toHaveValue('1.5');
});

test('captions are stored with the download, show offline in the language chosen, and go with the episode', async ({ context, server, page }) => {
  await download(page, titles.small);
  await expect.poll(() => [...server.captionRequests].sort()).toEqual([
    '/captions/ep1-service-workers.en.vtt',
    '/captions/ep1-service-workers.es.vtt',
  ]);
  await context.setOffline(true);
  await server.down();
  await page.reload();
  await playButton(page, titles.small).click();
  await playing(page);
  await (await openSettings(page)).getByRole('combobox', { name: 'Captions' }).selectOption('Español');
  await page.keyboard.press('Escape'); // closes the sheet, not the player
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();
  await expect(video(page)).toHaveCount(1);
  const showing = () =>
    video(page).evaluate((v: HTMLVideoElement) =>
      Array.from(v.textTracks)
        .filter((track) => track.mode === 'showing')
        .map((track) => ({ language: track.language, cues: track.cues?.length ?? 0 })),
    );
  await expect.poll(showing).toEqual([{ language: 'es', cues: 5 }]);

  // The choice is remembered (offline, after a reload).
  await page.reload();
  await playing(page);
  await expect.poll(showing).toEqual([{ language: 'es', cues: 5 }]);
  await page.keyboard.press('c');
  await expect.poll(showing).toEqual([]);

  await context.setOffline(false);
  await server.up();
  await page.keyboard.press('Escape');
  await episode(page, titles.small).getByRole('button', { name: 'Delete' }).click();
  await expect(episode(page, titles.small).getByRole('button', { name: 'Download' })).toBeVisible();
  // The record goes first (the card says so at once), then its copy and captions.
  await expect.poll(() => page.evaluate(async (name) => (await (await caches.open(name)).keys()).length, CAPTIONS_CACHE)).toBe(0);
});

test('the lock screen knows what plays: Media Session metadata and playback state', async ({ page }) => {
  await playButton(page, titles.other).click();
  await playing(page);
  const session = () =>
    page.evaluate(() => ({
      title: navigator.mediaSession.metadata?.title,
      artist: navigator.mediaSession.metadata?.artist,
      artwork: navigator.mediaSession.metadata?.artwork.map((image) => new URL(image.src).pathname),
      state: navigator.mediaSession.playbackState,
    }));
  await expect.poll(session).toEqual({
    title: titles.other,
    artist: 'Offline Episodes',
    artwork: [expect.stringMatching(/^\/artwork\/ep2-background-fetch\.\w{10}\.jpg$/)], // its hashed name (server/artworkFiles.ts)
    state: 'playing',
  });
  await page.keyboard.press('k');
  await expect.poll(async () => (await session()).state).toBe('paused');
  await page.getByRole('button', { name: 'Close player' }).click();
  await expect.poll(session).toMatchObject({ title: undefined, state: 'none' });
});

test('keyboard: play/pause, seeking, speed, mute, captions, fullscreen and Escape', async ({ page }) => {
  await playButton(page, titles.small).click();
  await playing(page);
  await page.keyboard.press('k');
  await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
  await page.keyboard.press(' ');
  await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.paused)).toBe(false);
  await pauseAt(page, 5);
  const after = async (key: string) => {
    await page.keyboard.press(key);
    await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.seeking)).toBe(false);
    return currentTime(page);
  };
  expect(await after('l')).toBeCloseTo(15, 1);
  expect(await after('j')).toBeCloseTo(5, 1);
  expect(await after('ArrowRight')).toBeCloseTo(10, 1);
  expect(await after('ArrowLeft')).toBeCloseTo(5, 1);

  const rate = () => video(page).evaluate((v: HTMLVideoElement) => v.playbackRate);
  await page.keyboard.press('Shift+Period');
  await expect.poll(rate).toBe(1.25);
  await page.keyboard.press('Shift+Comma');
  await page.keyboard.press('Shift+Comma');
  await expect.poll(rate).toBe(0.75);

  await page.keyboard.press('m');
  await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);
  await page.keyboard.press('c');
  await expect(page.getByRole('status').filter({ hasText: 'Captions: English' })).toHaveCount(1);
  await expect((await openSettings(page)).getByRole('combobox', { name: 'Captions' })).toHaveValue('en');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement?.className)).toBe('stage');
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();

  // Escape stops and closes, even while it plays: no mini-player.
  await page.keyboard.press('k');
  await playing(page);
  await page.keyboard.press('Escape');
  await expect(video(page)).toHaveCount(0);
  await expect(episode(page, titles.small).getByRole('heading')).toBeFocused();
});

test('up next: when an episode ends, the next one starts after a 10 s countdown; Cancel stops it', async ({ context, server }) => {
  await context.clock.install(); // time flows as usual; a test can jump it (the countdown)
  const page = await openApp(context, server.origin);
  await playButton(page, titles.small).click();
  await playing(page);
  await pauseAt(page, 19.5);
  await playing(page);
  const upNext = page.getByRole('group', { name: /Up next/ });
  await expect(upNext).toContainText(titles.other);
  await expect(episode(page, titles.small)).toContainText('Watched');
  await page.clock.runFor(11_000);
  await expect(page).toHaveURL(/#play\/background-fetch$/);
  await expect(page.getByRole('heading', { name: titles.other, level: 2 }).first()).toBeVisible();

  await playing(page);
  await pauseAt(page, 19.5);
  await playing(page);
  await expect(upNext).toContainText(titles.third);
  // Every navigation from here on, as the page starts it (history and hash alike) and as Playwright sees it.
  const navigated: string[] = [];
  page.on('framenavigated', (frame) => navigated.push(frame.url()));
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { navigationsSeen: seen });
    navigation.addEventListener('navigate', (event) => seen.push(event.destination.url));
  });
  await upNext.getByRole('button', { name: 'Cancel' }).click();
  await expect(upNext).toHaveCount(0);
  // Past the countdown and any timer, frame or idle work that would follow it.
  await page.clock.runFor(15_000);
  await page.clock.runFor(1_000);
  expect(await page.evaluate(() => (window as unknown as { navigationsSeen: string[] }).navigationsSeen)).toEqual([]);
  expect(navigated).toEqual([]);
  await expect(page).toHaveURL(/#play\/background-fetch$/);
  await expect(page.getByRole('heading', { name: titles.other, level: 2 }).first()).toBeVisible();
});

test('without requestIdleCallback (Safari): the player opens from a card, writes its history entry, and Back closes it', async ({ page }) => {
  await page.addInitScript(() => {
    delete (window as Partial<Window>).requestIdleCallback;
    delete (window as Partial<Window>).cancelIdleCallback;
  });
  await page.reload();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  expect(await page.evaluate(() => 'requestIdleCallback' in window)).toBe(false);
  await playButton(page, titles.other).click();
  await playing(page);
  await expect(page).toHaveURL(/#play\/background-fetch$/);
  await page.goBack();
  await expect(miniPlayer(page)).toBeVisible(); // still playing
  await expect(page).not.toHaveURL(/#play/);
  expect(errors).toEqual([]);
});
