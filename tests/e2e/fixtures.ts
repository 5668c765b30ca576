import { test as base, expect, type BrowserContext, type Locator, type Page, type Worker } from '@playwright/test';
import { resolve } from 'node:path';
import { MEDIA_CACHE } from '../../src/core/cacheNames.ts';
import { COPY_PARAM } from '../../src/core/copyKeys.ts';
import { demoEpisodes } from '../../server/demoCatalog.ts';
import { seekableMp4 } from '../../server/generatedMedia.ts';
import { DB_NAME, DB_VERSION } from '../../src/core/db.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../../server/testServer.ts';
import { launchChromium } from '../../scripts/shared/chromium.ts';
import { startNginxTopology } from './nginxTopology.ts';

export const appDir = resolve(import.meta.dirname, '../../dist');

export const titles = {
  small: 'Service workers from first principles',
  other: 'Background Fetch: downloads that survive the tab',
  third: 'Offline video with range requests',
  large: 'The long download (48 MB)',
};

/**
 * Where signed media lives: on the app's origin, on a CDN origin of its own (the `cdn` project),
 * or the app and the CDN both served by nginx with Node as the authorizing origin (`nginx`).
 */
export type Topology = 'one-origin' | 'cdn' | 'nginx';

interface Fixtures {
  serverOptions: TestServerOptions;
  topology: Topology;
  /** Pages see no `backgroundFetch`, as in Safari or Firefox: downloads take the in-page path. */
  hideBackgroundFetch: boolean;
  /** A stubbed Network Information API reporting this connection type (see setConnectionType). */
  connectionType: string | undefined;
  server: TestServer;
  context: BrowserContext;
  page: Page;
}

/** Each test: its own real episode server (its own origin, so its own storage) and browser. */
export const test = base.extend<Fixtures>({
  serverOptions: [{}, { option: true }],
  topology: ['one-origin', { option: true }],
  hideBackgroundFetch: [false, { option: true }],
  connectionType: [undefined, { option: true }],
  server: async ({ serverOptions, topology }, use) => {
    const server =
      topology === 'nginx'
        ? await startNginxTopology({ appDir, ...serverOptions })
        : await startTestServer({ demo: true, appDir, ...(topology === 'cdn' ? { cdnPort: 0 } : {}), ...serverOptions });
    await use(server);
    await server.close();
  },
  // Playwright's own `locale` option (test.use): the browser's language, navigator.languages.
  context: async ({ hideBackgroundFetch, connectionType, locale }, use) => {
    const browser = await launchChromium();
    const context = await browser.newContext({ locale });
    if (hideBackgroundFetch) {
      await context.addInitScript(() => {
        delete (ServiceWorkerRegistration.prototype as { backgroundFetch?: unknown }).backgroundFetch;
      });
    }
    if (connectionType) await context.addInitScript(stubConnection, connectionType);
    await use(context);
    await browser.close();
  },
  page: async ({ context, server }, use) => {
    await use(await openApp(context, server.origin));
  },
});

export { expect };

/** Runs in the page: a Network Information API whose type a test changes with setConnectionType. */
function stubConnection(initialType: string): void {
  let type = initialType;
  const connection = new EventTarget();
  Object.defineProperty(connection, 'type', { get: () => type });
  Object.defineProperty(Navigator.prototype, 'connection', { get: () => connection, configurable: true });
  Object.assign(window, {
    setConnectionType(next: string) {
      type = next;
      connection.dispatchEvent(new Event('change'));
    },
  });
}

export async function setConnectionType(page: Page, type: string): Promise<void> {
  await page.evaluate((type) => (window as unknown as { setConnectionType(t: string): void }).setConnectionType(type), type);
}

/** Opens the app and waits until its service worker controls the page and the library shows. */
export async function openApp(context: BrowserContext, origin: string, path = '/'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(origin + path);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect(page.getByRole('article').first()).toBeVisible();
  return page;
}

/** Opens the Downloads view from the header and resolves with its region. */
export async function openDownloadsView(page: Page): Promise<Locator> {
  await page.getByRole('link', { name: 'Downloads', exact: true }).click();
  const view = page.getByRole('region', { name: 'Downloads' });
  await expect(view).toBeVisible();
  return view;
}

