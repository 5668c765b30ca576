import AxeBuilder from '@axe-core/playwright';
import { devices, type Locator, type Page } from '@playwright/test';
import { launchChromium } from '../../scripts/shared/chromium.ts';
import { appDb, episode, expect, openDownloadsView, pauseAt, playing, test as base, testCardTitle, titles, withTestCard } from './fixtures.ts';

/**
 * The player's own controls in real Chromium: at the Pixel 7 descriptor with touch (the phone the
 * issue is about) and on a desktop. Every page records the CSP violations it sees, from the start.
 */
const test = base.extend<{ phone: boolean }>({
  phone: [true, { option: true }],
  context: async ({ phone }, use) => {
    const browser = await launchChromium();
    const { defaultBrowserType: _, ...pixel7 } = devices['Pixel 7'];
    const context = await browser.newContext(phone ? pixel7 : { viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { cspViolations: seen });
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.sourceFile}:${event.lineNumber}`), true);
      // Every ripple a double tap draws, as it appears: it fades in 0.7 s, and a poll could miss it.
      const ripples: string[] = [];
      Object.assign(window, { ripples });
      new MutationObserver((records) => {
        for (const node of records.flatMap((record) => [...record.addedNodes])) {
          if (node instanceof HTMLElement && node.classList.contains('ripple')) ripples.push(`${node.className}: ${node.textContent}`);
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await use(context);
    await browser.close();
  },
});

const video = (page: Page) => page.locator('video');
const stage = (page: Page) => page.locator('.player .stage');
const controlsLayer = (page: Page) => page.locator('.player .controls-layer');
const miniPlayer = (page: Page) => page.locator('.player.mini');
const currentTime = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => v.currentTime);
const paused = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => v.paused);
const ripplesDrawn = (page: Page) => page.evaluate(() => (window as unknown as { ripples: string[] }).ripples);
const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

/**
 * Two taps at a fraction of the picture's width, at mid height, as a finger makes them: real touch
 * input, sent in one burst so that no gap between the test's calls stretches them past the double-tap window.
 */
async function doubleTap(page: Page, fraction: number): Promise<void> {
  const box = (await stage(page).boundingBox())!;
  const touchPoints = [{ x: box.x + box.width * fraction, y: box.y + box.height / 2 }];
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchEnd') => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchStart' ? touchPoints : [] });
  await Promise.all([touch('touchStart'), touch('touchEnd'), touch('touchStart'), touch('touchEnd')]);
  await cdp.detach();
}

/**
 * Taps one of the player's controls as a viewer does: playing, they hide after ~3 s, so a tap on
 * the picture brings them back first. Again (for at most 15 s) if the 3 s ran out between the check and the tap.
 */
async function tapControl(page: Page, control: Locator): Promise<void> {
  await expect(async () => {
    if (!(await controlsLayer(page).evaluate((layer) => layer.classList.contains('shown')))) {
      const box = (await stage(page).boundingBox())!;
      await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    }
    await control.tap({ timeout: 10_000 });
  }).toPass({ timeout: 15_000 });
}

async function expectNoSeriousAxeViolations(page: Page, view: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).include('.player').analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`), `axe on ${view}`).toEqual([]);
}

function playButton(page: Page, title: string): Locator {
  return episode(page, title).getByRole('button', { name: /^Play( from \d|$)/ });
}

