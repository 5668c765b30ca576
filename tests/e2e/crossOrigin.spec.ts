import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEpisodeServer } from '../../server/episodeServer.ts';
import { cachedSha256, episode, expect, expectPlaysAndSeeks, fileSha256, openApp, status, test } from './fixtures.ts';

const title = 'An episode from the media origin';

test('media on another origin: without CORS headers it fails clearly, not as a network error to retry; with them it downloads and plays offline', async ({ context }) => {
  test.setTimeout(120_000);
  // The media origin: the demo server's media only (another port, so another origin).
  const media = await startEpisodeServer();
  const build = await mkdtemp(join(tmpdir(), 'offline-episodes-media-origin-'));
  try {
    // The app, built to allow that origin (as a deployment would be), on an origin of its own.
    execFileSync(resolve('node_modules/.bin/vite'), ['build', '--outDir', build, '--emptyOutDir', '--logLevel', 'error'], {
      env: { ...process.env, VITE_MEDIA_ORIGINS: media.origin },
    });
    const app = await startEpisodeServer({ appDir: build, mediaOrigins: [media.origin] });
    try {
      const mediaUrl = `${media.origin}/media/service-workers`;
      app.faults.catalogBody = JSON.stringify({
        episodes: [{ id: 'remote', title, durationSeconds: 20, bytes: media.mediaSize('service-workers'), mediaUrl }],
      });
      const page = await openApp(context, app.origin);

      await episode(page, title).getByRole('button', { name: 'Download' }).click();
      await expect(status(page, title)).toHaveText('Failed: the media server does not let this app download it (no CORS headers)');
      await expect(episode(page, title).getByRole('button', { name: 'Retry' })).toBeVisible();

      media.faults.mediaCors = true;
      await episode(page, title).getByRole('button', { name: 'Retry' }).click();
      await expect(status(page, title)).toHaveText('Downloaded');
      expect(await cachedSha256(page, mediaUrl)).toBe(await fileSha256(media.mediaPath('service-workers')));

      await page.close();
      await context.setOffline(true);
      const offline = await openApp(context, app.origin);
      await episode(offline, title).getByRole('button', { name: 'Play' }).click();
      await expectPlaysAndSeeks(offline);
    } finally {
      await app.close();
    }
  } finally {
    await media.close();
    await rm(build, { recursive: true, force: true });
  }
});
