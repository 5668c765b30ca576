import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { devices, type Page } from '@playwright/test';
import { launchPersistent } from '../../scripts/shared/chromium.ts';
import { demoEpisodes, subscriberEpisodes } from '../../server/demoCatalog.ts';
import { episode, expect, openApp, status, test, titles } from './fixtures.ts';

/** axe-core's verdict on the page as it is now; every rule, WCAG 2.2 AA tags included. */
async function expectNoAxeViolations(page: Page, view: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${view}`).toEqual([]);
}

test('Chromium finds the app installable: manifest, icons, service worker', async ({ server }) => {
  // A real profile: Chromium never offers installation in an incognito-like context.
  const profileDir = await mkdtemp(join(tmpdir(), 'offline-episodes-profile-'));
  const context = await launchPersistent(profileDir);
  try {
    const page = await openApp(context, server.origin);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data ?? '{}') as Record<string, unknown>;
    expect(parsed).toMatchObject({ name: 'Offline Episodes', short_name: 'Episodes', display: 'standalone', start_url: '/', scope: '/' });
    expect(parsed.icons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sizes: '192x192' }),
        expect.objectContaining({ sizes: '512x512' }),
        expect.objectContaining({ purpose: 'maskable' }),
      ]),
    );
  } finally {
    await context.close();
    await rm(profileDir, { recursive: true, force: true });
  }
});

test('a site with no settings of its own starts without a console error, a first visit and a controlled one: its config.json is the build’s', async ({ context, server }) => {
  const logged: string[] = [];
  context.on('console', (message) => void (message.type() === 'error' && logged.push(`${message.text()} (${message.location().url})`)));
  context.on('weberror', (error) => void logged.push(error.error().message));
  const config = context.waitForEvent('response', (response) => response.url() === `${server.origin}/config.json`);
  const page = await openApp(context, server.origin);
  expect((await config).status()).toBe(200);
  expect(await (await config).json()).toEqual({});
  await page.reload();
  await expect(page.getByRole('article').first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Offline Episodes');
  expect(logged).toEqual([]);
});

test('a link to an episode (as the download notification opens) focuses that episode', async ({ context, server }) => {
  const page = await openApp(context, server.origin, '/?episode=offline-video');
  const heading = episode(page, titles.third).getByRole('heading');
  await expect(heading).toBeFocused();
  await expect(episode(page, titles.third)).toHaveClass(/highlighted/);
});

test('keyboard only: Download, Play and Delete are reached and pressed with the keyboard, focus stays sensible', async ({ page }) => {
  const download = episode(page, titles.small).getByRole('button', { name: 'Download' });
  await download.focus();
  await page.keyboard.press('Enter');
  await expect(status(page, titles.small)).toHaveText('Downloaded');
  await expect(episode(page, titles.small).getByRole('button', { name: 'Play' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(episode(page, titles.small).getByRole('button', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(episode(page, titles.small).getByRole('button', { name: 'Download' })).toBeFocused();
});

test.describe('accessibility', () => {
  test.use({ serverOptions: { episodes: [...demoEpisodes, ...subscriberEpisodes] } });
  for (const [size, viewport] of [
    ['phone', devices['Pixel 7'].viewport],
    ['desktop', { width: 1280, height: 800 }],
  ] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test(`no axe violations on any view (${size}, ${colorScheme})`, async ({ server, page }) => {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme });
        await expectNoAxeViolations(page, 'the library');

        await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
        await expect(status(page, titles.small)).toHaveText('Downloaded');
        server.faults.mediaStatus = 404;
        await episode(page, titles.third).getByRole('button', { name: 'Download' }).click();
        await expect(status(page, titles.third)).toHaveText(/^Failed/);
        server.faults.mediaStatus = undefined;
        server.faults.throttleBytesPerSecond = 1024 * 1024;
        await episode(page, titles.large).getByRole('button', { name: 'Download' }).click();
        await expect(status(page, titles.large)).toHaveText(/Downloading/);
        await expectNoAxeViolations(page, 'the library with downloaded, failed and running episodes');

        await episode(page, titles.small).getByRole('button', { name: 'Play' }).click();
        await expect(page.locator('video')).toBeVisible();
        await expectNoAxeViolations(page, 'the player');

        await page.getByRole('link', { name: 'Downloads', exact: true }).click();
        await expect(page.getByRole('region', { name: 'Downloads' })).toBeVisible();
        await expectNoAxeViolations(page, 'the Downloads view');
        await page.getByRole('region', { name: 'Downloads' }).getByRole('button', { name: 'Delete all' }).click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await expectNoAxeViolations(page, 'the Delete all confirmation');
        await page.keyboard.press('Escape');

        // Accounts: a subscribers' episode signed out, and the sign-in dialog.
        await page.getByRole('link', { name: 'Episodes', exact: true }).click();
        await expect(episode(page, 'Subscribers: caching strategies in depth').getByRole('button', { name: 'Sign in to download' })).toBeVisible();
        await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
        await expect(page.getByRole('dialog', { name: 'Sign in' })).toBeVisible();
        await expectNoAxeViolations(page, 'the sign-in dialog');
      });
    }
  }
});

test('before any script, index.html draws the library’s shape, and the first render draws it in the same places (phone and desktop)', async ({ context: first, server }) => {
  const browser = first.browser()!;
  const boxes = (page: Page) =>
    page.evaluate(() =>
      ['.app-header', '.app-header nav', '.select-bar', '.skeleton .episode'].map((selector) => {
        const box = document.querySelector(selector)?.getBoundingClientRect();
        return box && { selector, top: box.top, height: box.height };
      }),
    );
  for (const viewport of [devices['Pixel 7'].viewport, { width: 1280, height: 800 }]) {
    // What a slow link shows while the scripts are on their way: the page without them.
    const plain = await browser.newContext({ viewport, javaScriptEnabled: false });
    const shell = await plain.newPage();
    await shell.goto(server.origin);
    const drawn = await boxes(shell);
    await plain.close();
    expect(drawn.every((box) => box && box.height > 0), JSON.stringify(drawn)).toBe(true);
    // The app's first render with the catalog still on its way: its skeleton where the shell's was.
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.route('**/api/catalog.json', () => new Promise<void>(() => undefined));
    await page.goto(server.origin);
    await expect(page.getByRole('link', { name: 'Downloads', exact: true })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toBeAttached();
    expect(await boxes(page)).toEqual(drawn);
    await context.close();
  }
});

// Chromium fires beforeinstallprompt only for a real profile after engagement heuristics; the
// events are dispatched here with a prompt() that records its call, as the browser's would show one.
test('on a phone, Install app appears in the header’s first line and moves nothing on the page', async ({ page }) => {
  await page.setViewportSize(devices['Pixel 7'].viewport);
  await expect(page.getByRole('article').first()).toBeVisible();
  // Shifts are counted from here on (the observer is not buffered): the records not yet delivered are taken at the end.
  const shifts = await page.evaluateHandle(() => {
    const seen: number[] = [];
    const observer = new PerformanceObserver((list) => seen.push(...list.getEntries().map((entry) => (entry as PerformanceEntry & { value: number }).value)));
    observer.observe({ type: 'layout-shift' });
    return () => [...seen, ...observer.takeRecords().map((entry) => (entry as PerformanceEntry & { value: number }).value)];
  });
  const header = await page.locator('header').boundingBox();
  await page.evaluate(() => dispatchEvent(Object.assign(new Event('beforeinstallprompt', { cancelable: true }), { prompt: async () => undefined, userChoice: Promise.resolve({ outcome: 'dismissed' }) })));
  await expect(page.getByRole('button', { name: 'Install app' })).toBeVisible();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  expect(await page.locator('header').boundingBox()).toEqual(header);
  expect(await shifts.evaluate((taken) => taken())).toEqual([]);
});

test('Install app appears with the browser’s install prompt, shows it when pressed, and Not now is remembered', async ({ page }) => {
  const offerInstall = () =>
    page.evaluate(() => {
      const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
        prompt: async () => void ((window as unknown as { prompted: number }).prompted = ((window as unknown as { prompted?: number }).prompted ?? 0) + 1),
        userChoice: Promise.resolve({ outcome: 'accepted' }),
      });
      dispatchEvent(event);
      return event.defaultPrevented; // held for the app's button, not the browser's own bar
    });
  await expect(page.getByRole('article').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Install app' })).toHaveCount(0);
  expect(await offerInstall()).toBe(true);
  await page.getByRole('button', { name: 'Install app' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { prompted?: number }).prompted)).toBe(1);
  await expect(page.getByRole('button', { name: 'Install app' })).toHaveCount(0); // a prompt is shown once

  expect(await offerInstall()).toBe(true);
  await page.getByRole('button', { name: 'Not now' }).click();
  await expect(page.getByRole('button', { name: 'Install app' })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('article').first()).toBeVisible();
  await offerInstall();
  await expect(page.getByRole('article').first()).toBeVisible();
  expect(await page.getByRole('button', { name: 'Install app' }).count()).toBe(0); // remembered
});
