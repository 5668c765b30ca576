import { setTimeout as outage } from 'node:timers/promises';
import {
  backgroundFetchIds,
  cachedSha256,
  downloadRecord,
  downloadRecordOf,
  episode,
  expect,
  fileSha256,
  mediaCacheKeys,
  openApp,
  startAndAwaitBytes,
  status,
  test,
  titles,
  watchStatus,
  writeDownloadRecord,
} from './fixtures.ts';

const large = 'long-download';

test.describe('with media paced to 4 MB/s', () => {
  test.use({ serverOptions: { throttleBytesPerSecond: 4 * 1024 * 1024 } });

  test('Cancel leaves nothing cached; Download again completes; Delete frees it', async ({ server, page }) => {
    await startAndAwaitBytes(page, titles.large);
    await episode(page, titles.large).getByRole('button', { name: 'Cancel' }).click();
    await expect(status(page, titles.large)).toHaveText('Cancelled');
    expect(await mediaCacheKeys(page)).toEqual([]);
    expect(await backgroundFetchIds(page)).toEqual([]);

    server.faults.throttleBytesPerSecond = 0;
    await episode(page, titles.large).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.large)).toHaveText('Downloaded');
    expect(await cachedSha256(page, `${server.origin}/media/${large}`)).toBe(await fileSha256(server.mediaPath(large)));

    await episode(page, titles.large).getByRole('button', { name: 'Delete' }).click();
    await expect(episode(page, titles.large).getByRole('button', { name: 'Download' })).toBeVisible();
    // The record goes first, its bytes a moment later.
    await expect.poll(() => mediaCacheKeys(page)).toEqual([]);
    expect(await downloadRecord(page, large)).toBeUndefined();
  });

  test('a reload mid-download reattaches progress, and the same download completes (not restarted from 0)', async ({ server, page }) => {
    const running = await startAndAwaitBytes(page, titles.large);
    await page.reload();
    // Chromium stalls a fetch whose starting tab reloads (docs/background-fetch-in-chromium.md):
    // the bar stays, and waits.
    await expect(episode(page, titles.large).getByRole('progressbar')).toBeVisible();
    await expect(status(page, titles.large)).toHaveText(/Downloading [1-9]\d?%|Waiting for network|Starting/);
    await expect(status(page, titles.large)).toHaveText(/Downloading [1-9]\d?%/, { timeout: 60_000 });
    await expect(status(page, titles.large)).toHaveText('Downloaded', { timeout: 60_000 });
    // The attempt that finished is the one started before the reload, and no request began again at byte 0.
    expect(await downloadRecord(page, large)).toMatchObject({ downloadId: running.downloadId, state: 'downloaded' });
    const fromZero = server.mediaRequests.filter((request) => request.path === `/cdn/${large}` && !/^bytes=[1-9]/.test(request.range ?? ''));
    expect(fromZero).toHaveLength(1);
    expect(await cachedSha256(page, `${server.origin}/media/${large}`)).toBe(await fileSha256(server.mediaPath(large)));
  });

  test('two tabs pressing Download make one background fetch, and both follow it', async ({ context, server, page }) => {
    const second = await openApp(context, server.origin);
    // Both buttons are taken while both say Download, then pressed together: whichever tab
    // learns of the other's download first, each press is a real Download press.
    const buttons = await Promise.all(
      [page, second].map((tab) => episode(tab, titles.large).getByRole('button', { name: 'Download' }).elementHandle()),
    );
    await Promise.all(buttons.map((button) => button!.evaluate((element: HTMLButtonElement) => element.click())));
    await expect(status(page, titles.large)).toHaveText(/Downloading [1-9]/);
    await expect(status(second, titles.large)).toHaveText(/Downloading [1-9]/);
    expect(await backgroundFetchIds(page)).toHaveLength(1);
    await expect(status(page, titles.large)).toHaveText('Downloaded', { timeout: 60_000 });
    await expect(status(second, titles.large)).toHaveText('Downloaded');
    expect(server.mediaRequests.filter((request) => request.path === `/media/${large}`)).toHaveLength(1);
  });

  test('a late success for an id already marked interrupted still lands as Downloaded', async ({ context, server, page }) => {
    const keepAlive = await context.newPage();
    await startAndAwaitBytes(page, titles.large);
    const record = await downloadRecord(page, large);
    await page.close();
    // As reconciliation would after the id left getIds() but before the success handler ran.
    const writer = await context.newPage();
    await writer.goto(`${server.origin}/artwork/ep1-service-workers.jpg`);
    await writeDownloadRecord(writer, { ...record, state: 'failed', failure: { reason: 'interrupted' } });
    await writer.close();
    await server.mediaFinished(large);
    const again = await openApp(context, server.origin);
    await expect(status(again, titles.large)).toHaveText('Downloaded');
    await keepAlive.close();
  });

  test('the server going down mid-download waits (never Failed), then completes byte-identical', { tag: '@spine' }, async ({ server, page }) => {
    test.setTimeout(180_000);
    await startAndAwaitBytes(page, titles.large);
    const shown = await watchStatus(page, titles.large);
    await server.down();
    // Chromium reports a body cut off by a dropped connection as bad-status 200: the page
    // retries it, and says so, until the server is back (docs/background-fetch-in-chromium.md).
    await expect(status(page, titles.large)).toHaveText(/Waiting for network|Interrupted — retrying/);
    await outage(15_000); // the outage itself: what matters is what the viewer saw during it
    await server.up();
    await expect(status(page, titles.large)).toHaveText('Downloaded', { timeout: 120_000 });
    expect((await shown()).filter((text) => /Failed/.test(text))).toEqual([]);
    expect(await cachedSha256(page, `${server.origin}/media/${large}`)).toBe(await fileSha256(server.mediaPath(large)));
  });
});

