import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { startTestServer, type TestServer } from '../../server/testServer.ts';
import { launchPersistent } from '../../scripts/shared/chromium.ts';
import { appDir, cachedSha256, expect, fileSha256, openApp, startAndAwaitBytes, status, titles } from './fixtures.ts';

const large = 'long-download';

/** These tests close or kill the browser: each gets its own profile directory and server. */
const test = base.extend<{ server: TestServer; profileDir: string }>({
  server: async ({}, use) => {
    const server = await startTestServer({ demo: true, appDir, throttleBytesPerSecond: 3 * 1024 * 1024 });
    await use(server);
    await server.close();
  },
  profileDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'offline-episodes-profile-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
});

/** SIGKILLs every Chromium process of that profile, as the OS would on a crash or a swipe-away; returns how many. */
function killBrowser(profileDir: string): number {
  let killed = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--user-data-dir=${profileDir}`)) {
        process.kill(Number(pid), 'SIGKILL');
        killed++;
      }
    } catch {
      // Gone already (with its parent), or not ours to read.
    }
  }
  return killed;
}

for (const how of ['closed', 'killed'] as const) {
  test(`the browser ${how} mid-download: relaunched, the episode ends Downloaded with no action`, async ({ server, profileDir }) => {
    test.setTimeout(180_000);
    const first = await launchPersistent(profileDir);
    const page = await openApp(first, server.origin);
    await startAndAwaitBytes(page, titles.large);
    if (how === 'closed') await first.close();
    else {
      expect(killBrowser(profileDir)).toBeGreaterThan(0); // the browser process itself at least
      await first.close().catch(() => undefined);
    }

    const second = await launchPersistent(profileDir);
    try {
      const again = await openApp(second, server.origin);
      // Never stuck: Chromium re-downloads (after a kill) or reports fetch-error (after a close),
      // which the page retries by itself.
      await expect(status(again, titles.large)).toHaveText('Downloaded', { timeout: 150_000 });
      expect(await cachedSha256(again, `${server.origin}/media/${large}`)).toBe(await fileSha256(server.mediaPath(large)));
    } finally {
      await second.close();
    }
  });
}
