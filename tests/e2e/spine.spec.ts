import type { BrowserContext } from '@playwright/test';
import {
  appDb,
  cachedSize,
  expectPlaysAndSeeks,
  expectSeekAnsweredByWorker,
  episode,
  expect,
  mediaCacheKeys,
  openApp,
  recordMediaAnswers,
  startAndAwaitBytes,
  status,
  test,
  testCardTitle,
  titles,
  withTestCard,
} from './fixtures.ts';

test.describe('downloads with the tab closed, and offline playback', () => {
  test.use({ serverOptions: { throttleBytesPerSecond: 12 * 1024 * 1024 } });

  test('a download finishes with no app page open (only about:blank), then the app says Downloaded and plays it offline', { tag: '@spine' }, async ({ context, server, page }) => {
    test.setTimeout(180_000);
    const blank = await context.newPage(); // a fetch that has not begun waits until some tab exists
    await startAndAwaitBytes(page, titles.large);
    await expect(episode(page, titles.large).getByRole('progressbar', { name: `Download progress for ${titles.large}` })).toBeVisible();
    await page.close();
    expect(context.pages().map((open) => open.url())).toEqual(['about:blank']);

    await server.mediaFinished('long-download');
    // The worker alone stores it: the record says Downloaded before any app page exists to help.
    await expect.poll(() => stateSeenByWorker(context, server.origin, 'long-download'), { timeout: 60_000 }).toBe('downloaded');
    expect(context.pages().map((open) => open.url())).toEqual(['about:blank']);

    // The bytes came from where the canonical URL sent them: the CDN's origin in the cdn project.
    const bodies = server.mediaRequests.filter((request) => request.status === 200 || request.status === 206);
    expect(bodies.length).toBeGreaterThan(0);
    expect(new Set(bodies.map((request) => `${request.origin}${request.path}`))).toEqual(new Set([`${server.cdnOrigin}/cdn/long-download`]));

    await context.setOffline(true);
    await server.down();
    const again = await openApp(context, server.origin);
    await expect(status(again, titles.large)).toHaveText('Downloaded');
    const canonical = `${server.origin}/media/long-download`;
    expect(await mediaCacheKeys(again)).toEqual([canonical]);
    expect(await cachedSize(again, canonical)).toBe(server.mediaSize('long-download'));
    await episode(again, titles.large).getByRole('button', { name: 'Play' }).click();
    await expectPlaysAndSeeks(again);
    await blank.close();
  });
});

/** The episode's record state as the running service worker reads it (no page of the app needed). */
async function stateSeenByWorker(context: BrowserContext, origin: string, episodeId: string): Promise<string> {
  const worker = context.serviceWorkers().find((running) => running.url().startsWith(origin));
  if (!worker) return 'no worker running';
  const record = await appDb<{ state: string }>(worker, { store: 'downloads', get: episodeId }).catch((error: unknown) => ({ state: String(error) }));
  return record?.state ?? 'no record';
}

test.describe('offline playback', () => {
  test.use({ serverOptions: withTestCard });

  test('a downloaded episode plays and seeks offline (the seek a range the worker answers), library and artwork included', { tag: '@spine' }, async ({ context, server, page }) => {
    test.setTimeout(120_000);
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.small)).toHaveText('Downloaded');
    await episode(page, testCardTitle).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, testCardTitle)).toHaveText('Downloaded', { timeout: 60_000 });
    await page.close();

    // Offline twice over: the page's network is cut, and the server is gone (the worker's update
    // check of sw.js is the browser's own request, which setOffline does not stop).
    await context.setOffline(true);
    await server.down();
    const offline = await openApp(context, server.origin);
    await expect(offline.getByRole('article')).toHaveCount(5);
    await expect
      .poll(() => episode(offline, titles.small).locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    const answered = recordMediaAnswers(offline, 'test-card');
    await episode(offline, testCardTitle).getByRole('button', { name: 'Play' }).click();
    await expectSeekAnsweredByWorker(offline, answered, server.mediaSize('test-card'));
  });
});

test.describe('signed, expiring CDN URLs', () => {
  test.use({ serverOptions: { signedUrlTtlSeconds: 1 } });

  test('the cache is keyed on the canonical URL and plays after the signature expired', { tag: '@spine' }, async ({ server, page }) => {
    await episode(page, titles.other).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.other)).toHaveText('Downloaded');
    expect(await mediaCacheKeys(page)).toEqual([`${server.origin}/media/background-fetch`]);

    const signed = server.mediaRequests.find((request) => request.path.startsWith('/cdn/'));
    expect(signed?.url).toBeDefined();
    await expect.poll(async () => (await fetch(server.cdnOrigin + signed!.url)).status, { timeout: 10_000 }).toBe(403);

    const cdnRequestsBefore = server.mediaRequests.length;
    await episode(page, titles.other).getByRole('button', { name: 'Play' }).click();
    await expectPlaysAndSeeks(page);
    expect(server.mediaRequests.length).toBe(cdnRequestsBefore);
  });
});

test('a 404 ends Failed with the status and Retry; the rest of the library is intact', { tag: '@spine' }, async ({ server, page }) => {
  await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.small)).toHaveText('Downloaded');

  server.faults.mediaStatus = 404;
  await episode(page, titles.third).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.third)).toHaveText('Failed: the episode is no longer on the server (HTTP 404)');
  await expect(episode(page, titles.third).getByRole('button', { name: 'Retry' })).toBeVisible();

  await expect(status(page, titles.small)).toHaveText('Downloaded');
  expect(await mediaCacheKeys(page)).toEqual([`${server.origin}/media/service-workers`]);
  await episode(page, titles.small).getByRole('button', { name: 'Play' }).click();
  await expectPlaysAndSeeks(page);
});

test('a 500 ends Failed with the status once Chromium stops retrying', { tag: '@spine' }, async ({ server, page }) => {
  test.setTimeout(240_000);
  server.faults.mediaStatus = 500;
  await episode(page, titles.third).getByRole('button', { name: 'Download' }).click();
  // Chromium retries a 5xx by itself for about 100 s before it reports the failure
  // (docs/background-fetch-in-chromium.md).
  await expect(status(page, titles.third)).toHaveText('Failed: the server had a problem (HTTP 500)', { timeout: 200_000 });
  await expect(episode(page, titles.third).getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(episode(page, titles.small).getByRole('button', { name: 'Download' })).toBeEnabled();
});
