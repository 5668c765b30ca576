// Debian's Chromium, launched the one way the e2e tests, the benchmark and the screenshot script all use.
import { chromium, type Browser, type BrowserContext } from '@playwright/test';

/** Debian's Chromium (never a downloaded one); CHROMIUM_PATH overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/** A browser on its own profile directory, for tests that close or kill the browser and relaunch it. */
export function launchPersistent(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, { executablePath: chromiumPath, args: chromiumArgs });
}