test('an orphan (downloading, no fetch, nothing cached) shows Failed: interrupted, and Retry completes it', async ({ context, server, page }) => {
  await writeDownloadRecord(page, downloadRecordOf(server, 'offline-video', titles.third));
  await page.close();
  const again = await openApp(context, server.origin);
  await expect(status(again, titles.third)).toHaveText('Failed: interrupted');
  await episode(again, titles.third).getByRole('button', { name: 'Retry' }).click();
  await expect(status(again, titles.third)).toHaveText('Downloaded');
});

test('a record whose start is in progress in another tab is left to that tab, not judged an orphan', async ({ context, server, page }) => {
  // This tab is "between writing the record and fetch() returning": it holds the start lock.
  await page.evaluate(
    (name) =>
      new Promise<void>((locked) => {
        void navigator.locks.request(name, () => {
          locked();
          return new Promise<void>((release) => Object.assign(window, { releaseStart: release }));
        });
      }),
    'offline-episodes:start:offline-video',
  );
  await writeDownloadRecord(page, downloadRecordOf(server, 'offline-video', titles.third));
  const reconciled = (tab: typeof page) =>
    tab.waitForFunction(() => performance.getEntriesByName('offline-episodes:reconcile').length > 0);

  const other = await openApp(context, server.origin);
  await reconciled(other);
  await expect(status(other, titles.third)).toHaveText('Starting…');

  // The start ends without a fetch (say the tab was closed): now it is an orphan.
  await page.evaluate(() => (window as unknown as { releaseStart(): void }).releaseStart());
  await other.reload();
  await reconciled(other);
  await expect(status(other, titles.third)).toHaveText('Failed: interrupted');
});

test('a 403 ends Failed with the status, and Retry works once the server allows it', { tag: '@spine' }, async ({ server, page }) => {
  server.faults.mediaStatus = 403;
  await episode(page, titles.third).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.third)).toHaveText('Failed: the server refused access to the episode (HTTP 403)');
  server.faults.mediaStatus = undefined;
  await episode(page, titles.third).getByRole('button', { name: 'Retry' }).click();
  await expect(status(page, titles.third)).toHaveText('Downloaded');
});

test('the server down when the download starts: retried automatically once it is back', async ({ server, page }) => {
  test.setTimeout(180_000);
  await server.down();
  await episode(page, titles.third).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.third)).toHaveText(/Waiting for network|Starting/);
  await outage(15_000);
  await server.up();
  await expect(status(page, titles.third)).toHaveText('Downloaded', { timeout: 120_000 });
  expect(await cachedSha256(page, `${server.origin}/media/offline-video`)).toBe(await fileSha256(server.mediaPath('offline-video')));
});

test.describe('signed URLs that expire during the download', () => {
  test.use({ serverOptions: { throttleBytesPerSecond: 4 * 1024 * 1024, signedUrlTtlSeconds: 2 } });

  test('an outage past the signature: the retry asks the canonical URL again, gets a fresh one, completes', { tag: '@spine' }, async ({ server, page }) => {
    test.setTimeout(180_000);
    await startAndAwaitBytes(page, titles.large);
    await server.down();
    await outage(15_000);
    await server.up();
    await expect(status(page, titles.large)).toHaveText('Downloaded', { timeout: 120_000 });
    expect(server.mediaRequests.filter((request) => request.path === `/media/${large}`).length).toBeGreaterThan(1);
    expect(await cachedSha256(page, `${server.origin}/media/${large}`)).toBe(await fileSha256(server.mediaPath(large)));
  });
});
