import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestServer } from '../../server/testServer.ts';
import { cachedSha256, episode, expect, expectPlaysAndSeeks, fileSha256, openApp, status, test, titles } from './fixtures.ts';

const title = 'An episode from the media origin';

test('media on another origin: without CORS headers it fails clearly, not as a network error to retry; with them it downloads and plays offline', async ({ context }) => {
  test.setTimeout(120_000);
  // The media origin: the demo server's media only (another port, so another origin).
  const media = await startTestServer({ demo: true });
  const build = await mkdtemp(join(tmpdir(), 'offline-episodes-media-origin-'));
  try {
    // The app, built to allow that origin (as a deployment would be), on an origin of its own.
    execFileSync(resolve('node_modules/.bin/vite'), ['build', '--outDir', build, '--emptyOutDir', '--logLevel', 'error'], {
      env: { ...process.env, VITE_MEDIA_ORIGINS: media.origin },
    });
    const app = await startTestServer({ demo: true, appDir: build, mediaOrigins: [media.origin] });
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

test.describe('the canonical URL on the app, redirecting to a CDN on another origin', () => {
  test.use({ topology: 'cdn' });

  test('a CDN without CORS headers fails clearly as the CDN setup, and downloads once it sends them', async ({ server, page }) => {
    server.faults.cdnCors = false;
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.small)).toHaveText('Failed: the media server does not let this app download it (no CORS headers)');

    server.faults.cdnCors = true;
    await episode(page, titles.small).getByRole('button', { name: 'Retry' }).click();
    await expect(status(page, titles.small)).toHaveText('Downloaded');
    expect(await cachedSha256(page, `${server.origin}/media/service-workers`)).toBe(await fileSha256(server.mediaPath('service-workers')));
  });
});

test.describe('signed links the CDN refuses', () => {
  for (const fault of ['tampered', 'expired'] as const) {
    test(`${fault === 'expired' ? 'an expired' : 'a tampered'} link: 403 → Failed with the status; Retry with a good link completes`, { tag: '@spine' }, async ({ server, page }) => {
      server.faults.signedLinks = fault;
      await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
      await expect(status(page, titles.small)).toHaveText('Failed: the server refused access to the episode (HTTP 403)');
      expect(server.mediaRequests.filter((request) => request.path === '/cdn/service-workers').map((request) => request.status)).toContain(403);

      server.faults.signedLinks = undefined;
      await episode(page, titles.small).getByRole('button', { name: 'Retry' }).click();
      await expect(status(page, titles.small)).toHaveText('Downloaded');
    });
  }
});
