// What every row group of the benchmark shares: the command line, the server with its large
// episodes, browsers and the app's pages, waits that run out with a reason, and the table's units.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page, Worker as PageWorker } from '@playwright/test';
import { demoEpisodes, type DemoEpisode } from '../server/demoCatalog.ts';
import { startTestServer, type TestServer } from '../server/testServer.ts';
import { launchChromium, launchPersistent } from '../scripts/shared/chromium.ts';
import { paddedEpisode, seekableEpisode } from './benchMedia.ts';

// ─── the command line ─────────────────────────────────────────────────────────────────────────
export const quick = process.argv.includes('--quick');
export const RUNS = quick ? 1 : 5;
// P1 swings most from run to run (the disk): more runs, an odd count for a true median.
export const P1_RUNS = quick ? 1 : 9;
/** `--only=P1,P5`: just those rows (while working on one of them); undefined for every row. */
export const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
export const wanted = (...ids: readonly string[]) => !only || ids.some((id) => only.includes(id));

export const MB = 1024 * 1024;
export const SIZES = { p1: (quick ? 50 : 200) * MB, p3: (quick ? 30 : 100) * MB, p7: (quick ? 100 : 500) * MB };

// ─── rows ─────────────────────────────────────────────────────────────────────────────────────
export interface Row {
  id: string;
  measure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean | null;
  /** Raw numbers, for the JSON. */
  values: Record<string, number | number[] | boolean>;
}

/** The large episodes the server can be started with, beside the demo's (each is a file written to disk and hashed). */
export type LargeEpisode = 'bench-p1' | 'bench-p1-nohash' | 'bench-seek' | 'bench-p7';

/** A row (or a group's rows, under their ids) whose bounded wait ran out: failed, with the reason, in its place. */
export function unfinishedRow(id: string, error: unknown, target = '—'): Row {
  const why = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  console.error(`[bench] ${id} failed: ${why}`);
  return { id, measure: `did not finish: ${why}`, ours: '—', baseline: '—', ratio: '—', target, pass: false, values: {} };
}