/** The Downloads view's settings sheet, opened: mobile data and the downloads that manage themselves. */
export async function openDownloadSettings(page: Page): Promise<Locator> {
  const view = await openDownloadsView(page);
  await view.getByRole('button', { name: 'Download settings' }).click();
  const sheet = page.getByRole('dialog', { name: 'Download settings' });
  await expect(sheet).toBeVisible();
  return sheet;
}

/** Closes the settings sheet (its Done button), as a viewer would before going on. */
export async function closeDownloadSettings(page: Page): Promise<void> {
  await page.getByRole('dialog', { name: 'Download settings' }).getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('dialog', { name: 'Download settings' })).toBeHidden();
}

/** Resolves once the player's video is playing (or fails on a media error). */
export async function playing(page: Page): Promise<void> {
  await page.locator('video').evaluate(
    (v: HTMLVideoElement) =>
      new Promise<void>((resolve, reject) => {
        if (v.error) reject(new Error(`video error ${v.error.code}`));
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)));
        if (!v.paused && v.readyState >= 3) return resolve();
        v.addEventListener('playing', () => resolve(), { once: true });
        void v.play().catch(reject);
      }),
  );
}

/** Pauses the player's video at `seconds` (so a seek from there is exact) and resolves on `seeked`. */
export async function pauseAt(page: Page, seconds: number): Promise<void> {
  await page.locator('video').evaluate(
    (v: HTMLVideoElement, seconds) =>
      new Promise<void>((resolve) => {
        v.pause();
        v.addEventListener('seeked', () => resolve(), { once: true });
        v.currentTime = seconds;
      }),
    seconds,
  );
}

export function episode(page: Page, title: string): Locator {
  return page.getByRole('article', { name: title });
}

export function status(page: Page, title: string): Locator {
  return episode(page, title).getByRole('status');
}

/**
 * The canonical URLs the media cache holds copies of, one entry per copy. Each copy's key is its
 * canonical URL tagged with its download's id (src/core/copyKeys.ts): the tag is dropped here.
 */
export async function mediaCacheKeys(page: Page): Promise<string[]> {
  return page.evaluate(
    async ({ cacheName, param }) => {
      const cache = await caches.open(cacheName);
      return (await cache.keys()).map((request) => {
        const url = new URL(request.url);
        url.searchParams.delete(param);
        return url.href;
      });
    },
    { cacheName: MEDIA_CACHE, param: COPY_PARAM },
  );
}

/** Size and SHA-256 of the one copy the media cache holds of a canonical URL, or null. */
function cachedCopy(page: Page, url: string): Promise<{ size: number; sha256: string } | null> {
  return page.evaluate(
    async ({ cacheName, param, url }) => {
      const cache = await caches.open(cacheName);
      const keys = (await cache.keys()).filter((request) => {
        const canonical = new URL(request.url);
        canonical.searchParams.delete(param);
        return canonical.href === url;
      });
      if (keys.length > 1) throw new Error(`${keys.length} copies of ${url}`);
      const response = keys[0] && (await cache.match(keys[0]));
      if (!response) return null;
      const bytes = new Uint8Array(await response.arrayBuffer());
      const digest = await crypto.subtle.digest('SHA-256', bytes);
      return { size: bytes.byteLength, sha256: [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('') };
    },
    { cacheName: MEDIA_CACHE, param: COPY_PARAM, url },
  );
}

/** Bytes stored for a canonical URL in the media cache (null when absent). */
export async function cachedSize(page: Page, url: string): Promise<number | null> {
  return (await cachedCopy(page, url))?.size ?? null;
}

/**
 * After the tab closed mid-download: once the server has sent the last byte, the app opened
 * again says Downloaded, and the cache holds every byte under the canonical URL.
 */
export async function reopenWhenDownloaded(context: BrowserContext, server: TestServer, episodeId: string, title: string): Promise<Page> {
  await server.mediaFinished(episodeId);
  const again = await openApp(context, server.origin);
  await expect(status(again, title)).toHaveText('Downloaded');
  const canonical = `${server.origin}/media/${episodeId}`;
  expect(await mediaCacheKeys(again)).toEqual([canonical]);
  expect(await cachedSize(again, canonical)).toBe(server.mediaSize(episodeId));
  return again;
}

/** Plays the open player and checks time advances, then seeks to the middle and checks it plays on. */
export async function expectPlaysAndSeeks(page: Page): Promise<void> {
  const video = page.locator('video');
  await expect(video).toBeVisible();
  await video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise<void>((resolve, reject) => {
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)));
        if (!v.paused && v.readyState >= 3) resolve();
        v.addEventListener('playing', () => resolve(), { once: true });
        void v.play().catch(reject);
      }),
  );
  const start = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(start + 0.5);
  const middle = await video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise<number>((resolve, reject) => {
        const target = v.duration / 2;
        v.addEventListener('seeked', () => resolve(target), { once: true });
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)));
        v.currentTime = target;
      }),
  );
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(middle + 0.5);
}

