import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, startAndAwaitBytes, status, test, titles } from './fixtures.ts';

test.use({ serverOptions: { throttleBytesPerSecond: 2 * 1024 * 1024 } });

test('a new service worker activating mid-download handles its success; the episode ends Downloaded', async ({ server, page }) => {
  test.setTimeout(180_000);
  const nextBuild = await mkdtemp(join(tmpdir(), 'offline-episodes-v2-'));
  try {
    execFileSync(resolve('node_modules/.bin/vite'), ['build', '--outDir', nextBuild, '--emptyOutDir', '--logLevel', 'error'], {
      env: { ...process.env, VITE_APP_BUILD: 'v2' },
    });
    await startAndAwaitBytes(page, titles.large);

    server.setAppDir(nextBuild);
    const oldWorkerRetired = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const old = registration.active!;
      await registration.update();
      const waiting = registration.installing ?? registration.waiting;
      if (!waiting) return 'no new worker';
      await new Promise<void>((resolve) => {
        const check = () => waiting.state === 'installed' && resolve();
        waiting.addEventListener('statechange', check);
        check();
      });
      waiting.postMessage({ type: 'SKIP_WAITING' });
      await new Promise<void>((resolve) => {
        old.addEventListener('statechange', () => old.state === 'redundant' && resolve());
      });
      return old.state;
    });
    expect(oldWorkerRetired).toBe('redundant');
    await expect(status(page, titles.large)).toHaveText(/Downloading/);
    await expect(status(page, titles.large)).toHaveText('Downloaded', { timeout: 90_000 });
  } finally {
    await rm(nextBuild, { recursive: true, force: true });
  }
});
