import { defineConfig } from '@playwright/test';
import type { Topology } from './tests/e2e/fixtures.ts';

export default defineConfig<{ topology: Topology }>({
  testDir: 'tests/e2e',
  // Background fetches take seconds to start after launch, and a 5xx takes Chromium ~100 s to give up.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: { trace: 'retain-on-failure' },
  projects: [
    { name: 'one-origin' },
    // The spine again with media on a CDN origin of its own (the app's /media answers 302 there):
    // the tests tagged @spine.
    { name: 'cdn', grep: /@spine/, use: { topology: 'cdn' } },
  ],
});
