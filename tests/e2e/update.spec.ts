import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestServer } from '../../server/testServer.ts';
import { appDb, downloadRecord, downloadRecordOf, episode, expect, openApp, startAndAwaitBytes, status, test, titles, writeDownloadRecord } from './fixtures.ts';

test.use({ serverOptions: { throttleBytesPerSecond: 2 * 1024 * 1024 } });

test('a new version waits for Reload (playback goes on), then takes over mid-download; the episode ends Downloaded', async ({ server, page }) => {
  test.setTimeout(180_000);
  const nextBuild = await mkdtemp(join(tmpdir(), 'offline-episodes-v2-'));
  try {
    execFileSync(resolve('node_modules/.bin/vite'), ['build', '--outDir', nextBuild, '--emptyOutDir', '--logLevel', 'error'], {
      env: { ...process.env, VITE_APP_BUILD: 'v2' },
    });
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.small)).toHaveText('Downloaded');
    await startAndAwaitBytes(page, titles.large);
    await episode(page, titles.small).getByRole('button', { name: 'Play' }).click();
    const video = page.locator('video');
    await video.evaluate((v: HTMLVideoElement) => new Promise((resolve) => (v.paused ? v.addEventListener('playing', resolve, { once: true }) : resolve(undefined))));
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    server.setAppDir(nextBuild);
    await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
    const banner = page.getByText('A new version is available.');
    await expect(banner).toBeVisible();
    // Nothing reloads by itself: the same document, the episode still playing.
    const playedTo = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => !v.paused && v.currentTime)).toBeGreaterThan(playedTo);
    expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);
    await expect(page.locator('meta[name="app-build"]')).toHaveAttribute('content', 'dev');

    await banner.getByRole('button', { name: 'Reload' }).click();
    await expect(page.locator('meta[name="app-build"]')).toHaveAttribute('content', 'v2');
    await expect(page.getByText('A new version is available.')).toHaveCount(0);
    await expect(status(page, titles.large)).toHaveText('Downloaded', { timeout: 120_000 });
  } finally {
    await rm(nextBuild, { recursive: true, force: true });
  }
});

test('a library saved by the previous schema (v2) opens in this one: its catalog and records are kept, its orphan is settled', async ({ context, server }) => {
  // A document of the app's origin that is not the app, to stage the old database in (the
  // server's own JSON is sandboxed: no storage).
  const staging = await context.newPage();
  await staging.route(`${server.origin}/staging`, (route) => route.fulfill({ contentType: 'text/html', body: '<title>staging</title>' }));
  await staging.goto(`${server.origin}/staging`);
  await staging.evaluate(
    ({ orphan, cancelled, episodes }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('offline-episodes', 2);
        open.onupgradeneeded = () => {
          // Schema v2, as the previous release created it.
          const db = open.result;
          db.createObjectStore('episodes', { keyPath: 'id' });
          db.createObjectStore('downloads', { keyPath: 'episodeId' }).createIndex('byDownloadId', 'downloadId', { unique: true });
          db.createObjectStore('partials', { keyPath: 'episodeId' });
          db.createObjectStore('chunks', { keyPath: ['episodeId', 'offset'] });
        };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['downloads', 'episodes'], 'readwrite');
          tx.objectStore('downloads').put(orphan);
          tx.objectStore('downloads').put(cancelled);
          // v2 kept one record per episode, with its place in the catalog.
          for (const row of episodes) tx.objectStore('episodes').put(row);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
    {
      orphan: downloadRecordOf(server, 'offline-video', titles.third),
      cancelled: downloadRecordOf(server, 'service-workers', titles.small, 'cancelled'),
      // Stored in reverse order, and with titles the server's catalog does not have.
      episodes: [
        { ...episodeOf('offline-video', 'Saved: offline video', server), position: 1 },
        { ...episodeOf('service-workers', 'Saved: service workers', server), position: 0 },
      ],
    },
  );
  await staging.close();

  // The catalog cannot be fetched: what shows is what the old schema saved, in its order.
  server.faults.catalogStatus = 500;
  const page = await openApp(context, server.origin);
  await expect(page.getByRole('article').getByRole('heading')).toHaveText(['Saved: service workers', 'Saved: offline video']);
  await expect(status(page, 'Saved: offline video')).toHaveText('Failed: interrupted');
  await expect(status(page, 'Saved: service workers')).toHaveText('Cancelled');
  await episode(page, 'Saved: offline video').getByRole('button', { name: 'Retry' }).click();
  await expect(status(page, 'Saved: offline video')).toHaveText('Downloaded');
});