export const testCardTitle = 'A minute of test card (H.264, ~11 MB)';

/**
 * The demo episodes and an ~11 MB seekable MP4 (`test-card`): large enough that Chromium does not
 * buffer it whole, so a seek far ahead needs a byte range. For `test.use({ serverOptions })`.
 */
// Playwright reads the fixtures a function asks for from its first parameter: none here.
export async function withTestCard({}: object, use: (options: TestServerOptions) => Promise<void>): Promise<void> {
  const path = await seekableMp4(60);
  await use({
    episodes: [
      ...demoEpisodes,
      { id: 'test-card', title: testCardTitle, description: 'Seekable H.264/AAC.', durationSeconds: 60, file: 'ep1-service-workers.webm', path },
    ],
  });
}

/** What answered the video element's request for an episode: status and where its range began. */
export interface MediaAnswer {
  status: number;
  start: number;
  fromServiceWorker: boolean;
}

/** Records every answer to the page's requests for `/media/<episodeId>` from now on. */
export function recordMediaAnswers(page: Page, episodeId: string): MediaAnswer[] {
  const answered: MediaAnswer[] = [];
  page.on('response', (response) => {
    if (!response.url().endsWith(`/media/${episodeId}`)) return;
    const start = Number(/^bytes=(\d+)-/.exec(response.request().headers().range ?? '')?.[1] ?? 0);
    answered.push({ status: response.status(), start, fromServiceWorker: response.fromServiceWorker() });
  });
  return answered;
}

/**
 * Plays the open player, seeks to 80 % of the episode and checks it plays on from there, and that
 * the seek was answered by the worker with a 206 from past the middle of the file: a file Chromium
 * buffers whole from the first request needs no range, so its seek proves nothing about the worker.
 */
export async function expectSeekAnsweredByWorker(page: Page, answered: MediaAnswer[], size: number): Promise<void> {
  const video = page.locator('video');
  await video.evaluate((v: HTMLVideoElement) => v.play());
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(0.5);
  const target = await video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise<number>((resolve, reject) => {
        const to = v.duration * 0.8;
        v.addEventListener('seeked', () => resolve(to), { once: true });
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)), { once: true });
        v.currentTime = to;
      }),
  );
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(target + 0.5);
  const later = answered.filter((answer) => answer.status === 206 && answer.start > size / 2);
  expect(later.length, JSON.stringify(answered)).toBeGreaterThan(0);
  expect(later.every((answer) => answer.fromServiceWorker), JSON.stringify(answered)).toBe(true);
}

/** SHA-256 (hex) of the copy the media cache holds of a canonical URL. */
export async function cachedSha256(page: Page, url: string): Promise<string> {
  const copy = await cachedCopy(page, url);
  if (!copy) throw new Error(`nothing cached for ${url}`);
  return copy.sha256;
}

export async function fileSha256(path: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const { readFile } = await import('node:fs/promises');
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Background fetch ids the browser holds for this origin. */
export async function backgroundFetchIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await navigator.serviceWorker.ready).backgroundFetch?.getIds() ?? []);
}

/** What a test may do to one store of the app's database. */
export type AppDbOperation =
  | { store: string; get: string }
  | { store: string; getAll: true }
  | { store: string; count: true }
  | { store: string; put: Record<string, unknown> };

/**
 * One request on the app's own database, from a page or the service worker. It never creates or
 * upgrades it: a versionless open would make an empty v1 the app's upgrade then fails on. Before
 * the app has made its database a read finds nothing (undefined, or 0 for a count), a write throws.
 */