/** One file of rows under bench/rows/: the ids it reports, what it needs served, and how it measures them. */
export interface RowGroup {
  ids: readonly string[];
  episodes: readonly LargeEpisode[];
  rows(bench: Bench): Promise<Row[]>;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
export const ms = (value: number) => `${Math.round(value)} ms`;
export const s = (value: number) => `${(value / 1000).toFixed(2)} s`;
export const x = (value: number) => `${value.toFixed(2)}×`;
export const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
export const log = (line: string) => console.error(`[bench] ${line}`);

// ─── the server and browsers ──────────────────────────────────────────────────────────────────
export interface Bench {
  /** The app (dist/) with the demo episodes and the large ones asked for, and the P1 reference at /bench-reference/. */
  server: TestServer;
  /** Whether bench-seek's frames run through the whole file (false: a padded file without ffmpeg, or not served). */
  seekable: boolean;
  /** One headless Chromium for the rows' fresh contexts, launched at the first call. */
  browser(): Promise<Browser>;
  /** A Chromium of its own on a new profile directory (removed by close()), for rows that read its processes. */
  browserWithProfile(): Promise<{ context: BrowserContext; profileDir: string }>;
  close(): Promise<void>;
}

export async function startBench(episodes: ReadonlySet<LargeEpisode>): Promise<Bench> {
  const served: DemoEpisode[] = [...demoEpisodes];
  let seekable = false;
  if (episodes.has('bench-p1')) served.push(await paddedEpisode('bench-p1', SIZES.p1));
  if (episodes.has('bench-p1-nohash')) served.push(await paddedEpisode('bench-p1-nohash', SIZES.p1, false));
  if (episodes.has('bench-seek')) {
    const seek = await seekableEpisode('bench-seek', SIZES.p3);
    served.push(seek.episode);
    seekable = seek.seekable;
  }
  if (episodes.has('bench-p7')) served.push(await paddedEpisode('bench-p7', SIZES.p7));
  const server = await startTestServer({
    demo: true,
    appDir: resolve('dist'),
    episodes: served,
    mounts: { '/bench-reference/': resolve('bench/reference') },
  });
  let browser: Promise<Browser> | undefined;
  const profiles: string[] = [];
  return {
    server,
    seekable,
    browser: () => (browser ??= launchChromium()),
    async browserWithProfile() {
      const profileDir = await mkdtemp(join(tmpdir(), 'offline-episodes-bench-profile-'));
      profiles.push(profileDir);
      const context = await launchPersistent(profileDir);
      // The worker's warnings and errors in the bench's log: a download that never finishes says why there.
      const listen = (worker: PageWorker) => worker.on('console', (message) => ['warning', 'error'].includes(message.type()) && log(`worker ${message.type()}: ${message.text()}`));
      context.serviceWorkers().forEach(listen);
      context.on('serviceworker', listen);
      await withPageWaits(context);
      return { context, profileDir };
    },
    async close() {
      if (browser) await (await browser).close();
      await server.close();
      for (const dir of profiles) await rm(dir, { recursive: true, force: true });
    },
  };
}

// ─── waits in pages ───────────────────────────────────────────────────────────────────────────
// page.evaluate has no timeout of its own: a promise in the page that never settles holds the
// bench for ever. Every wait in code sent to a page goes through these, each with a bound, and one
// that runs out throws an Error saying what it waited for. Polls use timers, which still fire in a
// page that is not in front (throttled); requestAnimationFrame does not fire there at all.
export interface PageWaits {
  /** `promise`, or an Error after `ms` naming `what`. */
  within<T>(promise: Promise<T>, ms: number, what: string): Promise<T>;
  /** The next `type` event on `target`; an `error` event on it rejects at once. */
  event(target: EventTarget, type: string, ms: number, what: string): Promise<Event>;
  /** Calls `check` every `every` ms until it returns something truthy (a throw from it rejects); `what` may say how far it got. */
  until<T>(check: () => T | Promise<T>, ms: number, what: string | (() => string), every: number): Promise<NonNullable<T>>;
  /** The next animation frame (none comes in a page that is not in front). */
  frame(ms: number, what: string): Promise<number>;
}
declare global {
  /** Only in pages of the bench's contexts: their init script installs it. */
  var benchWaits: PageWaits;
}

function installPageWaits() {
  const within = <T>(promise: Promise<T>, ms: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms / 1000} s`)), ms);
      promise.then(
        (value) => (clearTimeout(timer), resolve(value)),
        (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
      );
    });
  const waits: PageWaits = {
    within,
    event: (target, type, ms, what) =>
      within(
        new Promise<Event>((resolve, reject) => {
          target.addEventListener(type, resolve, { once: true });
          target.addEventListener('error', () => {
            // A media element's error has a code, a request's or transaction's a message.
            const error = (target as { error?: { message?: string; code?: number } | null }).error;
            reject(new Error(`${what}: error event (${error?.message || error?.code || 'no detail'})`));
          }, { once: true });
        }),
        ms,
        what,
      ),
    until: (check, ms, what, every) =>
      new Promise((resolve, reject) => {
        const start = performance.now();
        const poll = async () => {
          try {
            const value = await check();
            if (value) return resolve(value);
            if (performance.now() - start > ms) return reject(new Error(`${typeof what === 'function' ? what() : what}: not after ${ms / 1000} s`));
            setTimeout(poll, every);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        };
        void poll();
      }),
    frame: (ms, what) => within(new Promise<number>((resolve) => requestAnimationFrame(resolve)), ms, what),
  };
  Object.assign(globalThis, { benchWaits: waits });
}

// tsx names functions with an `__name` helper, which code sent to the page does not have.
const NAME_HELPER = { content: 'globalThis.__name = (fn) => fn;' };

/** Installs `__name` and `benchWaits` in every page the context opens (in that order: the second uses the first). */
export async function withPageWaits(context: BrowserContext): Promise<BrowserContext> {
  await context.addInitScript(NAME_HELPER);
  await context.addInitScript(installPageWaits);
  return context;
}

/** A fresh context (nothing saved, no worker) of the bench's browser, with the page waits. */
export async function freshContext(bench: Bench): Promise<BrowserContext> {
  return withPageWaits(await (await bench.browser()).newContext());
}

// ─── the app ──────────────────────────────────────────────────────────────────────────────────
// Playwright's own waits (goto, click, locator.waitFor) run out after its 30 s default and name
// the locator they waited for.

/** Opens `origin` and waits for the worker's control and the first card. */
export async function openApp(context: BrowserContext, origin: string): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(origin);
  await workerInControl(page);
  await page.getByRole('article').first().waitFor();
  return page;
}

/** Waits (at most 30 s) until the app's service worker controls the page. */
export function workerInControl(page: Page): Promise<boolean> {
  return page.evaluate(() => benchWaits.until(() => navigator.serviceWorker.controller !== null, 30_000, 'the service worker controlling the page', 5));
}

/** Presses Download on an episode and returns the ms until its status reads "Downloaded" (at most 5 minutes). */
export async function appDownload(page: Page, title: string): Promise<number> {
  try {
    return await pressDownload(page, title);
  } catch (error) {
    // Say what the browser knows: a wait that ran out is otherwise only the card's last words.
    const known = await backgroundFetchesOf(page).catch((why: unknown) => `(not read: ${String(why)})`);
    throw new Error(`${error instanceof Error ? error.message.split('\n')[0] : String(error)}; background fetches: ${known}`, { cause: error });
  }
}

/** The origin's background fetches and its storage use, as one line. */
function backgroundFetchesOf(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const manager = (await navigator.serviceWorker.ready).backgroundFetch;
    if (!manager) return 'no Background Fetch';
    const ids = await manager.getIds();
    const fetches = await Promise.all(
      ids.map(async (id) => {
        const fetch = await manager.get(id);
        return fetch ? `${id.slice(0, 8)} result "${fetch.result}" reason "${fetch.failureReason}" ${fetch.downloaded}/${fetch.downloadTotal}` : `${id.slice(0, 8)} gone`;
      }),
    );
    const { usage, quota } = await navigator.storage.estimate();
    // The records as stored (the page may not have been told), and the media cache's copies.
    // Bounded: the report of a stuck download must not be stuck itself.
    const records = await new Promise<string>((resolve) => {
      setTimeout(() => resolve('(database: no answer in 5 s)'), 5000);
      const open = indexedDB.open('offline-episodes');
      open.onerror = () => resolve(`(database: ${String(open.error)})`);
      open.onblocked = () => resolve('(database: blocked)');
      // No version: the app's schema as it is (an upgrade would wait on the app's own connection).
      open.onupgradeneeded = () => open.transaction?.abort(); // none there: create nothing
      open.onsuccess = () => {
        // Closed on every path (also after the 5 s are up): an open connection blocks the app's next version.
        const done = (text: string) => {
          open.result.close();
          resolve(text);
        };
        try {
          const read = open.result.transaction('downloads').objectStore('downloads').getAll();
          read.onerror = () => done(`(downloads: ${String(read.error)})`);
          read.onsuccess = () => done((read.result as { episodeId: string; state: string; downloadId?: string }[]).map((record) => `${record.episodeId} ${record.state} ${record.downloadId?.slice(0, 8)}`).join('; '));
        } catch (error) {
          done(`(downloads: ${String(error)})`);
        }
      };
    });
    const copies = (await Promise.all((await caches.keys()).map(async (name) => `${name} ${(await (await caches.open(name)).keys()).length}`))).join(', ');
    return `[${fetches.join('; ') || 'none'}], storage ${Math.round((usage ?? 0) / 1048576)} MB of ${Math.round((quota ?? 0) / 1048576)} MB; records [${records}]; caches [${copies}]`;
  });
}

function pressDownload(page: Page, title: string): Promise<number> {
  return page.evaluate(async (title) => {
    const article = [...document.querySelectorAll('article')].find((a) => a.querySelector('h2')?.textContent === title);
    // The card's download control is an icon: its words are its accessible name.
    const button = [...(article?.querySelectorAll('button') ?? [])].find((b) => b.getAttribute('aria-label') === 'Download');
    if (!article || !button) throw new Error(`no Download button for ${title}`);
    const status = () => article.querySelector('[role=status]')?.textContent ?? '';
    const start = performance.now();
    button.click();
    await benchWaits.until(
      () => {
        if (status().startsWith('Failed') || status().startsWith('Not enough')) throw new Error(`${title}: ${status()}`);
        return status() === 'Downloaded';
      },
      300_000,
      () => `${title} "Downloaded" (still "${status()}")`,
      5,
    );
    return performance.now() - start;
  }, title);
}

export async function appDelete(page: Page, title: string): Promise<void> {
  const article = page.getByRole('article', { name: title, exact: true });
  await article.getByRole('button', { name: 'Delete' }).click();
  await article.getByRole('button', { name: 'Download' }).waitFor();
}

