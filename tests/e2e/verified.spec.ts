import { cachedSha256, episode, expect, fileSha256, mediaCacheKeys, status, test, titles } from './fixtures.ts';

test('wrong bytes from the server end "Failed: download corrupted" with nothing stored; Retry gets the right ones', async ({ server, page }) => {
  server.faults.body['offline-video'] = { corruptAt: 100_000 }; // same length, one byte flipped
  await episode(page, titles.third).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.third)).toHaveText('Failed: download corrupted');
  expect(await mediaCacheKeys(page)).toEqual([]);

  delete server.faults.body['offline-video'];
  await episode(page, titles.third).getByRole('button', { name: 'Retry' }).click();
  await expect(status(page, titles.third)).toHaveText('Downloaded');
  const canonical = `${server.origin}/media/offline-video`;
  expect(await cachedSha256(page, canonical)).toBe(await fileSha256(server.mediaPath('offline-video')));
});

test.describe('a catalog whose sizes are wrong', () => {
  test.beforeEach(({ server }) => {
    server.faults.advertisedBytes['service-workers'] = server.mediaSize('service-workers') + 1000;
    server.faults.advertisedBytes['offline-video'] = server.mediaSize('offline-video') - 1000;
  });

  test('fewer or more bytes than the catalog says end corrupted, with nothing stored', async ({ page }) => {
    await page.reload(); // the catalog as the faults now describe it
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.small)).toHaveText('Failed: download corrupted (wrong size)');
    await episode(page, titles.third).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.third)).toHaveText('Failed: download corrupted (larger than the catalog says)');
    expect(await mediaCacheKeys(page)).toEqual([]);
  });
});
