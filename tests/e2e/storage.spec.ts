import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEDIA_CACHE } from '../../src/core/cacheNames.ts';
import { formatBytes } from '../../src/ui/format.ts';
import { launchPersistent } from '../../scripts/shared/chromium.ts';
import {
  cachedSha256,
  episode,
  expect,
  expectPlaysAndSeeks,
  fileSha256,
  mediaCacheKeys,
  openApp,
  status,
  test,
  titles,
} from './fixtures.ts';

test('an episode larger than the free space never starts, and what is downloaded stays intact', async ({ context, server, page }) => {
  await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.small)).toHaveText('Downloaded');

  const { quota = 0, usage = 0 } = await page.evaluate(() => navigator.storage.estimate());
  const tooBig = quota - usage + 300 * 1024 ** 2;
  server.faults.advertisedBytes['long-download'] = tooBig;
  await page.close();
  const again = await openApp(context, server.origin);
  await expect(episode(again, titles.large)).toContainText(formatBytes(tooBig));

  const requestsBefore = server.mediaRequests.length;
  await episode(again, titles.large).getByRole('button', { name: 'Download' }).click();
  await expect(status(again, titles.large)).toHaveText(
    new RegExp(`^Not enough storage: needs ${formatBytes(tooBig).replace('.', '\\.')}, [\\d.]+\\s(MB|GB) free$`),
  );
  await expect(episode(again, titles.large).getByRole('button', { name: 'Retry' })).toBeVisible();
  expect(server.mediaRequests.length).toBe(requestsBefore);
  await episode(again, titles.large).getByRole('link', { name: 'Manage downloads' }).click();
  await expect(again.getByRole('region', { name: 'Downloads' })).toContainText(formatBytes(server.mediaSize('service-workers')));
  await again.goBack();

  const canonical = `${server.origin}/media/service-workers`;
  expect(await mediaCacheKeys(again)).toEqual([canonical]);
  expect(await cachedSha256(again, canonical)).toBe(await fileSha256(server.mediaPath('service-workers')));
  await episode(again, titles.small).getByRole('button', { name: 'Play' }).click();
  await expectPlaysAndSeeks(again);
});

for (const [quotaMB, stage] of [
  [30, 'asked for'],
  [70, 'stored'],
] as const) {
  test(`the browser refusing the space when the download is ${stage} (a real quota) ends in a clear failure; what is downloaded stays intact`, async ({ context, server, page }) => {
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.small)).toHaveText('Downloaded');

    // A real, enforced quota: Chromium then refuses writes past it (its estimate() does not show it,
    // so the preflight passes and the refusal comes from the browser itself).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.origin, quotaSize: quotaMB * 1024 ** 2 });
    await episode(page, titles.large).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.large)).toHaveText('Not enough storage: needs 48 MB; the browser refused the space. Delete downloads to make room.');
    await expect(episode(page, titles.large).getByRole('button', { name: 'Retry' })).toBeVisible();
    // Refused up front, no byte is fetched; refused at the end, the whole file was.
    const fetched = server.mediaRequests.some((request) => request.path === '/cdn/long-download');
    expect(fetched).toBe(stage === 'stored');

    const canonical = `${server.origin}/media/service-workers`;
    expect(await mediaCacheKeys(page)).toEqual([canonical]);
    expect(await cachedSha256(page, canonical)).toBe(await fileSha256(server.mediaPath('service-workers')));
  });
}

test('the Downloads view lists sizes and dates, deletes one, and deletes all after a confirmation', async ({ server, page }) => {
  for (const title of [titles.small, titles.other]) {
    await episode(page, title).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, title)).toHaveText('Downloaded');
  }
  await page.getByRole('link', { name: 'Downloads', exact: true }).click();
  const view = page.getByRole('region', { name: 'Downloads' });
  const total = server.mediaSize('service-workers') + server.mediaSize('background-fetch');
  await expect(view).toContainText(`2 episodes · ${formatBytes(total)}`);
  await expect(view).toContainText(/available/);
  const items = view.getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: titles.small })).toContainText(formatBytes(server.mediaSize('service-workers')));

  await view.getByRole('button', { name: `Delete ${titles.small}` }).click();
  await expect(items).toHaveCount(1);
  // The record goes first (the list follows it), then the bytes.
  await expect.poll(() => mediaCacheKeys(page)).toEqual([`${server.origin}/media/background-fetch`]);

  await view.getByRole('button', { name: 'Delete all' }).click();
  const dialog = page.getByRole('dialog', { name: /Delete the download \(/ });
  await dialog.getByRole('button', { name: 'Keep them' }).click();
  await expect(dialog).toBeHidden();
  expect(await mediaCacheKeys(page)).toHaveLength(1);

  await view.getByRole('button', { name: 'Delete all' }).click();
  await dialog.getByRole('button', { name: 'Delete all' }).click();
  await expect(view).toContainText('Nothing downloaded yet.');
  // The records go first, then the bytes (mediaCopies.ts): the view can say so a moment before.
  await expect.poll(() => mediaCacheKeys(page)).toEqual([]);
  await page.getByRole('link', { name: 'Episodes', exact: true }).click();
  await expect(episode(page, titles.other).getByRole('button', { name: 'Download' })).toBeVisible();
});

