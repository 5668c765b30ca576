import { episode, expect, expectPlaysAndSeeks, openApp, status, test, titles } from './fixtures.ts';
import type { Page } from '@playwright/test';

const markup = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';

/** The real catalog's first three entries, as the server describes them. */
async function realEntries(origin: string): Promise<Record<string, unknown>[]> {
  const catalog = (await (await fetch(`${origin}/api/catalog.json`)).json()) as { episodes: Record<string, unknown>[] };
  return catalog.episodes.slice(0, 3);
}

async function expectDownloadIntact(page: Page): Promise<void> {
  await expect(status(page, titles.small)).toHaveText('Downloaded');
  await episode(page, titles.small).getByRole('button', { name: 'Play' }).click();
  await expectPlaysAndSeeks(page);
}

test('hostile catalog entries are skipped with a notice; markup stays text; downloads stay playable', async ({ context, server, page }) => {
  await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.small)).toHaveText('Downloaded');
  const [first, second, third] = await realEntries(server.origin);
  server.faults.catalogBody = JSON.stringify({
    episodes: [
      first,
      { ...second, title: markup },
      { ...third, id: 'bad-type', title: 42 },
      { ...third, id: 'no-media', mediaUrl: undefined },
      { ...third, id: 'negative', bytes: -1 },
      { ...third, id: 'huge', bytes: 65 * 1024 ** 3 },
      { ...third, id: 'script-url', mediaUrl: 'javascript:alert(1)' },
      { ...third, id: 'data-url', mediaUrl: 'data:video/webm;base64,GkXfow==' },
      { ...third, id: 'elsewhere', mediaUrl: 'http://127.0.0.1:9/media/x' },
      'not even an object',
    ],
  });
  await page.close();
  const again = await openApp(context, server.origin);

  const notice = again.getByRole('status').filter({ hasText: 'catalog entries were skipped' });
  await expect(notice).toContainText('8 catalog entries were skipped');
  for (const reason of [
    'Episode 3: missing title',
    'Episode 4: invalid media URL',
    'Episode 5: invalid size',
    'Episode 6: invalid size (over 64 GB)',
    'Episode 7: invalid media URL',
    'Episode 8: invalid media URL',
    'Episode 9: media on an origin that is not allowed (http://127.0.0.1:9)',
    'Episode 10: not an object',
  ]) {
    await expect(notice).toContainText(reason);
  }
  await expect(again.getByRole('article')).toHaveCount(2);
  await expect(again.getByRole('heading', { name: markup })).toBeVisible();
  expect(await again.evaluate(() => ({ pwned: 'pwned' in window, img: document.querySelectorAll('img[src="x"]').length }))).toEqual({
    pwned: false,
    img: 0,
  });
  await expectDownloadIntact(again);
});

const brokenCatalogs: [string, { catalogBody?: string; catalogStatus?: number }, RegExp][] = [
  ['not JSON', { catalogBody: '{"episodes": [' }, /it is not valid JSON/],
  ['not a catalog', { catalogBody: '{"items": []}' }, /it is not in the expected format \(no "episodes" list\)/],
  ['an HTTP 500', { catalogStatus: 500, catalogBody: 'oops' }, /the server answered HTTP 500/],
  ['a cut-off RSS feed', { catalogBody: '<?xml version="1.0"?><rss version="2.0"><channel><item><title>Half' }, /it is not well-formed XML/],
  // A valid catalog (an empty list padded with spaces) past the cap: read whole, it would empty the library.
  ['over 32 MB', { catalogBody: `{"episodes": [${' '.repeat(33 * 1024 * 1024)}]}` }, /it is larger than 32\sMB/],
];

for (const [what, fault, why] of brokenCatalogs) {
  test(`a broken catalog (${what}) shows a clear error and keeps the saved library and downloads`, async ({ context, server, page }) => {
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.small)).toHaveText('Downloaded');
    Object.assign(server.faults, fault);
    await page.close();
    const again = await openApp(context, server.origin);
    const notice = again.getByRole('status').filter({ hasText: 'The catalog could not be updated' });
    await expect(notice).toHaveText(new RegExp(`^The catalog could not be updated: ${why.source}\\. Showing the saved one\\.$`));
    await expect(again.getByRole('article')).toHaveCount(4);
    await expectDownloadIntact(again);
  });
}
