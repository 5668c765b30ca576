import type { Page } from '@playwright/test';
import { backgroundFetchIds, downloadRecord, expect, startAndAwaitBytes, test, titles } from './fixtures.ts';

const MB = 1024 * 1024;

async function openDownloadsView(page: Page) {
  await page.getByRole('link', { name: 'Downloads', exact: true }).click();
  const view = page.getByRole('region', { name: 'Downloads' });
  await expect(view).toBeVisible();
  return view;
}

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
