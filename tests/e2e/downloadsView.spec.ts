import { formatBytes } from '../../src/ui/format.ts';
import { backgroundFetchIds, downloadRecord, downloadRecordOf, episode, expect, startAndAwaitBytes, status, test, titles, writeDownloadRecord, openDownloadsView } from './fixtures.ts';

const MB = 1024 * 1024;

test.describe('a download whose episode left the catalog', () => {
  test.use({ serverOptions: { throttleBytesPerSecond: 2 * MB } });

  test('is listed in Downloads with its progress while it runs, and is cancelled there', async ({ server, page }) => {
    const running = await startAndAwaitBytes(page, titles.large);
    const published = (await (await fetch(`${server.origin}/api/catalog.json`)).json()) as { episodes: { id: string }[] };
    server.faults.catalogBody = JSON.stringify({ episodes: published.episodes.filter((episode) => episode.id !== 'long-download') });
    await page.reload();
    await expect(page.getByRole('article')).toHaveCount(3);
    await expect(page.getByRole('article', { name: titles.large })).toHaveCount(0);

    const view = await openDownloadsView(page);
    const row = view.getByRole('listitem').filter({ hasText: titles.large });
    await expect(row.getByRole('progressbar', { name: `Download progress for ${titles.large}` })).toBeVisible();
    await expect(row.getByRole('status')).toHaveText(/Downloading [1-9]\d?%/);
    await row.getByRole('button', { name: `Cancel ${titles.large}` }).click();
    await expect(row).toHaveCount(0);
    await expect.poll(() => backgroundFetchIds(page)).not.toContain(running.downloadId);
    expect(await downloadRecord(page, 'long-download')).toMatchObject({ state: 'cancelled' });
  });
});

test('an episode whose catalog gave no size shows the size its download learned, on its card and in Downloads', async ({ server, page }) => {
  server.faults.advertisedBytes['service-workers'] = 0;
  await page.reload();
  const card = episode(page, titles.small);
  const size = formatBytes(server.mediaSize('service-workers'));
  await expect(card.getByRole('button', { name: 'Download' })).toBeVisible();
  await expect(card.locator('.meta')).not.toContainText(size);

  await card.getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.small)).toHaveText('Downloaded');
  await expect(card.locator('.meta')).toContainText(size);
  const view = await openDownloadsView(page);
  await expect(view.getByRole('listitem').filter({ hasText: titles.small })).toContainText(size);
});

test('a failed download whose episode left the catalog says why in Downloads, and Retry there downloads it', async ({ server, page }) => {
  const published = (await (await fetch(`${server.origin}/api/catalog.json`)).json()) as { episodes: { id: string }[] };
  server.faults.catalogBody = JSON.stringify({ episodes: published.episodes.filter((episode) => episode.id !== 'service-workers') });
  await writeDownloadRecord(page, { ...downloadRecordOf(server, 'service-workers', titles.small, 'failed'), failure: { reason: 'bad-status', status: 404 } });
  await page.reload();
  await expect(page.getByRole('article')).toHaveCount(3);

  const view = await openDownloadsView(page);
  const row = view.getByRole('listitem').filter({ hasText: titles.small });
  await expect(row.getByRole('status')).toHaveText('Failed: the episode is no longer on the server (HTTP 404)');
  await row.getByRole('button', { name: `Retry ${titles.small}` }).click();
  await expect(row.getByRole('status')).toHaveText('Downloaded');
  await expect(row.getByRole('button', { name: `Play ${titles.small}` })).toBeVisible();
});

test.describe('running, queued and failed downloads together', () => {
  // 48 s for the long download: time for every step while it runs.
  test.use({ serverOptions: { throttleBytesPerSecond: 1 * MB } });

  test('are listed under Downloading, Waiting and Failed with what each can do; Cancel, Retry and the queue move them', async ({ server, page }) => {
    // The failure first (the server refuses every episode for that time), then one running and one waiting its turn.
    server.faults.mediaStatus = 404;
    await episode(page, titles.third).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.third)).toHaveText(/^Failed: /);
    server.faults.mediaStatus = undefined;
    await startAndAwaitBytes(page, titles.large);
    // Chromium runs an origin's background fetches one at a time: the next waits its turn.
    await episode(page, titles.other).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.other)).toHaveText('Queued · 2 of 2');

    const view = await openDownloadsView(page);
    const group = (name: string) => view.getByRole('region', { name, exact: true });
    const row = (title: string) => view.getByRole('listitem').filter({ hasText: title });
    await expect(group('Downloading').getByRole('listitem')).toHaveCount(1);
    await expect(group('Downloading').getByRole('listitem').filter({ hasText: titles.large })).toHaveCount(1);
    await expect(row(titles.large).getByRole('status')).toHaveText(/Downloading [1-9]\d?%/);
    await expect(row(titles.large).getByRole('progressbar', { name: `Download progress for ${titles.large}` })).toBeAttached();
    await expect(group('Waiting').getByRole('listitem').filter({ hasText: titles.other })).toHaveCount(1);
    await expect(row(titles.other)).toContainText('#2 in the queue');
    await expect(row(titles.other).getByRole('status')).toHaveText('Queued · 2 of 2');
    await expect(group('Failed').getByRole('listitem').filter({ hasText: titles.third })).toHaveCount(1);
    await expect(row(titles.third).getByRole('status')).toHaveText('Failed: the episode is no longer on the server (HTTP 404)');

    // Retry queues the failed one behind the other; Cancel on the queued one takes it out of the line.
    await row(titles.third).getByRole('button', { name: `Retry ${titles.third}` }).click();
    await expect(row(titles.third).getByRole('status')).toHaveText('Queued · 3 of 3');
    await expect(group('Failed')).toHaveCount(0);
    await row(titles.other).getByRole('button', { name: `Cancel ${titles.other}` }).click();
    await expect(row(titles.other)).toHaveCount(0);
    await expect(row(titles.third).getByRole('status')).toHaveText('Queued · 2 of 2');
    expect(await downloadRecord(page, 'background-fetch')).toMatchObject({ state: 'cancelled' });

    // Cancelling the running one lets the queue go on: the retried episode downloads.
    await row(titles.large).getByRole('button', { name: `Cancel ${titles.large}` }).click();
    await expect(row(titles.large)).toHaveCount(0);
    await expect(row(titles.third).getByRole('status')).toHaveText('Downloaded');
    await expect(group('Downloaded').getByRole('listitem')).toHaveCount(1);
    await expect(row(titles.third).getByRole('button', { name: `Play ${titles.third}` })).toBeVisible();
  });
});
