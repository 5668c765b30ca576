import type { Page } from '@playwright/test';
import { demoEpisodes } from '../../server/demoCatalog.ts';
import { appDb, closeDownloadSettings, episode, expect, mediaCacheKeys, openApp, openDownloadSettings, status, test, titles } from './fixtures.ts';

/** Plays the open player from `seconds` to the end, and resolves on `ended`. */
async function playToEnd(page: Page, seconds: number): Promise<void> {
  await page.locator('video').evaluate(
    (v: HTMLVideoElement, seconds) =>
      new Promise<void>((resolve, reject) => {
        v.addEventListener('ended', () => resolve(), { once: true });
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)));
        v.currentTime = seconds;
        void v.play().catch(reject);
      }),
    seconds,
  );
}

test.describe('several at once', () => {
  test.use({ serverOptions: { throttleBytesPerSecond: 6 * 1024 * 1024 } });

  test('four selected: one runs, the others say "Queued · n of 4" in the order chosen; one is cancelled from the queue; the rest end Downloaded with the page closed', async ({ context, server, page }) => {
    test.setTimeout(180_000);
    await page.getByRole('button', { name: 'Select' }).click();
    for (const title of [titles.large, titles.small, titles.third, titles.other]) {
      await page.getByRole('checkbox', { name: `Select ${title}` }).check();
    }
    const total = [titles.large, titles.small, titles.third, titles.other].length;
    await expect(page.getByRole('group', { name: 'Select episodes' })).toContainText(`${total} selected · 49 MB`);
    await page.getByRole('button', { name: /^Download 4 episodes \(/ }).click();

    await expect(status(page, titles.large)).toHaveText(/^Downloading/, { timeout: 30_000 });
    await expect(status(page, titles.small)).toHaveText('Queued · 2 of 4');
    await expect(status(page, titles.third)).toHaveText('Queued · 3 of 4');
    await expect(status(page, titles.other)).toHaveText('Queued · 4 of 4');

    await episode(page, titles.third).getByRole('button', { name: 'Cancel' }).click();
    await expect(status(page, titles.third)).toHaveText('Cancelled');
    await expect(status(page, titles.other)).toHaveText('Queued · 3 of 3');

    // The app's page closes; another tab stays (a fetch not begun waits for some tab: docs/background-fetch-in-chromium.md).
    const keeper = await context.newPage();
    await page.close();
    await Promise.all([server.mediaFinished('long-download'), server.mediaFinished('service-workers'), server.mediaFinished('background-fetch')]);
    const again = await openApp(context, server.origin);
    for (const title of [titles.large, titles.small, titles.other]) await expect(status(again, title)).toHaveText('Downloaded');
    await expect(status(again, titles.third)).toHaveText('Cancelled');
    expect((await mediaCacheKeys(again)).sort()).toEqual(
      ['background-fetch', 'long-download', 'service-workers'].map((id) => `${server.origin}/media/${id}`),
    );
    await keeper.close();
  });
});

test.describe('more than Chromium holds at once', () => {
  const seven = Array.from({ length: 7 }, (_, i) => ({ ...demoEpisodes[1]!, id: `part-${i + 1}`, title: `Part ${i + 1}` }));
  test.use({ serverOptions: { episodes: seven, throttleBytesPerSecond: 256 * 1024 } });

  test('seven selected: five background fetches (the most Chromium allows an origin), two queued in the app and started as slots free; all end Downloaded', async ({ server, page }) => {
    test.setTimeout(180_000);
    await page.getByRole('button', { name: 'Select' }).click();
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    await page.getByRole('button', { name: /^Download 7 episodes/ }).click();
    await expect(status(page, 'Part 7')).toHaveText('Queued · 7 of 7');
    await expect(status(page, 'Part 2')).toHaveText('Queued · 2 of 7');
    // The selection is queued first, then the planner fills Chromium's five slots.
    await expect.poll(async () => (await page.evaluate(async () => (await navigator.serviceWorker.ready).backgroundFetch!.getIds())).length).toBe(5);
    for (const { title } of seven) await expect(status(page, title)).toHaveText('Downloaded', { timeout: 120_000 });
    expect((await mediaCacheKeys(page)).length).toBe(7);
    expect(server.mediaRequests.filter((request) => request.status === 302).length).toBe(7);
  });
});

test('remove watched downloads: not while the episode plays, then removed and reported', async ({ page }) => {
  const settings = await openDownloadSettings(page);
  await settings.getByRole('combobox', { name: 'Remove watched downloads' }).selectOption('When watched');
  await closeDownloadSettings(page);
  await page.getByRole('link', { name: 'Episodes', exact: true }).click();
  await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.small)).toHaveText('Downloaded');

  await episode(page, titles.small).getByRole('button', { name: /^Play/ }).click();
  await playToEnd(page, 18.5); // watched from 95 % (19 s) and then ended, the player still open on it
  await expect(episode(page, titles.small)).toContainText('Watched');
  await expect(status(page, titles.small)).toHaveText('Downloaded');

  await page.getByRole('button', { name: 'Close player' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed 1 watched episode, 263 KB freed.' })).toBeVisible();
  await expect(episode(page, titles.small).getByRole('button', { name: 'Download' })).toBeVisible();
  // The record goes first, its bytes a moment later.
  await expect.poll(() => mediaCacheKeys(page)).toEqual([]);
});

test('smart downloads: when a downloaded episode ends, the next one downloads and the watched one goes', async ({ server, page }) => {
  const settings = await openDownloadSettings(page);
  await settings.getByRole('checkbox', { name: 'Smart downloads' }).check();
  await closeDownloadSettings(page);
  await page.getByRole('link', { name: 'Episodes', exact: true }).click();
  await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, titles.small)).toHaveText('Downloaded');

  await episode(page, titles.small).getByRole('button', { name: /^Play/ }).click();
  await playToEnd(page, 19);
  await expect(status(page, titles.other)).toHaveText('Downloaded');
  await page.getByRole('button', { name: 'Close player' }).click();
  await expect(episode(page, titles.small).getByRole('button', { name: 'Download' })).toBeVisible();
  // The record goes first, its bytes a moment later (never the other way round).
  await expect.poll(() => mediaCacheKeys(page)).toEqual([`${server.origin}/media/background-fetch`]);
});

