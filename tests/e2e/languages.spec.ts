import { demoEpisodes } from '../../server/demoCatalog.ts';
import { MESSAGES_CACHE } from '../../src/i18n/workerMessages.ts';
import { episode, expect, openApp, openDownloadSettings, playing, status, test, titles } from './fixtures.ts';

// The viewer's language comes from the browser (navigator.languages): German here, with no setting touched.
test.describe('in German', () => {
  test.use({ locale: 'de-DE', serverOptions: { throttleBytesPerSecond: 4 * 1024 * 1024 } });

  test('a download finishes with the tab closed and says so in German; a 404 fails in German with Retry', async ({ context, server, page }) => {
    test.setTimeout(120_000);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    const blank = await context.newPage(); // a fetch that has not begun waits until some tab exists
    await episode(page, titles.large).getByRole('button', { name: 'Herunterladen' }).click();
    await expect(status(page, titles.large)).toHaveText(/^Wird heruntergeladen: [1-9]\d?\s%/);
    await page.close();
    await server.mediaFinished('long-download');
    const again = await openApp(context, server.origin);
    await expect(status(again, titles.large)).toHaveText('Heruntergeladen');
    await expect(episode(again, titles.large).getByRole('button', { name: 'Löschen' })).toBeVisible();

    server.faults.mediaStatus = 404;
    await episode(again, titles.small).getByRole('button', { name: 'Herunterladen' }).click();
    await expect(status(again, titles.small)).toHaveText('Fehlgeschlagen: die Folge ist nicht mehr auf dem Server (HTTP 404)');
    await expect(episode(again, titles.small).getByRole('button', { name: 'Erneut versuchen' })).toBeVisible();
    await blank.close();
  });

  test('offline, the app starts in German from the copy of its words kept on the first visit; no other language is downloaded', async ({ context, server, page }) => {
    // The first visit loaded German before the worker existed: the page kept that copy.
    await expect.poll(() => page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((key) => new URL(key.url).pathname), MESSAGES_CACHE)).toEqual([
      expect.stringMatching(/^\/assets\/messages-de-[\w-]+\.js$/),
    ]);
    // The worker's precache holds English (the fallback) and no other language.
    const precached = await page.evaluate(async () => {
      const names = (await caches.keys()).filter((name) => name.startsWith('workbox-precache'));
      const urls = await Promise.all(names.map(async (name) => (await (await caches.open(name)).keys()).map((key) => key.url)));
      return urls.flat().map((url) => new URL(url).pathname).filter((path) => path.startsWith('/assets/messages-'));
    });
    // Told by name alone (a chunk's hash may begin like a region: `messages-en-OT…`): English's, and no other.
    expect(precached).toEqual([expect.stringMatching(/^\/assets\/messages-en-[\w-]+\.js$/)]);
    await page.close();

    await context.setOffline(true);
    await server.down();
    const offline = await openApp(context, server.origin);
    await expect(offline.locator('html')).toHaveAttribute('lang', 'de');
    await expect(episode(offline, titles.small).getByRole('button', { name: 'Herunterladen' })).toBeVisible();
  });
});

// The demo's first episode with German captions too (server/captions has the file; the demo lists only English and Spanish).
const withGermanCaptions = demoEpisodes.map((entry) =>
  entry.id === 'service-workers' ? { ...entry, captions: [...(entry.captions ?? []), { lang: 'de', label: 'Deutsch', file: 'ep1-service-workers.de.vtt' }] } : entry,
);

// German chosen in the app's settings, in an English browser: captions follow the app's language, not the browser's.
test.describe('German chosen in an English browser', () => {
  test.use({ locale: 'en-US', serverOptions: { episodes: withGermanCaptions } });

  test('captions stay off until turned on, then come on in German (of English, Spanish and German)', async ({ page }) => {
    const settings = await openDownloadSettings(page);
    await settings.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    // The sheet is named in German now: found by its role alone.
    await page.getByRole('dialog').getByRole('button', { name: 'Fertig' }).click();
    await expect(page.getByRole('dialog')).toBeHidden();
    await page.getByRole('link', { name: 'Folgen' }).click();
    await episode(page, titles.small).getByRole('button', { name: 'Abspielen' }).click();
    await playing(page);
    const showing = () =>
      page.locator('video').evaluate((v: HTMLVideoElement) =>
        Array.from(v.textTracks)
          .filter((track) => track.mode === 'showing')
          .map((track) => ({ language: track.language, cues: track.cues?.length ?? 0 })),
      );
    expect(await page.locator('video track').evaluateAll((tracks) => tracks.map((track) => (track as HTMLTrackElement).srclang))).toEqual(['en', 'es', 'de']);
    expect(await showing()).toEqual([]);

    await page.keyboard.press('c');
    await expect(page.getByRole('status').filter({ hasText: 'Untertitel: Deutsch' })).toHaveCount(1);
    await expect.poll(showing).toEqual([{ language: 'de', cues: 5 }]);
  });
});