test.describe('on a phone', () => {
  test.use({ serverOptions: withTestCard });

  test('double tap seeks back 10 s and forward 30 s with a ripple, controls hide while playing and a tap brings them back, the scrubber seeks; no CSP violation', async ({ page }) => {
    await playButton(page, testCardTitle).tap();
    await playing(page);
    // No keyboard on a phone: no keyboard button, and no line of keys.
    await expect(page.getByRole('button', { name: 'Keyboard shortcuts' })).toBeHidden();
    await expect(page.getByText(/Space or K/)).toBeHidden();

    // Playing, the controls go after ~3 s; a tap on the picture brings them back, and they go again.
    await expect(controlsLayer(page)).not.toHaveClass(/shown/, { timeout: 6_000 });
    const box = (await stage(page).boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await expect(controlsLayer(page)).toHaveClass(/shown/);
    await expect(controlsLayer(page)).not.toHaveClass(/shown/, { timeout: 6_000 });

    // Double taps, paused so the arithmetic is exact: right third +30 s, left third −10 s.
    await pauseAt(page, 10);
    await doubleTap(page, 0.85);
    await expect.poll(() => currentTime(page)).toBe(40);
    await expect.poll(() => ripplesDrawn(page)).toEqual(['ripple forward: +30 s']);
    await expect(page.getByRole('status').filter({ hasText: 'Forward 30 seconds, 0:40' })).toHaveCount(1);
    await expect(page.locator('.ripple')).toHaveCount(0); // it fades
    await doubleTap(page, 0.15);
    await expect.poll(() => currentTime(page)).toBe(30);
    await expect.poll(() => ripplesDrawn(page)).toEqual(['ripple forward: +30 s', 'ripple back: −10 s']);
    // Playing, the right third seeks forward as well (the middle is the Play button's); from 10 s,
    // so that +30 s stays inside the minute.
    await pauseAt(page, 10);
    await playing(page);
    const before = await currentTime(page);
    await doubleTap(page, 0.85);
    await expect.poll(() => currentTime(page)).toBeGreaterThan(before + 29);
    expect(await currentTime(page)).toBeLessThan(before + 33);

    // The scrubber: a tap at three quarters seeks there; a drag shows the time under the finger.
    await pauseAt(page, 5);
    const scrubber = page.getByRole('slider', { name: 'Seek' });
    const track = (await scrubber.boundingBox())!;
    const duration = await video(page).evaluate((v: HTMLVideoElement) => v.duration);
    const xAt = (fraction: number) => track.x + 8 + (track.width - 16) * fraction; // the thumb's travel
    await page.touchscreen.tap(xAt(0.75), track.y + track.height / 2);
    await expect.poll(() => currentTime(page)).toBeCloseTo(duration * 0.75, 0);
    const cdp = await page.context().newCDPSession(page);
    const y = track.y + track.height / 2;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: xAt(0.75), y }] });
    for (const fraction of [0.7, 0.6, 0.5, 0.4, 0.25]) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: xAt(fraction), y }] });
    }
    const bubble = page.locator('.scrub-time');
    await expect(bubble).toBeVisible();
    await expect(bubble).toHaveText(/^0:1[45]$/); // a quarter of a minute
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(() => currentTime(page)).toBeCloseTo(duration * 0.25, 0);
    await expect(bubble).toHaveCount(0);

    // Every sheet a phone has: settings (speed and captions).
    await page.getByRole('button', { name: 'Settings' }).tap();
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    await expect(page.getByRole('dialog', { name: 'Settings' }).getByRole('combobox', { name: 'Speed' })).toBeVisible();
    await page.getByRole('button', { name: 'Close settings' }).tap();
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();

    expect(await cspViolations(page)).toEqual([]);
    // The listener does hear one: a style attribute set from script is refused.
    await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
    await expect.poll(() => cspViolations(page)).toEqual([expect.stringMatching(/^style-src/)]);
  });

  test('a tapped control keeps no hover highlight: on a phone no pointer rests on it', async ({ page }) => {
    await playButton(page, testCardTitle).tap();
    await playing(page);
    await pauseAt(page, 20);
    const back = page.getByRole('button', { name: /^Back 10/ });
    await tapControl(page, back);
    await expect.poll(() => currentTime(page)).toBe(10);
    expect(await back.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
  });

  test('the mini-player keeps the same episode playing across the library and Downloads; its play/pause, open and close work', async ({ page }) => {
    await playButton(page, testCardTitle).tap();
    await playing(page);
    await video(page).evaluate((v) => Object.assign(window, { firstVideo: v }));
    const sameElement = () => page.evaluate(() => document.querySelector('video') === (window as unknown as { firstVideo: unknown }).firstVideo);
    const advancing = async () => {
      const from = await currentTime(page);
      await expect.poll(() => currentTime(page)).toBeGreaterThan(from + 0.3);
    };
    const lockHeld = () => page.evaluate(async () => (await navigator.locks.query()).held?.map((lock) => lock.name));

    const at = await currentTime(page);
    await tapControl(page, page.getByRole('button', { name: 'Close player' }));
    await expect(miniPlayer(page)).toBeVisible();
    await expect(page).not.toHaveURL(/#play/);
    expect(await sameElement()).toBe(true);
    expect(await currentTime(page)).toBeGreaterThanOrEqual(at); // not reloaded: it goes on from where it was
    await advancing();
    expect(await lockHeld()).toContain('offline-episodes:playing:test-card');
    await expect.poll(() => page.evaluate(() => navigator.mediaSession.metadata?.title)).toBe(testCardTitle);

    await openDownloadsView(page);
    await expect(miniPlayer(page)).toBeVisible();
    expect(await sameElement()).toBe(true);
    await advancing();

    await miniPlayer(page).getByRole('button', { name: 'Pause', exact: true }).tap();
    await expect.poll(() => paused(page)).toBe(true);
    await expect.poll(() => page.evaluate(() => navigator.mediaSession.playbackState)).toBe('paused');
    await miniPlayer(page).getByRole('button', { name: 'Play', exact: true }).tap();
    await expect.poll(() => paused(page)).toBe(false);
    await advancing();

    await page.getByRole('link', { name: 'Episodes', exact: true }).tap();
    await expect(episode(page, testCardTitle)).toBeVisible();
    expect(await sameElement()).toBe(true);

    // A tap on the bar opens the player again, on the same element.
    await miniPlayer(page).getByRole('button', { name: `Open player: ${testCardTitle}` }).tap();
    await expect(page).toHaveURL(/#play\/test-card$/);
    await expect(miniPlayer(page)).toHaveCount(0);
    await expect(page.locator('.player .controls-layer')).toBeAttached();
    expect(await sameElement()).toBe(true);
    await advancing();

    // Back to the bar, and its Close stops the episode and lets it go.
    await tapControl(page, page.getByRole('button', { name: 'Close player' }));
    await expect(miniPlayer(page)).toBeVisible();
    await miniPlayer(page).getByRole('button', { name: 'Close player' }).tap();
    await expect(video(page)).toHaveCount(0);
    await expect.poll(() => page.evaluate(() => navigator.mediaSession.playbackState)).toBe('none');
    await expect.poll(lockHeld).not.toContain('offline-episodes:playing:test-card');
    expect(await cspViolations(page)).toEqual([]);
  });

  test('Play from start on the mini-player\'s episode plays it again from the beginning, on the same element', async ({ page }) => {
    await playButton(page, testCardTitle).tap();
    await playing(page);
    await pauseAt(page, 30);
    await playing(page);
    await tapControl(page, page.getByRole('button', { name: 'Close player' }));
    await expect(miniPlayer(page)).toBeVisible();
    await video(page).evaluate((v) => Object.assign(window, { firstVideo: v }));
    await episode(page, testCardTitle).getByRole('button', { name: 'Play from start' }).tap();
    await expect(page).toHaveURL(/#play\/test-card$/);
    await expect.poll(() => currentTime(page)).toBeLessThan(10);
    await playing(page);
    // The same element goes back, rather than a new one loading.
    expect(await page.evaluate(() => document.querySelector('video') === (window as unknown as { firstVideo: unknown }).firstVideo)).toBe(true);
    // And where the viewer is, as saved, follows: reopened later, it resumes near the start, not at 30 s.
    await expect.poll(async () => (await appDb<{ positionSeconds: number }>(page, { store: 'playback', get: 'test-card' }))?.positionSeconds).toBeLessThan(10);
  });

  test('the Cast button is absent without a device, and shown when the Remote Playback API reports one', async ({ context, page }) => {
    await playButton(page, titles.small).tap();
    await playing(page);
    await expect(page.getByRole('button', { name: 'Settings' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Cast' })).toHaveCount(0);

    // A device nearby, as Chromium on Android reports one.
    await context.addInitScript(() => {
      const remote = Object.assign(new EventTarget(), {
        state: 'disconnected',
        watchAvailability: (callback: (available: boolean) => void) => {
          setTimeout(() => callback(true), 0);
          return Promise.resolve(1);
        },
        cancelWatchAvailability: () => Promise.resolve(),
        prompt: () => Promise.resolve(),
      });
      Object.defineProperty(HTMLMediaElement.prototype, 'remote', { get: () => remote, configurable: true });
    });
    await page.reload();
    await playing(page);
    await expect(page.getByRole('button', { name: 'Cast' })).toBeVisible();
  });
});

test.describe('axe on the player', () => {
  for (const phone of [true, false]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test.describe(`${phone ? 'phone' : 'desktop'}, ${colorScheme}`, () => {
        test.use({ phone, colorScheme });
        test('nothing serious: the player, its settings sheet, and the mini-player', async ({ page }) => {
          await playButton(page, titles.small).click();
          await playing(page);
          await pauseAt(page, 3); // paused: the controls stay
          await expectNoSeriousAxeViolations(page, 'the player');
          await page.getByRole('button', { name: 'Settings' }).click();
          await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
          await expectNoSeriousAxeViolations(page, 'the settings sheet');
          await page.keyboard.press('Escape');
          await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();
          await playing(page);
          await page.getByRole('button', { name: 'Close player' }).click();
          await expect(miniPlayer(page)).toBeVisible();
          await expectNoSeriousAxeViolations(page, 'the mini-player');
          expect(await cspViolations(page)).toEqual([]);
        });
      });
    }
  }
});

test.describe('on a desktop', () => {
  test.use({ phone: false });

  test('a control under the pointer is lit, and not once the pointer leaves', async ({ page }) => {
    await playButton(page, titles.small).click();
    await playing(page);
    await pauseAt(page, 5);
    const back = page.getByRole('button', { name: /^Back 10/ });
    const background = () => back.evaluate((button) => getComputedStyle(button).backgroundColor);
    // Polled: the highlight fades in and out.
    await back.hover();
    await expect.poll(background).toBe('rgba(255, 255, 255, 0.12)');
    await page.mouse.move(0, 0);
    await expect.poll(background).toBe('rgba(0, 0, 0, 0)');
  });

  test('the keyboard dialog opens with ? and from its button; Escape closes the dialog, not the player', async ({ page }) => {
    await playButton(page, titles.small).click();
    await playing(page);
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await page.keyboard.press('Shift+Slash');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Play or pause');
    await expectNoSeriousAxeViolations(page, 'the keyboard dialog');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(video(page)).toHaveCount(1);
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(dialog).toBeVisible();
    await page.getByRole('button', { name: 'Close keyboard shortcuts' }).click();
    await expect(dialog).toBeHidden();
    expect(await cspViolations(page)).toEqual([]);
  });
});
