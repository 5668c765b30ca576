import { demoEpisodes } from '../../server/demoCatalog.ts';
import { seekableMp4 } from '../../server/generatedMedia.ts';
import { episode, expect, openApp, status, test } from './fixtures.ts';

const title = 'A minute of test card (H.264, ~11 MB)';

test.use({
  serverOptions: async ({}, use) => {
    const path = await seekableMp4(60);
    await use({
      episodes: [
        ...demoEpisodes,
        { id: 'test-card', title, description: 'Seekable H.264/AAC.', durationSeconds: 60, file: 'ep1-service-workers.webm', path },
      ],
    });
  },
});

test('offline, a seek far ahead is answered by the worker from the cache with a 206 from past byte 0, and plays from there', { tag: '@spine' }, async ({ context, server, page }) => {
  test.setTimeout(120_000);
  await episode(page, title).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, title)).toHaveText('Downloaded', { timeout: 60_000 });
  await page.close();

  // Offline twice over: the page's network is cut, and the server is gone (the worker's update
  // check of sw.js is the browser's own request, which setOffline does not stop).
  await context.setOffline(true);
  await server.down();
  const offline = await openApp(context, server.origin);
  // What the worker answered the video element with: status and where each range began.
  const answered: { status: number; start: number; fromServiceWorker: boolean }[] = [];
  offline.on('response', (response) => {
    if (!response.url().endsWith('/media/test-card')) return;
    const start = Number(/^bytes=(\d+)-/.exec(response.request().headers().range ?? '')?.[1] ?? 0);
    answered.push({ status: response.status(), start, fromServiceWorker: response.fromServiceWorker() });
  });
  await episode(offline, title).getByRole('button', { name: 'Play' }).click();
  const video = offline.locator('video');
  await video.evaluate((v: HTMLVideoElement) => v.play());
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(0.5);
  // Chromium buffers ~2 MB ahead of a 1.5 Mbit/s video: 48 s in is bytes it has not read yet.
  const seekTo = 48;
  await video.evaluate(
    (v: HTMLVideoElement, target) =>
      new Promise<void>((resolve, reject) => {
        v.addEventListener('seeked', () => resolve(), { once: true });
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)), { once: true });
        v.currentTime = target;
      }),
    seekTo,
  );
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(seekTo + 0.5);

  const size = server.mediaSize('test-card');
  const later = answered.filter((response) => response.status === 206 && response.start > size / 2);
  expect(later.length, JSON.stringify(answered)).toBeGreaterThan(0);
  expect(later.every((response) => response.fromServiceWorker)).toBe(true);
});
