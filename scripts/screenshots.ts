// Renders the README's screenshots: on a phone (Playwright's Pixel 7 descriptor: touch, mobile,
// its pixel ratio) in dark and in light, and on a desktop in light. Each shows the library with
// one episode downloaded and one downloading, an episode's page, the Downloads view with its
// storage bar, the player with its controls on the picture, and the mini-player; on the phone also
// Select mode, the settings sheet and the Ask sheet (Download quality: Ask each time). The library
// also in Arabic and in German on the phone (light), for README "Localization": the browser's
// language set, as a viewer's would be.
// Usage: npm run build && npx tsx scripts/screenshots.ts [--only=phone-ar,phone-de]
import { resolve } from 'node:path';
import { devices, type BrowserContextOptions, type Page } from '@playwright/test';
import { startEpisodeServer } from '../server/episodeServer.ts';
import { launchChromium } from './shared/chromium.ts';
import { ar } from '../src/i18n/messages/ar.ts';
import { de } from '../src/i18n/messages/de.ts';
import { en } from '../src/i18n/messages/en.ts';
import type { Messages } from '../src/i18n/types.ts';

// With the demo's renditions (made by ffmpeg once per machine): the quality menu and the Ask sheet have something to offer.
const server = await startEpisodeServer({ demo: true, renditions: true, appDir: resolve('dist'), throttleBytesPerSecond: 1024 * 1024 });
const browser = await launchChromium();

// A look with its own words renders the library only: the other views are shown in English.
const looks: [name: string, options: BrowserContextOptions, words?: Messages][] = [
  ['phone-dark', { ...devices['Pixel 7'], colorScheme: 'dark' }],
  ['phone-light', { ...devices['Pixel 7'], colorScheme: 'light' }],
  ['desktop', { viewport: { width: 1280, height: 800 }, colorScheme: 'light' }],
  ['phone-ar', { ...devices['Pixel 7'], colorScheme: 'light', locale: 'ar' }, ar],
  ['phone-de', { ...devices['Pixel 7'], colorScheme: 'light', locale: 'de-DE' }, de],
];
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');

const card = (page: Page, title: RegExp) => page.getByRole('article', { name: title });
/**
 * A picture once every transition has ended (the mini-player slides in: a shot mid-way cuts it off); spinners go on.
 * The pointer is moved off what it last clicked first: on a desktop it would still hover it.
 */
const shot = async (page: Page, name: string) => {
  await page.mouse.move(0, 0);
  await page.evaluate(() => Promise.all(document.getAnimations().filter((animation) => animation.effect?.getTiming().iterations !== Infinity).map((animation) => animation.finished.catch(() => undefined))));
  await page.screenshot({ path: `docs/screenshot-${name}.png` });
};

try {
  for (const [look, options, localized] of looks) {
    if (only && !only.includes(look)) continue;
    const words = localized ?? en;
    // "Downloading 12% · …" in the look's words: its text before the percentage, then a digit from 1 (Latin or Arabic-Indic).
    const downloading = new RegExp(`${words['control.downloading'].split('{percent}')[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[1-9\u0661-\u0669]`);
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const press = (locator: ReturnType<Page['locator']>) => (options.hasTouch ? locator.tap() : locator.click());
    await page.goto(server.origin);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await press(card(page, /Offline video/).getByRole('button', { name: words['card.download'], exact: true }));
    await card(page, /Offline video/).getByText(new RegExp(`^${words['common.downloaded']}`)).waitFor();
    await press(card(page, /long download/).getByRole('button', { name: words['card.download'], exact: true }));
    await card(page, /long download/).getByText(downloading).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, `library-${look}`);
    if (localized) {
      await context.close();
      continue;
    }

    await press(card(page, /Offline video/).getByRole('link', { name: /Offline video/ }));
    await page.getByRole('heading', { level: 2, name: /Offline video/ }).waitFor();
    await page.locator('.episode-page img').evaluate((image: HTMLImageElement) => image.decode());
    await shot(page, `episode-${look}`);

    await press(page.getByRole('link', { name: 'Downloads', exact: true }));
    await page.getByRole('region', { name: 'Downloads' }).getByRole('img', { name: /Downloads .* free/ }).waitFor();
    await shot(page, `downloads-${look}`);

    if (look === 'phone-light') {
      await press(page.getByRole('button', { name: 'Download settings' }));
      const sheet = page.getByRole('dialog', { name: 'Download settings' });
      await press(sheet.getByRole('checkbox', { name: /Use at most/ }));
      await sheet.getByRole('combobox', { name: 'Remove watched downloads' }).selectOption('When watched');
      await press(sheet.getByRole('checkbox', { name: 'Smart downloads' }));
      await sheet.getByRole('combobox', { name: 'Download quality' }).selectOption('Ask each time');
      await sheet.getByRole('combobox', { name: 'Download quality' }).scrollIntoViewIfNeeded();
      await shot(page, 'settings-phone');
      await press(sheet.getByRole('button', { name: 'Done' }));
      await press(page.getByRole('link', { name: 'Episodes', exact: true }));
      // Ask each time: Download opens the sheet, each rendition with its size.
      await press(card(page, /Background Fetch/).getByRole('button', { name: 'Download', exact: true }));
      const qualities = page.getByRole('dialog', { name: 'Download quality' });
      await qualities.getByRole('radio', { name: /^720p · \d/ }).waitFor();
      await shot(page, 'quality-sheet-phone');
      await press(qualities.getByRole('button', { name: 'Cancel' }));
      await press(page.getByRole('button', { name: 'Select', exact: true }));
      for (const title of [/Service workers/, /Background Fetch/, /long download/]) await page.getByRole('checkbox', { name: title }).check();
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, 'select-phone');
      await press(page.getByRole('button', { name: 'Done' }));
    }

    await press(page.getByRole('link', { name: 'Episodes', exact: true }));
    await press(card(page, /Service workers/).getByRole('button', { name: /^Play/ }));
    const video = page.locator('.player video');
    await video.evaluate((v: HTMLVideoElement) => new Promise((done) => (v.readyState >= 2 ? done(0) : v.addEventListener('loadeddata', done, { once: true }))));
    // Paused at 6.5 s with captions on: the same frame on every run, and the controls stay while paused.
    await video.evaluate(
      (v: HTMLVideoElement) =>
        new Promise((done) => {
          v.pause();
          for (const track of v.textTracks) track.mode = track.language === 'en' ? 'showing' : 'disabled';
          v.addEventListener('seeked', done, { once: true });
          v.currentTime = 6.5;
        }),
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, `player-${look}`);

    // Leaving while it plays keeps it in the bar at the bottom.
    await video.evaluate((v: HTMLVideoElement) => v.play());
    await press(page.getByRole('button', { name: 'Close player' }));
    await page.locator('.player.mini').waitFor();
    await video.evaluate((v: HTMLVideoElement) => v.pause());
    await shot(page, `mini-${look}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
