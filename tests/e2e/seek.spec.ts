import { episode, expect, expectSeekAnsweredByWorker, openApp, recordMediaAnswers, status, test, testCardTitle as title, withTestCard } from './fixtures.ts';

test.use({ serverOptions: withTestCard });

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
  const answered = recordMediaAnswers(offline, 'test-card');
  await episode(offline, title).getByRole('button', { name: 'Play' }).click();
  // Chromium buffers ~2 MB ahead of a 1.5 Mbit/s video: 48 s in is bytes it has not read yet.
  await expectSeekAnsweredByWorker(offline, answered, server.mediaSize('test-card'));
});