test('persistent storage is asked for with the first download, and the Downloads view says whether it was granted', async ({ server, page }) => {
  // This context is incognito-like: Chromium refuses persistence there, and the view says so.
  await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.small)).toHaveText('Downloaded');
  await page.getByRole('link', { name: 'Downloads', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Downloads' })).toContainText(
    'Storage is not persistent: if the device runs low on space, the browser may clear your downloads.',
  );

  // A real profile where the site may persist (as an installed app would).
  const profileDir = await mkdtemp(join(tmpdir(), 'offline-episodes-profile-'));
  const context = await launchPersistent(profileDir);
  try {
    const cdp = await context.newCDPSession(context.pages()[0] ?? (await context.newPage()));
    await cdp.send('Browser.setPermission', { permission: { name: 'persistent-storage' }, setting: 'granted', origin: server.origin });
    const installed = await openApp(context, server.origin);
    await episode(installed, titles.small).getByRole('button', { name: 'Download' }).click();
    await expect(status(installed, titles.small)).toHaveText('Downloaded');
    expect(await installed.evaluate(() => navigator.storage.persisted())).toBe(true);
    await installed.getByRole('link', { name: 'Downloads', exact: true }).click();
    await expect(installed.getByRole('region', { name: 'Downloads' })).toContainText(
      'Storage is persistent: the browser will not clear your downloads on its own.',
    );
  } finally {
    await context.close();
    await rm(profileDir, { recursive: true, force: true });
  }
});

test('a downloaded copy the browser removed is said so at start, with Download again; the other download is untouched', async ({ context, server, page }) => {
  for (const title of [titles.small, titles.other]) {
    await episode(page, title).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, title)).toHaveText('Downloaded');
  }
  // What eviction or "Clear site data" for the cache alone leaves: the record, without its copy.
  await page.evaluate(
    async ({ cacheName, canonical }) => {
      const cache = await caches.open(cacheName);
      for (const request of await cache.keys()) if (request.url.startsWith(canonical)) await cache.delete(request);
    },
    { cacheName: MEDIA_CACHE, canonical: `${server.origin}/media/service-workers?` },
  );
  await page.close();
  const again = await openApp(context, server.origin);
  await expect(status(again, titles.small)).toHaveText('The downloaded copy is gone: the browser removed it');
  await expect(status(again, titles.other)).toHaveText('Downloaded');
  await episode(again, titles.small).getByRole('button', { name: 'Download again' }).click();
  await expect(status(again, titles.small)).toHaveText('Downloaded');
  expect((await mediaCacheKeys(again)).sort()).toEqual([`${server.origin}/media/background-fetch`, `${server.origin}/media/service-workers`]);
  expect(await cachedSha256(again, `${server.origin}/media/service-workers`)).toBe(await fileSha256(server.mediaPath('service-workers')));
});

test('two episodes with one media URL (a rerun) each keep a copy: deleting one leaves the other playable offline', async ({ context, server, page }) => {
  const published = (await (await fetch(`${server.origin}/api/catalog.json`)).json()) as { episodes: Record<string, unknown>[] };
  const original = published.episodes.find((entry) => entry.id === 'service-workers')!;
  published.episodes.push({ ...original, id: 'service-workers-rerun', title: 'Rerun: service workers' });
  server.faults.catalogBody = JSON.stringify(published);
  await page.reload();
  for (const title of [titles.small, 'Rerun: service workers']) {
    await episode(page, title).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, title)).toHaveText('Downloaded');
  }
  expect(await mediaCacheKeys(page)).toEqual([`${server.origin}/media/service-workers`, `${server.origin}/media/service-workers`]);
  await episode(page, titles.small).getByRole('button', { name: 'Delete' }).click();
  await expect(episode(page, titles.small).getByRole('button', { name: 'Download' })).toBeVisible();

  await page.close();
  await context.setOffline(true);
  const offline = await openApp(context, server.origin);
  await expect(status(offline, 'Rerun: service workers')).toHaveText('Downloaded');
  await episode(offline, 'Rerun: service workers').getByRole('button', { name: 'Play' }).click();
  await expectPlaysAndSeeks(offline);
});
