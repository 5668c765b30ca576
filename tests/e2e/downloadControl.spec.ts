import type { Locator, Page } from '@playwright/test';
import { closeDownloadSettings, episode, expect, openDownloadSettings, setConnectionType, startAndAwaitBytes, status, test, titles } from './fixtures.ts';

const MB = 1024 * 1024;

/** The card's download control as a viewer meets it: its drawing, and its name if it is a button. */
async function control(page: Page, title: string): Promise<{ drawing: string; name: string | null; hidden: string | null }> {
  const element: Locator = episode(page, title).locator('.download-control');
  return element.evaluate((node) => {
    const glyph = node.querySelector('svg.glyph');
    return { drawing: glyph?.innerHTML ?? '', name: node.getAttribute('aria-label'), hidden: glyph?.getAttribute('aria-hidden') ?? null };
  });
}

test.describe('every download state has its icon, its words and its name', () => {
  test.use({ serverOptions: { throttleBytesPerSecond: 2 * MB }, connectionType: 'wifi' });

  test('download, downloading, queued, waiting for network, failed, waiting for Wi-Fi and downloaded each look and read differently', async ({ context, server, page }) => {
    const drawings = new Map<string, string>();
    const seen = async (kind: string, title: string, words: string | RegExp, name: string | null) => {
      await expect(status(page, title)).toHaveText(words);
      // A state's glyph may come a moment after its words (a chunk of its own).
      await expect(episode(page, title).locator('.download-control svg.glyph')).toBeAttached();
      const now = await control(page, title);
      expect(now.name, kind).toBe(name);
      expect(now.hidden, `${kind}: the icon is a picture; the button carries the words`).toBe('true');
      drawings.set(kind, now.drawing);
    };

    await seen('download', titles.small, '', 'Download');
    await startAndAwaitBytes(page, titles.large);
    await seen('downloading', titles.large, /Downloading [1-9]\d?% · .* of 48\sMB/, 'Cancel');
    await expect(episode(page, titles.large).getByRole('progressbar', { name: `Download progress for ${titles.large}` })).toBeAttached();
    // Chromium runs an origin's background fetches one at a time: the next waits its turn.
    await episode(page, titles.other).getByRole('button', { name: 'Download' }).click();
    await seen('queued', titles.other, 'Queued · 2 of 2', 'Cancel');
    await context.setOffline(true);
    await seen('waiting for network', titles.large, /Waiting for network · .* of 48\sMB/, 'Cancel');
    await context.setOffline(false);
    await episode(page, titles.large).getByRole('button', { name: 'Cancel' }).click();
    await seen('downloaded', titles.other, 'Downloaded', null);
    await expect(episode(page, titles.other).getByRole('button', { name: 'Delete' })).toBeVisible();

    server.faults.mediaStatus = 404;
    await episode(page, titles.third).getByRole('button', { name: 'Download' }).click();
    await seen('failed', titles.third, 'Failed: the episode is no longer on the server (HTTP 404)', 'Retry');
    server.faults.mediaStatus = undefined;

    await (await openDownloadSettings(page)).getByRole('checkbox', { name: 'Download over mobile data' }).uncheck();
    await closeDownloadSettings(page);
    await page.getByRole('link', { name: 'Episodes', exact: true }).click();
    await setConnectionType(page, 'cellular');
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    await seen('waiting for Wi-Fi', titles.small, 'Waiting for Wi-Fi', 'Cancel');

    // Seven states, seven drawings: none is told apart by its words alone.
    expect(new Set(drawings.values()).size, JSON.stringify([...drawings.keys()])).toBe(drawings.size);
    expect(drawings.size).toBe(7);
  });
});