export async function appDb<T>(target: Page | Worker, operation: AppDbOperation): Promise<T | undefined> {
  const arg = { name: DB_NAME, version: DB_VERSION, operation };
  const result = 'goto' in target ? await target.evaluate(requestAppDb, arg) : await target.evaluate(requestAppDb, arg);
  return result as T | undefined;
}

/** Runs in the page or worker (see appDb). */
async function requestAppDb({ name, version, operation }: { name: string; version: number; operation: AppDbOperation }): Promise<unknown> {
  const known = (await indexedDB.databases()).find((database) => database.name === name);
  if (!known || (known.version ?? 0) < version) {
    if ('put' in operation) throw new Error(`the app has not made its database (v${version}) yet`);
    return 'count' in operation ? 0 : undefined;
  }
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name, version);
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error(`could not open ${name} v${version}`));
  });
  try {
    const tx = db.transaction(operation.store, 'put' in operation ? 'readwrite' : 'readonly');
    const store = tx.objectStore(operation.store);
    const request: IDBRequest =
      'put' in operation ? store.put(operation.put) : 'get' in operation ? store.get(operation.get) : 'getAll' in operation ? store.getAll() : store.count();
    const result = await new Promise<unknown>((resolve, reject) => {
      request.onerror = () => reject(request.error);
      tx.onerror = () => reject(tx.error);
      tx.oncomplete = () => resolve(request.result);
    });
    return 'put' in operation ? undefined : result;
  } finally {
    db.close();
  }
}

/** The episode's download record, read straight from IndexedDB. */
export async function downloadRecord(page: Page, episodeId: string): Promise<Record<string, unknown> | undefined> {
  return appDb<Record<string, unknown>>(page, { store: 'downloads', get: episodeId });
}

/** A download record as the app writes it, for staging one straight into IndexedDB. */
export function downloadRecordOf(server: TestServer, episodeId: string, title: string, state = 'downloading'): Record<string, unknown> {
  return {
    episodeId,
    downloadId: crypto.randomUUID(),
    state,
    transport: 'background-fetch',
    mediaUrl: `${server.origin}/media/${episodeId}`,
    expectedBytes: server.mediaSize(episodeId),
    title,
    automaticRetries: 0,
    createdAt: Date.now(),
    updatedAt: Date.now(),
  };
}

/** Writes a download record straight into IndexedDB (to stage an orphan, or a reconciliation race). */
export async function writeDownloadRecord(page: Page, record: Record<string, unknown>): Promise<void> {
  await appDb(page, { store: 'downloads', put: record });
}

/**
 * A Download press that waits until the progress bar shows bytes arriving, and checks that they
 * arrive by Background Fetch: the record says so and the browser holds its id. (The in-page
 * fallback would pass most download tests too, so they would prove nothing about Background Fetch.)
 * Returns the record of the running attempt.
 */
export async function startAndAwaitBytes(page: Page, title: string): Promise<Record<string, unknown>> {
  await episode(page, title).getByRole('button', { name: /^(Download|Retry)$/ }).click();
  await expect(status(page, title)).toHaveText(/Downloading [1-9]\d?%/);
  const record = await downloadRecordTitled(page, title);
  expect(record).toMatchObject({ state: 'downloading', transport: 'background-fetch' });
  expect(await backgroundFetchIds(page)).toContain(record?.downloadId);
  return record!;
}

async function downloadRecordTitled(page: Page, title: string): Promise<Record<string, unknown> | undefined> {
  const records = (await appDb<{ title: string }[]>(page, { store: 'downloads', getAll: true })) ?? [];
  return records.find((record) => record.title === title);
}

/**
 * Records every text the episode's status line shows from now on (a MutationObserver in the page),
 * so a test can assert what was never shown, not only what shows at the end.
 */
export async function watchStatus(page: Page, title: string): Promise<() => Promise<string[]>> {
  // The card is watched, not the line: a state change may render a new status element.
  const handle = await episode(page, title).evaluateHandle((card) => {
    const text = () => card.querySelector('[role="status"]')?.textContent ?? '';
    const seen = [text()];
    new MutationObserver(() => {
      if (seen.at(-1) !== text()) seen.push(text());
    }).observe(card, { childList: true, characterData: true, subtree: true });
    return seen;
  });
  return () => handle.evaluate((seen) => [...seen]);
}
