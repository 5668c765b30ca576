import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { TestServer } from '../../server/testServer.ts';
import { formatBytes } from '../../src/ui/format.ts';
import { feedEpisodeId } from '../../src/catalog/feeds/feedText.ts';
import { backgroundFetchIds, closeDownloadSettings, downloadRecord, episode, expect, mediaCacheKeys, openApp, openDownloadSettings, openDownloadsView, playing, status, test, titles } from './fixtures.ts';

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
  await expect(status(again, titles.small)).toHaveText('Downloaded · 360p');
  const rendition = `${server.origin}/media/service-workers.360p.mp4`;
  // What was fetched: the 360p file and no other of the episode's.
  expect(new Set(server.mediaRequests.filter((request) => request.path.startsWith('/media/service-workers')).map((request) => request.path))).toEqual(new Set(['/media/service-workers.360p.mp4']));
  expect(await downloadRecord(again, 'service-workers')).toMatchObject({ mediaUrl: rendition, expectedBytes: server.mediaSize('service-workers.360p.mp4'), rendition: { height: 360, label: '360p' } });
  expect((await mediaCacheKeys(again)).map((key) => new URL(key).pathname)).toEqual(['/media/service-workers.360p.mp4']);
  const view = await openDownloadsView(again);
  await expect(view.getByRole('listitem').filter({ hasText: titles.small })).toContainText('Downloaded · 360p');

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
  await expect(status(page, titles.other)).toHaveText('Downloaded · 720p');
  expect(await downloadRecord(page, 'background-fetch')).toMatchObject({ mediaUrl: `${server.origin}/media/background-fetch.720p.mp4`, rendition: { height: 720 } });
});

/** The Download quality setting, chosen in the Downloads view's settings; back to the library. */
async function chooseQuality(page: Page, label: string): Promise<void> {
  const sheet = await openDownloadSettings(page);
  await sheet.getByLabel('Download quality').selectOption({ label });
  await closeDownloadSettings(page);
  await page.getByRole('link', { name: 'Episodes', exact: true }).click();
}

const rendition360 = (server: TestServer, id: string) => `360p · ${formatBytes(server.mediaSize(`${id}.360p.mp4`))}`;

test.describe('Ask each time', () => {
  test('the sheet lists what this device plays with sizes; the rendition chosen downloads with the tab closed and plays offline', async ({ context, server, page }) => {
    await chooseQuality(page, 'Ask each time');
    const blank = await context.newPage(); // a fetch that has not begun waits until some tab exists
    const download = episode(page, titles.small).getByRole('button', { name: 'Download' });
    await download.click();
    const sheet = page.getByRole('dialog', { name: 'Download quality' });
    await expect(sheet).toBeVisible();
    // The episode's own WebM and three H.264 renditions, each with its size; Standard's preselected and focused.
    await expect(sheet.getByRole('radio')).toHaveCount(4);
    await expect(sheet.getByRole('radio', { name: `720p · ${formatBytes(server.mediaSize('service-workers.720p.mp4'))}` })).toBeChecked();
    await expect(sheet.getByRole('radio', { checked: true })).toBeFocused();
    await sheet.getByRole('radio', { name: rendition360(server, 'service-workers') }).check();
    await sheet.getByRole('button', { name: 'Download' }).click();
    await expect(sheet).toBeHidden();
    // Back on the episode's controls: the pressed button, or what replaced it (Cancel, Play).
    await expect(episode(page, titles.small).locator(':focus')).toHaveCount(1);
    await expect(status(page, titles.small)).not.toHaveText('');
    await page.close();
    await server.mediaFinished('service-workers.360p.mp4');

    const again = await openApp(context, server.origin);
    await expect(status(again, titles.small)).toHaveText('Downloaded · 360p');
    expect(new Set(server.mediaRequests.filter((request) => request.path.startsWith('/media/service-workers')).map((request) => request.path))).toEqual(new Set(['/media/service-workers.360p.mp4']));
    expect(await downloadRecord(again, 'service-workers')).toMatchObject({ mediaUrl: `${server.origin}/media/service-workers.360p.mp4`, rendition: { height: 360 } });

    await context.setOffline(true);
    await episode(again, titles.small).getByRole('button', { name: /^Play/ }).click();
    await playing(again);
    expect(await again.locator('video').evaluate((video: HTMLVideoElement) => video.videoHeight)).toBe(360);
    await blank.close();
  });

  test('Cancel and Escape in the sheet start nothing, and focus goes back to Download', async ({ server, page }) => {
    await chooseQuality(page, 'Ask each time');
    await page.goto(`${server.origin}/#episode/background-fetch`);
    const download = page.getByRole('article', { name: titles.other }).getByRole('button', { name: 'Download' });
    await download.click();
    const sheet = page.getByRole('dialog', { name: 'Download quality' });
    await sheet.getByRole('button', { name: 'Cancel' }).click();
    await expect(sheet).toBeHidden();
    await expect(download).toBeFocused();
    await download.press('Enter');
    await expect(sheet).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();
    await expect(download).toBeFocused();
    await expect(page.getByRole('article', { name: titles.other }).getByRole('status').first()).toHaveText('');
    expect(await downloadRecord(page, 'background-fetch')).toBeUndefined();
    expect(server.mediaRequests.filter((request) => request.path.startsWith('/media/background-fetch'))).toEqual([]);
  });

  test('Select takes the last choice without a sheet, and totals its sizes', async ({ server, page }) => {
    await chooseQuality(page, 'Ask each time');
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    const sheet = page.getByRole('dialog', { name: 'Download quality' });
    await sheet.getByRole('radio', { name: rendition360(server, 'service-workers') }).check();
    await sheet.getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.small)).toHaveText('Downloaded · 360p');

    await page.getByRole('button', { name: 'Select', exact: true }).click();
    await page.getByRole('checkbox', { name: `Select ${titles.other}` }).check();
    await page.getByRole('checkbox', { name: `Select ${titles.third}` }).check();
    const total = formatBytes(server.mediaSize('background-fetch.360p.mp4') + server.mediaSize('offline-video.360p.mp4'));
    await page.getByRole('button', { name: `Download 2 episodes (${total})` }).click();
    await expect(status(page, titles.other)).toHaveText('Downloaded · 360p');
    await expect(status(page, titles.third)).toHaveText('Downloaded · 360p');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    expect(await downloadRecord(page, 'offline-video')).toMatchObject({ mediaUrl: `${server.origin}/media/offline-video.360p.mp4` });
  });
});