test('the storage limit refuses a download that would pass it; with watched downloads removable, the oldest watched make room', async ({ page }) => {
  const settings = await openDownloadSettings(page);
  await settings.getByRole('checkbox', { name: /Use at most/ }).check();
  await settings.getByRole('spinbutton', { name: 'Download limit in GB' }).fill('0.0005'); // 500 KB
  await settings.getByRole('spinbutton', { name: 'Download limit in GB' }).press('Enter');
  await closeDownloadSettings(page);
  await page.getByRole('link', { name: 'Episodes', exact: true }).click();

  for (const title of [titles.small, titles.other]) {
    await episode(page, title).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, title)).toHaveText('Downloaded'); // 263 KB + 198 KB
  }
  await episode(page, titles.third).getByRole('button', { name: 'Download' }).click(); // 295 KB more
  await expect(status(page, titles.third)).toHaveText('Over your 500 KB download limit: delete something or raise the limit');
  await expect(episode(page, titles.third).getByRole('link', { name: 'Manage downloads' })).toBeVisible();

  // Watched, but "24 h after watched" has not come: kept, until the limit needs the room.
  await openDownloadSettings(page).then((sheet) => sheet.getByRole('combobox', { name: 'Remove watched downloads' }).selectOption('24 h after watched'));
  await closeDownloadSettings(page);
  await page.getByRole('link', { name: 'Episodes', exact: true }).click();
  for (const title of [titles.small, titles.other]) {
    await episode(page, title).getByRole('button', { name: /^Play/ }).click();
    await playToEnd(page, 19);
    await page.getByRole('button', { name: 'Close player' }).click();
  }
  await expect(status(page, titles.small)).toHaveText('Downloaded');
  await expect(status(page, titles.other)).toHaveText('Downloaded');

  await episode(page, titles.third).getByRole('button', { name: 'Retry' }).click();
  await expect(status(page, titles.third)).toHaveText('Downloaded');
  await expect(page.getByRole('status').filter({ hasText: 'Removed 1 watched episode, 263 KB freed to stay under your 500 KB limit.' })).toBeVisible();
  await expect(episode(page, titles.small).getByRole('button', { name: 'Download' })).toBeVisible(); // the oldest watched
  await expect(status(page, titles.other)).toHaveText('Downloaded');
});

