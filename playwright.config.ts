import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';
import type { Topology } from './tests/e2e/fixtures.ts';

/** nginx installed (Debian: /usr/sbin/nginx; .ci/run installs it): the nginx project runs too. */
const nginx = [process.env.NGINX_PATH ?? 'nginx', '/usr/sbin/nginx'].find((path) => {
  try {
    execFileSync(path, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (nginx) process.env.NGINX_PATH = nginx;

export default defineConfig<{ topology: Topology }>({
  testDir: 'tests/e2e',
  // Background fetches take seconds to start after launch, and a 5xx takes Chromium ~100 s to give
  // up (docs/background-fetch-in-chromium.md).
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
    // the tests tagged @spine, and the in-page downloads' (@fallback: a resume must need no preflight).
    { name: 'cdn', grep: /@spine|@fallback/, use: { topology: 'cdn' } },
    // The spine once more behind nginx (deploy/nginx.conf): app, CDN with secure_link, Node only
    // authorizing, and a publisher's feed site (@node-site: nginx passes /catalog/ and config.json
    // to Node). Tests that need the Node CDN's faults or its log of requests still in flight
    // (@node-cdn: a cut body, a seek's open range) stay out.
    ...(nginx ? [{ name: 'nginx', grep: /@spine|@fallback|@node-site/, grepInvert: /@node-cdn/, use: { topology: 'nginx' as const } }] : []),
  ],
});
