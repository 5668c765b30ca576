import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EpisodeServer } from '../../server/episodeServer.ts';
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

function episodeOf(id: string, title: string, server: EpisodeServer): Record<string, unknown> {
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
