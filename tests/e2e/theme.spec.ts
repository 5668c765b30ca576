import type { Page } from '@playwright/test';
import { contrast } from '../../src/ui/palette.ts';
import { episode, expect, test, titles } from './fixtures.ts';

type Rgb = [number, number, number];
const rgb = (css: string): Rgb => css.match(/\d+/g)!.slice(0, 3).map(Number) as Rgb;

/** The accent as drawn: the download control's colour, the card under it, and a primary button's words on its fill. */
async function drawn(page: Page) {
  const card = episode(page, titles.small);
  await expect(card.getByRole('button', { name: 'Download' })).toBeVisible();
  return card.evaluate((article) => {
    const control = article.querySelector('.download-control')!;
    const probe = document.createElement('button');
    probe.className = 'primary';
    article.append(probe);
    const result = {
      accent: getComputedStyle(control).color,
      card: getComputedStyle(article).backgroundColor,
      primaryFill: getComputedStyle(probe).backgroundColor,
      primaryText: getComputedStyle(probe).color,
    };
    probe.remove();
    return result;
  });
}

// @node-site: config.json comes from the Node server.
test.describe('a publisher’s pale themeColor (a yellow that reads 1.4:1 on white)', () => {
  test.use({ serverOptions: { site: { name: 'Yellow', themeColor: '#ffdd00' } } });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`is adjusted where it would be unreadable, never shipped so (${colorScheme})`, { tag: '@node-site' }, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await expect(page).toHaveTitle('Yellow');
      await expect.poll(async () => (await drawn(page)).accent).not.toBe('rgb(26, 86, 219)'); // the default accent: the config was applied
      const colours = await drawn(page);
      expect(contrast(rgb(colours.accent), rgb(colours.card))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(rgb(colours.primaryFill), rgb(colours.primaryText))).toBeGreaterThanOrEqual(4.5);
      if (colorScheme === 'dark') expect(colours.accent).toBe('rgb(255, 221, 0)'); // readable as given on the dark card
    });
  }
});
