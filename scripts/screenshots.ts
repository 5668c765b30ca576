// Renders the README's screenshots (phone in dark mode, desktop in light, the Downloads view on a
// phone in light), one download running; Select mode and the housekeeping settings on a phone;
// then the player on a phone (captions on) and a desktop.
// Usage: npm run build && npx tsx scripts/screenshots.ts
import { resolve } from 'node:path';
import { devices } from '@playwright/test';
import { startEpisodeServer } from '../server/episodeServer.ts';
import { launchChromium } from './shared/chromium.ts';

const server = await startEpisodeServer({ demo: true, appDir: resolve('dist'), throttleBytesPerSecond: 1024 * 1024 });
const browser = await launchChromium();
try {
  for (const [name, viewport, colorScheme] of [
    ['phone', devices['Pixel 7'].viewport, 'dark'],
    ['desktop', { width: 1280, height: 800 }, 'light'],
  ] as const) {
    {
      const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(server.origin);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await page.getByRole('article', { name: /Offline video/ }).getByRole('button', { name: 'Download' }).click();
      await page.getByRole('article', { name: /Offline video/ }).getByText('Downloaded').waitFor();
      await page.getByRole('article', { name: /long download/ }).getByRole('button', { name: 'Download' }).click();
      await page.getByRole('article', { name: /long download/ }).getByText(/Downloading [1-9]/).waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `docs/screenshot-${name}.png` });
      if (name === 'phone') {
        await page.emulateMedia({ colorScheme: 'light' });
        await page.getByRole('link', { name: 'Downloads' }).click();
        await page.getByRole('region', { name: 'Downloads' }).waitFor();
        await page.screenshot({ path: 'docs/screenshot-downloads-phone.png' });
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.getByRole('link', { name: 'Episodes' }).click();
      }
      if (name === 'phone') {
        await page.emulateMedia({ colorScheme: 'light' });
        await page.getByRole('button', { name: 'Select', exact: true }).click();
        for (const title of [/Service workers/, /Background Fetch/, /Offline video/, /long download/]) {
          await page.getByRole('checkbox', { name: title }).check();
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: 'docs/screenshot-select-phone.png' });
        await page.getByRole('button', { name: 'Done' }).click();
        await page.getByRole('link', { name: 'Downloads', exact: true }).click();
        const view = page.getByRole('region', { name: 'Downloads' });
        await view.getByRole('checkbox', { name: /Use at most/ }).check();
        await view.getByRole('combobox', { name: 'Remove watched downloads' }).selectOption('When watched');
        await view.getByRole('checkbox', { name: 'Smart downloads' }).check();
        await view.getByRole('group', { name: /manage themselves/ }).scrollIntoViewIfNeeded();
        await page.screenshot({ path: 'docs/screenshot-settings-phone.png' });
        await page.getByRole('link', { name: 'Episodes' }).click();
        await page.emulateMedia({ colorScheme: 'dark' });
      }
      await page.getByRole('article', { name: /Service workers/ }).getByRole('button', { name: /^Play/ }).click();
      const video = page.locator('.player video');
      await video.evaluate((v: HTMLVideoElement) => new Promise((resolve) => (v.readyState >= 2 ? resolve(0) : v.addEventListener('loadeddata', resolve, { once: true }))));
      if (name === 'phone') await page.getByRole('combobox', { name: 'Captions' }).selectOption('en');
      // Paused at 6.5 s: a frame with a caption on it, the same on every run.
      await video.evaluate(
        (v: HTMLVideoElement) =>
          new Promise((resolve) => {
            v.pause();
            v.addEventListener('seeked', resolve, { once: true });
            v.currentTime = 6.5;
          }),
      );
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `docs/screenshot-player-${name}.png` });
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