test('the test helpers read the app’s database before the app made it without creating it: the app then starts', async ({ context, server }) => {
  const staging = await context.newPage(); // a plain document of the app's origin, as above
  await staging.route(`${server.origin}/staging`, (route) => route.fulfill({ contentType: 'text/html', body: '<title>staging</title>' }));
  await staging.goto(`${server.origin}/staging`);
  expect(await downloadRecord(staging, 'offline-video')).toBeUndefined();
  expect(await appDb<number>(staging, { store: 'chunks', count: true })).toBe(0);
  await expect(writeDownloadRecord(staging, downloadRecordOf(server, 'offline-video', titles.third))).rejects.toThrow(/has not made its database/);
  expect(await staging.evaluate(() => indexedDB.databases())).toEqual([]);
  await staging.close();

  const page = await openApp(context, server.origin);
  await expect(episode(page, titles.third).getByRole('button', { name: 'Download' })).toBeVisible();
  expect(await page.evaluate(() => indexedDB.databases())).toEqual([{ name: 'offline-episodes', version: 4 }]);
});

function episodeOf(id: string, title: string, server: TestServer): Record<string, unknown> {
  return {
    id,
    title,
    description: '',
    durationSeconds: 60,
    bytes: server.mediaSize(id),
    mediaUrl: `${server.origin}/media/${id}`,
    artworkUrl: '',
  };
}

test('a newer schema taking the database does not reload a tab mid-playback: it says so, and reloads when the player closes', async ({ context, server, page }) => {
  await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.small)).toHaveText('Downloaded');
  await episode(page, titles.small).getByRole('button', { name: 'Play' }).click();
  const video = page.locator('video');
  await video.evaluate((v: HTMLVideoElement) => new Promise((resolve) => (v.paused ? v.addEventListener('playing', resolve, { once: true }) : resolve(undefined))));
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));

  // A newer version of the app, in another tab, upgrades the database.
  const newer = await context.newPage();
  await newer.goto(`${server.origin}/icon-192.png`);
  await newer.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('offline-episodes', 99);
        open.onsuccess = () => {
          open.result.close();
          resolve();
        };
        open.onerror = () => reject(open.error);
      }),
  );
  await expect(page.getByText('A newer version of the app changed its saved data')).toBeVisible();
  const playedTo = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => !v.paused && v.currentTime)).toBeGreaterThan(playedTo);
  expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);

  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Close player' }).click();
  await reloaded;
  expect(await page.evaluate(() => 'sameDocument' in window)).toBe(false);
});

test('a chunk that cannot be loaded (an old tab after a deploy) says so with Reload, instead of a Download that does nothing', async ({ server, page }) => {
  const deployed = await mkdtemp(join(tmpdir(), 'offline-episodes-gone-'));
  try {
    await cp(resolve('dist'), deployed, { recursive: true });
    const gone = (await readdir(join(deployed, 'assets'))).find((file) => file.startsWith('housekeeper-') && file.endsWith('.js'))!;
    await rm(join(deployed, 'assets', gone));
    server.setAppDir(deployed);
    // Nor does the worker still hold it (its precache lost it, as after an update).
    await page.evaluate(async (file) => {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) if (request.url.includes(file)) await cache.delete(request);
      }
    }, gone);
    await (await page.context().newCDPSession(page)).send('Network.clearBrowserCache'); // and no HTTP cache has it
    await page.reload();
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    const notice = page.getByRole('alert').filter({ hasText: 'Part of the app could not be loaded' });
    await expect(notice).toBeVisible();
    await expect(notice.getByRole('button', { name: 'Reload' })).toBeVisible();
  } finally {
    await rm(deployed, { recursive: true, force: true });
  }
});
