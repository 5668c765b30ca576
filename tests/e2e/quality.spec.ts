import { closeDownloadSettings, downloadRecord, episode, expect, mediaCacheKeys, openApp, openDownloadSettings, openDownloadsView, playing, status, test, titles } from './fixtures.ts';

// The demo's renditions: each episode's own file (WebM) and 360p, 720p and 1080p H.264 made by
// ffmpeg (server/renditions.ts), each listed with its size and SHA-256.
test.use({ serverOptions: { renditions: true } });
// The first start on a machine encodes every demo episode's renditions (kept for later runs).
test.setTimeout(240_000);

test('Data saver downloads the smallest rendition with the tab closed; the record and Downloads say 360p', async ({ context, server, page }) => {
  const sheet = await openDownloadSettings(page);
  await sheet.getByLabel('Download quality').selectOption({ label: 'Data saver (smallest)' });
  await closeDownloadSettings(page);
  await page.getByRole('link', { name: 'Episodes', exact: true }).click();

  const blank = await context.newPage(); // a fetch that has not begun waits until some tab exists
  await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.small)).not.toHaveText('');
  await page.close();
  await server.mediaFinished('service-workers.360p.mp4');

  const again = await openApp(context, server.origin);
  await expect(status(again, titles.small)).toHaveText('Downloaded');
  const rendition = `${server.origin}/media/service-workers.360p.mp4`;
  // What was fetched: the 360p file and no other of the episode's.
  expect(new Set(server.mediaRequests.filter((request) => request.path.startsWith('/media/service-workers')).map((request) => request.path))).toEqual(new Set(['/media/service-workers.360p.mp4']));
  expect(await downloadRecord(again, 'service-workers')).toMatchObject({ mediaUrl: rendition, expectedBytes: server.mediaSize('service-workers.360p.mp4'), rendition: { height: 360, label: '360p' } });
  expect((await mediaCacheKeys(again)).map((key) => new URL(key).pathname)).toEqual(['/media/service-workers.360p.mp4']);
  const view = await openDownloadsView(again);
  await expect(view.getByRole('listitem').filter({ hasText: titles.small })).toContainText(/ · 360p · /);

  // Offline, the player plays what was stored: the 360p picture, from the worker's cache.
  await context.setOffline(true);
  await again.getByRole('link', { name: 'Episodes', exact: true }).click();
  await episode(again, titles.small).getByRole('button', { name: /^Play/ }).click();
  await playing(again);
  expect(await again.locator('video').evaluate((video: HTMLVideoElement) => [video.videoHeight, new URL(video.currentSrc).pathname])).toEqual([360, '/media/service-workers.360p.mp4']);
  await blank.close();
});

test('Standard takes the largest rendition at or below 720p', async ({ server, page }) => {
  await episode(page, titles.other).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.other)).toHaveText('Downloaded');
  expect(await downloadRecord(page, 'background-fetch')).toMatchObject({ mediaUrl: `${server.origin}/media/background-fetch.720p.mp4`, rendition: { height: 720 } });
});
