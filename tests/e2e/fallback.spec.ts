import type { Page } from '@playwright/test';
import {
  backgroundFetchIds,
  cachedSha256,
  episode,
  expect,
  appDb,
  expectPlaysAndSeeks,
  fileSha256,
  mediaCacheKeys,
  openApp,
  status,
  test,
  titles,
} from './fixtures.ts';

const MB = 1024 * 1024;

/** Pages as Safari or Firefox see them: no backgroundFetch, so downloads stream in the tab. */
test.use({ hideBackgroundFetch: true, serverOptions: { throttleBytesPerSecond: 8 * MB } });

/** Where each ranged media request started (bytes=N-), in order. */
function rangeStarts(requests: { path: string; range?: string; status: number }[]): number[] {
  return requests
    .filter((request) => request.path === '/cdn/long-download' && request.range)
    .map((request) => Number(/^bytes=(\d+)-$/.exec(request.range ?? '')?.[1]));
}

async function expectDownloadedExactly(page: Page, origin: string, mediaPath: string): Promise<void> {
  const canonical = `${origin}/media/long-download`;
  expect(await mediaCacheKeys(page)).toEqual([canonical]);
  expect(await cachedSha256(page, canonical)).toBe(await fileSha256(mediaPath));
}

test('a lost connection mid-way resumes from the bytes stored, ends byte-identical and plays offline', { tag: ['@fallback', '@node-cdn'] }, async ({ context, server, page }) => {
  await expect(page.getByText('This browser cannot download in the background')).toBeVisible();
  server.faults.body['long-download'] = { cutAt: 20 * MB };
  await episode(page, titles.large).getByRole('button', { name: 'Download' }).click();
  await expect(episode(page, titles.large).getByText('Keep this tab open')).toBeVisible();
  await expect(status(page, titles.large)).toHaveText('Downloaded', { timeout: 60_000 });

  const [resumedFrom, ...more] = rangeStarts(server.mediaRequests);
  expect(more).toEqual([]);
  expect(resumedFrom).toBeGreaterThan(10 * MB); // picked up where it stopped, not from byte 0
  expect(resumedFrom).toBeLessThanOrEqual(20 * MB);
  expect(server.mediaRequests.find((request) => request.path === '/cdn/long-download' && request.range)?.status).toBe(206);
  expect(await backgroundFetchIds(page)).toEqual([]);
  await expectDownloadedExactly(page, server.origin, server.mediaPath('long-download'));

  await page.close();
  await context.setOffline(true);
  const offline = await openApp(context, server.origin);
  await episode(offline, titles.large).getByRole('button', { name: 'Play' }).click();
  await expectPlaysAndSeeks(offline);
});

test('a reload mid-way resumes by itself from the bytes stored and ends byte-identical', { tag: '@fallback' }, async ({ server, page }) => {
  await episode(page, titles.large).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.large)).toHaveText(/Downloading [2-9]\d%/, { timeout: 30_000 });
  await page.reload();
  await expect(status(page, titles.large)).toHaveText('Downloaded', { timeout: 60_000 });

  const [resumedFrom, ...more] = rangeStarts(server.mediaRequests);
  expect(more).toEqual([]);
  expect(resumedFrom).toBeGreaterThan(5 * MB);
  await expectDownloadedExactly(page, server.origin, server.mediaPath('long-download'));
});

test('Cancel stops an in-page download and leaves nothing behind', { tag: '@fallback' }, async ({ server, page }) => {
  await episode(page, titles.large).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.large)).toHaveText(/Downloading [1-9]\d?%/, { timeout: 30_000 });
  await episode(page, titles.large).getByRole('button', { name: 'Cancel' }).click();
  await expect(status(page, titles.large)).toHaveText('Cancelled');
  expect(await mediaCacheKeys(page)).toEqual([]);
  const leftovers = await appDb<number>(page, { store: 'chunks', count: true });
  expect(leftovers).toBe(0);
  expect(server.mediaRequests.filter((request) => request.path === '/cdn/long-download')).toHaveLength(1);
});

test('in the tab too, wrong bytes end "Failed: download corrupted" and a full disk ends in a clear failure', async ({ context, server, page }) => {
  server.faults.body['offline-video'] = { corruptAt: 100_000 };
  await episode(page, titles.third).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.third)).toHaveText('Failed: download corrupted');

  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.origin, quotaSize: 20 * MB });
  await episode(page, titles.large).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.large)).toHaveText('Not enough storage: needs 48 MB; the browser refused the space. Delete downloads to make room.', {
    timeout: 30_000,
  });
  expect(await mediaCacheKeys(page)).toEqual([]);
});