// The demo feed's media:group (no sizes, as many feeds): Standard takes 720p, its size asked by HEAD.
test.describe('a feed’s media:group', () => {
  test.use({ serverOptions: { renditions: true, site: { catalog: resolve(import.meta.dirname, '../../server/feeds/demo.rss'), name: 'Offline Web, the show' } } });

  test('downloads the Standard choice (720p) of an RSS episode', async ({ server, page }) => {
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.small)).toHaveText('Downloaded · 720p');
    const id = feedEpisodeId('https://offline-web.example/episodes/1?utm_source=rss');
    expect(await downloadRecord(page, id)).toMatchObject({
      mediaUrl: `${server.origin}/media/service-workers.720p.mp4`,
      expectedBytes: server.mediaSize('service-workers.720p.mp4'),
      rendition: { height: 720 },
    });
    expect((await mediaCacheKeys(page)).map((key) => new URL(key).pathname)).toEqual(['/media/service-workers.720p.mp4']);
  });
});

test.describe('Change quality of a downloaded episode', () => {
  const sd = '/media/service-workers.360p.mp4';
  const hd = '/media/service-workers.720p.mp4';
  /** The picture's height and the source the element plays. */
  const picture = (page: Page) => page.locator('video').evaluate((video: HTMLVideoElement) => [video.videoHeight, new URL(video.currentSrc).pathname]);
  const copies = async (page: Page) => (await mediaCacheKeys(page)).map((key) => new URL(key).pathname);

  /** Downloaded at 360p (Data saver); then, on its page, Change quality → 720p while the server is slow. */
  async function changingTo720p(page: Page, server: TestServer): Promise<void> {
    await chooseQuality(page, 'Data saver (smallest)');
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.small)).toHaveText('Downloaded · 360p');
    server.faults.throttleBytesPerSecond = 200_000; // the 3.4 MB take some 17 s
    await episode(page, titles.small).getByRole('link', { name: titles.small }).click();
    await page.getByRole('button', { name: 'Change quality' }).click();
    const sheet = page.getByRole('dialog', { name: 'Download quality' });
    await expect(sheet.getByRole('radio', { name: `${rendition360(server, 'service-workers')} · Downloaded` })).toBeVisible();
    await sheet.getByRole('radio', { name: `720p · ${formatBytes(server.mediaSize('service-workers.720p.mp4'))}` }).check();
    await sheet.getByRole('button', { name: 'Download' }).click();
    await expect(page.getByRole('article', { name: titles.small }).getByText(/^Changing to 720p · /)).toBeVisible();
  }

  test('the 360p copy plays while the 720p downloads; then the card says 720p, the open player moves on to it where it was, and the 360p bytes are gone', async ({ context, server, page }) => {
    await changingTo720p(page, server);
    await page.getByRole('button', { name: /^Play/ }).click();
    await playing(page);
    expect(await picture(page)).toEqual([360, sd]);
    expect(await downloadRecord(page, 'service-workers')).toMatchObject({ state: 'downloading', mediaUrl: `${server.origin}${hd}`, previous: { state: 'downloaded', mediaUrl: `${server.origin}${sd}` } });
    const before = await page.locator('video').evaluate((video: HTMLVideoElement) => video.currentTime);

    server.faults.throttleBytesPerSecond = 0;
    await expect.poll(() => picture(page), { timeout: 60_000 }).toEqual([720, hd]);
    // On from where it was, not from the start.
    expect(await page.locator('video').evaluate((video: HTMLVideoElement) => video.currentTime)).toBeGreaterThanOrEqual(before);
    expect(await downloadRecord(page, 'service-workers')).toMatchObject({ state: 'downloaded', mediaUrl: `${server.origin}${hd}`, rendition: { height: 720 } });
    expect(await downloadRecord(page, 'service-workers')).not.toHaveProperty('previous');
    await expect.poll(() => copies(page)).toEqual([hd]);

    await page.getByRole('button', { name: 'Close player' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Episodes' }).click();
    await expect(status(page, titles.small)).toHaveText('Downloaded · 720p');
    await context.setOffline(true);
    // Watched a while: "Play from 0:07" (beside "Play from start").
    await episode(page, titles.small).getByRole('button', { name: /^Play(?! from start)/ }).click();
    await playing(page);
    expect(await picture(page)).toEqual([720, hd]);
  });

  test('a 720p download cancelled mid-way leaves the 360p copy as it was, playing offline', async ({ context, server, page }) => {
    await changingTo720p(page, server);
    const page720 = page.getByRole('article', { name: titles.small });
    await expect(page720.getByText(/^Changing to 720p · Downloading [1-9]/)).toBeVisible();
    await page720.getByRole('button', { name: 'Cancel' }).click();
    await expect(page720.getByText('Downloaded · 360p')).toBeVisible();
    expect(await downloadRecord(page, 'service-workers')).toMatchObject({ state: 'downloaded', mediaUrl: `${server.origin}${sd}` });
    expect(await copies(page)).toEqual([sd]);

    await context.setOffline(true);
    await page720.getByRole('button', { name: /^Play/ }).click();
    await playing(page);
    expect(await picture(page)).toEqual([360, sd]);
  });

  test('Delete all during a change of quality cancels the 720p and deletes the 360p copy: nothing comes back', async ({ server, page }) => {
    await changingTo720p(page, server);
    const view = await openDownloadsView(page);
    // The 360p copy is stored: the view counts it, and Delete all offers it.
    await expect(view).toContainText(`1 episode · ${formatBytes(server.mediaSize('service-workers.360p.mp4'))}`);
    await view.getByRole('button', { name: 'Delete all' }).click();
    await page.getByRole('dialog', { name: /Delete the download \(/ }).getByRole('button', { name: 'Delete all' }).click();
    await expect(view).toContainText('Nothing downloaded yet.');
    await expect.poll(() => copies(page)).toEqual([]);
    expect(await downloadRecord(page, 'service-workers')).toBeUndefined();
    // The 720p does not land afterwards: the server at full speed again, no background fetch is left.
    server.faults.throttleBytesPerSecond = 0;
    await expect.poll(() => backgroundFetchIds(page)).toEqual([]);
    await page.getByRole('navigation').getByRole('link', { name: 'Episodes' }).click();
    await expect(episode(page, titles.small).getByRole('button', { name: 'Download' })).toBeVisible();
    expect(await copies(page)).toEqual([]);
  });

  test('a 720p download whose connection is cut says the change failed and keeps the 360p copy', async ({ context, server, page }) => {
    server.faults.body['service-workers.720p.mp4'] = { cutAt: 1_000_000 };
    await changingTo720p(page, server);
    const page720 = page.getByRole('article', { name: titles.small });
    await expect(page720.getByText('Could not change to 720p · Failed: the network connection was lost')).toBeVisible({ timeout: 90_000 });
    await expect(page720.getByText('Downloaded · 360p')).toBeVisible();
    expect(await copies(page)).toEqual([sd]);

    await context.setOffline(true);
    await page720.getByRole('button', { name: /^Play/ }).click();
    await playing(page);
    expect(await picture(page)).toEqual([360, sd]);
  });
});