test('a periodic sync while the app is closed adds a new episode to the saved library and counts it on the app icon; opening the app marks it New', async ({ context, server, page }) => {
  await expect(page.getByRole('article')).toHaveCount(4);
  // The library as the viewer saw it is remembered once shown.
  await expect
    .poll(async () => (await appDb<string[]>(page, { store: 'seen', get: 'episodes' }))?.length ?? 0)
    .toBe(4);

  // The publisher adds an episode; the app is closed (one blank tab stays).
  const published = (await (await fetch(`${server.origin}/api/catalog.json`)).json()) as { episodes: Record<string, unknown>[] };
  published.episodes.push({ ...published.episodes[0], id: 'brand-new', title: 'A brand new episode' });
  server.faults.catalogBody = JSON.stringify(published);
  const blank = await context.newPage();
  const devtools = await context.newCDPSession(blank);
  const registrationId = new Promise<string>((resolve) =>
    devtools.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((registration) => registration.scopeURL.startsWith(server.origin) && !registration.isDeleted);
      if (ours) resolve(ours.registrationId);
    }),
  );
  await devtools.send('ServiceWorker.enable');
  const id = await registrationId;
  const worker = context.serviceWorkers().find((candidate) => candidate.url().startsWith(server.origin));
  await worker!.evaluate(() => {
    const scope = self as unknown as { badges: number[]; navigator: Navigator & { setAppBadge(count: number): Promise<void> } };
    scope.badges = [];
    const setAppBadge = scope.navigator.setAppBadge.bind(scope.navigator);
    scope.navigator.setAppBadge = (count: number) => {
      scope.badges.push(count);
      return setAppBadge(count);
    };
  });
  await page.close();
  await devtools.send('ServiceWorker.dispatchPeriodicSyncEvent', { origin: server.origin, registrationId: id, tag: 'refresh-catalog' });
  await expect.poll(() => worker!.evaluate(() => (self as unknown as { badges: number[] }).badges)).toEqual([1]);

  // Offline, the saved library has it, marked New; seen now.
  await context.setOffline(true);
  await server.down();
  const again = await openApp(context, server.origin);
  await expect(episode(again, 'A brand new episode')).toContainText('New');
  await expect(episode(again, titles.small)).not.toContainText('New');
  await blank.close();
});

test('an episode open in a player in another tab is never removed by this tab’s tidy; one watched and closed is', async ({ context, page }) => {
  for (const title of [titles.small, titles.other]) {
    await episode(page, title).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, title)).toHaveText('Downloaded');
  }
  // Removal off in this tab: one watched and closed, the other watched and left open in the player.
  await episode(page, titles.other).getByRole('button', { name: /^Play/ }).click();
  await playToEnd(page, 19);
  await page.getByRole('button', { name: 'Close player' }).click();
  await episode(page, titles.small).getByRole('button', { name: /^Play/ }).click();
  await playToEnd(page, 18.5);
  // The setting turned on for the next tab that opens (this one keeps what it read).
  await page.evaluate(() => localStorage.setItem('offline-episodes:housekeeping', JSON.stringify({ removeWatched: 'when-watched', smartDownloads: false })));

  const other = await openApp(context, new URL(page.url()).origin);
  await expect(other.getByRole('status').filter({ hasText: /^Removed 1 watched episode, 198\sKB freed\.$/ })).toBeVisible();
  await expect(episode(other, titles.other).getByRole('button', { name: 'Download' })).toBeVisible();
  await expect(status(other, titles.small)).toHaveText('Downloaded'); // playing in the first tab
  await expect(page.locator('video')).toBeVisible();
  expect(await mediaCacheKeys(other)).toHaveLength(1);
});
