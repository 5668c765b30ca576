import { expect, openApp, test } from './fixtures.ts';

function catalogOf(count: number, size: number): string {
  return JSON.stringify({
    episodes: Array.from({ length: count }, (_, i) => ({
      id: `ep-${i}`,
      title: `Episode ${i + 1}`,
      durationSeconds: 60,
      bytes: size,
      mediaUrl: '/media/service-workers',
      artworkUrl: '/artwork/ep1-service-workers.jpg',
    })),
  });
}

test('a long catalog renders a page at a time: more as the end comes into view, or with Show more', async ({ context, server }) => {
  server.faults.catalogBody = catalogOf(1000, server.mediaSize('service-workers'));
  const page = await openApp(context, server.origin);
  const cards = page.getByRole('article');
  // A first step of 12, then steps of 24 as the end comes within 1,200 px: a few steps, never all.
  const showMore = page.getByRole('button', { name: /^Show more episodes \((\d+) more\)$/ });
  await expect(showMore).toBeVisible();
  const first = await cards.count();
  expect((first - 12) % 24).toBe(0);
  expect(first).toBeLessThanOrEqual(12 + 2 * 24);
  // The button counts what is not drawn yet (read together: a step may land between two reads).
  const counts = () => page.evaluate(() => [document.querySelectorAll('article').length, document.querySelector('.list-end button')?.textContent]);
  await expect.poll(async () => { const [drawn, label] = await counts(); return `${label} / ${drawn}`; }).toMatch(/^Show more episodes \((\d+) more\) \/ (\d+)$/);
  const [drawn, label] = await counts();
  expect(label).toBe(`Show more episodes (${1000 - Number(drawn)} more)`);

  // A keyboard press adds a page (focusing the button may bring the end into view, which adds one too).
  await page.getByRole('button', { name: /^Show more episodes/ }).focus();
  const before = await cards.count();
  await page.keyboard.press('Enter');
  await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(before + 24);

  const shown = await cards.count();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect.poll(() => cards.count()).toBeGreaterThan(shown);
  expect(await cards.count()).toBeLessThan(1000);
});

test('an unchanged catalog is not parsed again; a changed one is', async ({ context, server }) => {
  const first = await openApp(context, server.origin);
  // The checker's chunk is preloaded by index.html (a first visit needs it before its first card):
  // what is measured is its reading of a fetched catalog (pageCatalogSource.ts).
  const catalogChecked = (page: typeof first) => page.evaluate(() => performance.getEntriesByName('offline-episodes:catalog-check').length > 0);
  await expect.poll(() => catalogChecked(first)).toBe(true);
  await first.close();

  const again = await openApp(context, server.origin);
  await expect(again.getByRole('article')).toHaveCount(4);
  // The catalog was asked for (and answered unchanged) without being read or checked.
  await again.waitForLoadState('networkidle');
  expect(await catalogChecked(again)).toBe(false);
  await again.close();

  server.faults.catalogBody = catalogOf(2, server.mediaSize('service-workers'));
  const changed = await openApp(context, server.origin);
  await expect(changed.getByRole('article')).toHaveCount(2);
  await expect(changed.getByRole('heading', { name: 'Episode 2' })).toBeVisible();
  expect(await catalogChecked(changed)).toBe(true);
});
