// npm run bench [-- --quick]: every row of the README's Performance table, in real headless
// Chromium against the real server. Each figure is a median of several runs; each ratio is taken
// within one run.
import { execFile } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { demoEpisodes } from '../server/demoCatalog.ts';
import { startEpisodeServer } from '../server/episodeServer.ts';
import { startTestServer } from '../server/testServer.ts';
import { chromiumArgs, chromiumPath, launchPersistent } from '../scripts/shared/chromium.ts';
import { paddedEpisode, seekableEpisode } from './benchMedia.ts';
import { browserRss } from './browserMemory.ts';
import { BUDGETS, kB, measureBundles } from './bundleSizes.ts';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 1 : 5;
// P1 swings most from run to run (the disk): more runs, an odd count for a true median.
const P1_RUNS = quick ? 1 : 9;
// --only=P1,P5: just those rows (while working on one of them).
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (...ids: string[]) => !only || ids.some((id) => only.includes(id));
const MB = 1024 * 1024;
const SIZES = { p1: (quick ? 50 : 200) * MB, p3: (quick ? 30 : 100) * MB, p7: (quick ? 100 : 500) * MB };
const CATALOG = quick ? 2_000 : 10_000;
const FEED_ITEMS = quick ? 1_000 : 5_000;
const exec = promisify(execFile);

interface Row {
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
const rows: Row[] = [];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ms = (value: number) => `${Math.round(value)} ms`;
const s = (value: number) => `${(value / 1000).toFixed(2)} s`;
const x = (value: number) => `${value.toFixed(2)}×`;
const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
const log = (line: string) => console.error(`[bench] ${line}`);

// ─── setup ────────────────────────────────────────────────────────────────────────────────────
const seek = await seekableEpisode('bench-seek', SIZES.p3);
const server = await startTestServer({
  demo: true,
  appDir: resolve('dist'),
  episodes: [
    ...demoEpisodes,
    await paddedEpisode('bench-p1', SIZES.p1),
    await paddedEpisode('bench-p1-nohash', SIZES.p1, false),
    seek.episode,
    await paddedEpisode('bench-p7', SIZES.p7),
  ],
  mounts: { '/bench-reference/': resolve('bench/reference') },
});
const profiles: string[] = [];
// tsx names functions with an `__name` helper, which code sent to the page does not have.
const NAME_HELPER = { content: 'globalThis.__name = (fn) => fn;' };
async function browserWithProfile(): Promise<{ context: BrowserContext; profileDir: string }> {
  const profileDir = await mkdtemp(join(tmpdir(), 'offline-episodes-bench-profile-'));
  profiles.push(profileDir);
  const context = await launchPersistent(profileDir);
  await context.addInitScript(NAME_HELPER);
  return { context, profileDir };
}

async function openApp(context: BrowserContext): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.origin);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.getByRole('article').first().waitFor();
  return page;
}

/** Presses Download on an episode and returns the ms until its status reads "Downloaded". */
function appDownload(page: Page, title: string): Promise<number> {
  return page.evaluate(async (title) => {
    const article = [...document.querySelectorAll('article')].find((a) => a.querySelector('h2')?.textContent === title);
    const button = [...(article?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Download');
    if (!article || !button) throw new Error(`no Download button for ${title}`);
    const status = () => article.querySelector('[role=status]')?.textContent ?? '';
    const start = performance.now();
    button.click();
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (status() === 'Downloaded') resolve();
        else if (status().startsWith('Failed') || status().startsWith('Not enough')) reject(new Error(status()));
        else if (performance.now() - start > 300_000) reject(new Error(`still "${status()}" after 5 minutes`));
        else setTimeout(check, 5);
      };
      check();
    });
    return performance.now() - start;
  }, title);
}

async function appDelete(page: Page, title: string): Promise<void> {
  const article = page.getByRole('article', { name: title, exact: true });
  await article.getByRole('button', { name: 'Delete' }).click();
  await article.getByRole('button', { name: 'Download' }).waitFor();
}

// ─── P4: bundles (deterministic) ──────────────────────────────────────────────────────────────
if (wanted('P4')) {
  const sizes = await measureBundles(resolve('dist'));
  rows.push({
    id: 'P4',
    measure: 'JS shipped, gzip: page entry (every start) / service worker',
    ours: `${kB(sizes.entry)} / ${kB(sizes.serviceWorker)}`,
    baseline: `lazy chunks: ${Object.values(sizes.chunks).map(kB).join(', ')} (all page JS ${kB(sizes.allPage)})`,
    ratio: '—',
    target: `≤ ${kB(BUDGETS.entry)} / ≤ ${kB(BUDGETS.serviceWorker)}`,
    pass: sizes.entry <= BUDGETS.entry && sizes.serviceWorker <= BUDGETS.serviceWorker,
    values: { entry: sizes.entry, serviceWorker: sizes.serviceWorker, allPage: sizes.allPage },
  });
}

// ─── P1, P1b, P7: one browser; the reference on an origin of its own ──────────────────────────
if (wanted('P1', 'P1b', 'P7')) {
const app = await browserWithProfile();
try {
  const page = await openApp(app.context);
  log('warm-up (the first background fetch after launch waits 2–5 s)');
  await appDownload(page, 'Service workers from first principles');
  // The same server under its other name (127.0.0.1, not localhost) is another origin: the
  // reference has its own worker and cache, but the same browser, profile and disk as ours.
  // (In a browser of its own the two differed by up to 2× from run to run.)
  const refPage = await app.context.newPage();
  await refPage.goto(`${server.origin.replace('localhost', '127.0.0.1')}/bench-reference/`);
  await refPage.waitForFunction(() => 'referenceReady' in window && navigator.serviceWorker.controller !== null);
  const referenceDownload = (id: string, bytes: number) =>
    refPage.evaluate(
      async ({ path, bytes }) => {
        const start = performance.now();
        const url = new URL(path, location.href).href;
        await (window as unknown as { referenceDownload(u: string, t: number): Promise<void> }).referenceDownload(url, bytes);
        const elapsed = performance.now() - start;
        await caches.delete('reference');
        return elapsed;
      },
      { path: `/media/${id}`, bytes },
    );
  await referenceDownload('service-workers', server.mediaSize('service-workers'));

  if (wanted('P1', 'P1b')) {
  // P1
  const p1 = { curl: [] as number[], reference: [] as number[], app: [] as number[], appNoHash: [] as number[] };
  const ratios = { reference: [] as number[], curl: [] as number[], noHash: [] as number[] };
  const curlFile = join(tmpdir(), 'offline-episodes-bench-curl');
  for (let run = 0; run < P1_RUNS; run += 1) {
    log(`P1 run ${run + 1}/${P1_RUNS}: ${mb(SIZES.p1)}`);
    // Each timed step starts with the disk settled (`sync`): otherwise the write-back of the
    // previous 200 MB lands on whichever step comes next.
    const settle = () => exec('sync');
    await settle();
    const curlStart = performance.now();
    await exec('curl', ['-sSL', '-o', curlFile, `${server.origin}/media/bench-p1`]);
    const curl = performance.now() - curlStart;
    await rm(curlFile, { force: true });
    // The three timed downloads take turns going first, so none always follows the write-back
    // and deletion of another 200 MB.
    let ref = 0;
    let ours = 0;
    let noHash = 0;
    const steps = [
      async () => (ref = await referenceDownload('bench-p1', SIZES.p1)),
      async () => {
        ours = await appDownload(page, 'Bench bench-p1');
        await appDelete(page, 'Bench bench-p1');
      },
      async () => {
        noHash = await appDownload(page, 'Bench bench-p1-nohash');
        await appDelete(page, 'Bench bench-p1-nohash');
      },
    ];
    for (let step = 0; step < steps.length; step += 1) {
      await settle();
      await steps[(run + step) % steps.length]!();
    }
    p1.curl.push(curl);
    p1.reference.push(ref);
    p1.app.push(ours);
    p1.appNoHash.push(noHash);
    ratios.reference.push(ours / ref);
    ratios.curl.push(ours / curl);
    ratios.noHash.push(noHash / ref);
  }
  rows.push({
    id: 'P1',
    measure: `${mb(SIZES.p1)} episode (catalog SHA-256 checked): Download → "Downloaded"`,
    ours: s(median(p1.app)),
    baseline: `reference ${s(median(p1.reference))}; curl -o ${s(median(p1.curl))}`,
    ratio: `${x(median(ratios.reference))} ref; ${x(median(ratios.curl))} curl`,
    target: '≤ 1.10× reference',
    pass: median(ratios.reference) <= 1.1,
    values: { ...p1, ratioToReference: ratios.reference, ratioToCurl: ratios.curl },
  });
  rows.push({
    id: 'P1b',
    measure: `the same without a SHA-256 in the catalog (size check only)`,
    ours: s(median(p1.appNoHash)),
    baseline: `reference ${s(median(p1.reference))}`,
    ratio: `${x(median(ratios.noHash))} ref`,
    target: '≤ 1.10× reference',
    pass: median(ratios.noHash) <= 1.1,
    values: { appNoHash: p1.appNoHash, ratioToReference: ratios.noHash },
  });

  }

  if (wanted('P7')) {
  // P7: memory while a large episode is stored, the median of RUNS stores (one sample swings).
  const growths: number[] = [];
  const idles: number[] = [];
  const storeTimes: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const idle: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      idle.push(await browserRss(app.profileDir));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await browserRss(app.profileDir));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    log(`P7 run ${run + 1}/${RUNS}: storing ${mb(SIZES.p7)}`);
    storeTimes.push(await appDownload(page, 'Bench bench-p7'));
    sampling = false;
    await sampler;
    await appDelete(page, 'Bench bench-p7');
    idles.push(median(idle));
    growths.push(peak - median(idle));
  }
  const growth = median(growths);
  rows.push({
    id: 'P7',
    measure: `browser RSS growth (all Chromium processes) while ${mb(SIZES.p7)} is stored (median of ${RUNS})`,
    ours: mb(growth),
    baseline: `idle browser ${mb(median(idles))}`,
    ratio: '—',
    target: '< 150 MB',
    pass: growth < 150 * MB,
    values: { idles, growths, storeTimesMs: storeTimes },
  });
  }
} finally {
  await app.context.close();
}
}

// ─── P5 and P6: fresh browser contexts ────────────────────────────────────────────────────────
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  // P2 and P3: a <video> on the app's page (the worker answers its ranges), in a fresh context.
  if (wanted('P2', 'P3')) {
  const videoContext = await browser.newContext();
  await videoContext.addInitScript(NAME_HELPER);
  const videoPage = await openApp(videoContext);
  await appDownload(videoPage, 'Service workers from first principles'); // warm-up
  const firstFrame = () =>
    videoPage.evaluate(async (url) => {
      const video = document.createElement('video');
      video.muted = true;
      document.body.prepend(video); // on screen: Chromium pauses muted video that is not
      const start = performance.now();
      video.src = url;
      await video.play();
      await new Promise<void>((resolve) => (video.paused ? video.addEventListener('playing', () => resolve(), { once: true }) : resolve()));
      const elapsed = performance.now() - start;
      video.pause();
      video.removeAttribute('src');
      video.load(); // lets go of its connection
      video.remove();
      return elapsed;
    }, `${server.origin}/media/bench-seek`);
  const online: number[] = [];
  log('P2: online first frames');
  for (let run = 0; run < RUNS * 3; run += 1) online.push(await firstFrame());
  log(`P2/P3: downloading ${mb(server.mediaSize('bench-seek'))} to play from the cache`);
  const watchdog = setInterval(() => {
    void videoPage
      .getByRole('article', { name: 'Bench bench-seek', exact: true })
      .getByRole('status')
      .textContent()
      .then(async (text) => log(`  status "${text}", ids ${JSON.stringify(await videoPage.evaluate(async () => (await navigator.serviceWorker.ready).backgroundFetch?.getIds()))}, requests ${JSON.stringify(server.mediaRequests.slice(-1))}`));
  }, 10_000);
  await appDownload(videoPage, 'Bench bench-seek');
  clearInterval(watchdog);
  log('P2: offline first frames');
  await videoContext.setOffline(true);
  // Offline, every range must come from the worker: the server may see nothing for this episode.
  const serverRequestsOffline = server.mediaRequests.length;
  const answeredByWorker: boolean[] = [];
  videoPage.on('response', (response) => {
    if (response.url().endsWith('/media/bench-seek')) answeredByWorker.push(response.fromServiceWorker() && response.status() === 206);
  });
  const offline: number[] = [];
  for (let run = 0; run < RUNS * 3; run += 1) offline.push(await firstFrame());
  rows.push({
    id: 'P2',
    measure: 'offline <video>: load → first frame (playing), from the cache',
    ours: ms(median(offline)),
    baseline: `online from the server ${ms(median(online))}`,
    ratio: x(median(offline) / median(online)),
    target: '≤ 1.20×',
    pass: median(offline) / median(online) <= 1.2,
    values: { offline, online },
  });

  log('P3: seeks');
  const seeks = await videoPage.evaluate(
    async ({ url, samples }) => {
      const results: number[] = [];
      for (let i = 0; i < samples; i += 1) {
        const video = document.createElement('video'); // a fresh element: nothing buffered near 90 %
        video.muted = true;
        document.body.prepend(video); // on screen: Chromium pauses muted video that is not
        video.src = url;
        await video.play();
        await new Promise((resolve) => video.addEventListener('timeupdate', resolve, { once: true }));
        const target = video.duration * 0.9;
        const start = performance.now();
        video.currentTime = target;
        // Playing again: the seek has completed (the frame at the new position is decoded) and the
        // element is not paused. At most 10 s, so the bench never hangs.
        const presented = new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
        await Promise.race([presented, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        results.push(performance.now() - start);
        video.pause();
      video.removeAttribute('src');
      video.load(); // lets go of its connection
      video.remove();
      }
      return results;
    },
    { url: `${server.origin}/media/bench-seek`, samples: RUNS * 3 },
  );
  await videoContext.setOffline(false);
  const cacheAnswered = server.mediaRequests.length === serverRequestsOffline && answeredByWorker.length > 0 && answeredByWorker.every(Boolean);
  if (!cacheAnswered) log(`P2/P3: NOT answered by the worker alone (${answeredByWorker.length} responses, ${server.mediaRequests.length - serverRequestsOffline} reached the server)`);
  const p2 = rows.find((row) => row.id === 'P2');
  if (p2) p2.pass = p2.pass && cacheAnswered;
  rows.push({
    id: 'P3',
    measure: `seek to 90 % of a cached ${mb(server.mediaSize('bench-seek'))} episode → seeked${seek.seekable ? '' : ' (no ffmpeg: padded file, frames near the start: not a measure)'}`,
    ours: ms(median(seeks)),
    baseline: '—',
    ratio: '—',
    target: '< 150 ms',
    // A file whose frames all sit at the start seeks without reading anything: it proves nothing.
    pass: seek.seekable && cacheAnswered && median(seeks) < 150,
    values: { seeks, seekable: seek.seekable, cacheAnswered },
  });
  await videoContext.close();
  }

  if (wanted('P8')) {
  // P8: streaming, the card's Play → the player's first frame, against a bare <video src> of the
  // same file from the same server (an uncontrolled page of its own context), alternating.
  const appContext = await browser.newContext();
  await appContext.addInitScript(NAME_HELPER);
  const appPage = await openApp(appContext);
  const bareContext = await browser.newContext();
  const barePage = await bareContext.newPage();
  // Same origin, no worker in this context. An empty page Playwright answers: the server's own
  // non-app responses are sandboxed now (an opaque origin, where the CORS-mode element cannot load).
  await barePage.route(`${server.origin}/bench-bare`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bare</title>' }));
  await barePage.goto(`${server.origin}/bench-bare`);
  await barePage.unrouteAll(); // interception would slow the element's own requests
  const viaPlayer = () =>
    appPage.evaluate(async (title) => {
      const article = [...document.querySelectorAll('article')].find((a) => a.querySelector('h2')?.textContent === title);
      const button = [...(article?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.startsWith('Play'));
      if (!button) throw new Error(`no Play button for ${title}`);
      const start = performance.now();
      button.click();
      const video = await new Promise<HTMLVideoElement>((resolve) => {
        const find = () => {
          const found = document.querySelector<HTMLVideoElement>('.player video');
          if (found) resolve(found);
          else setTimeout(find, 1);
        };
        find();
      });
      await new Promise<void>((resolve, reject) => {
        if (!video.paused && video.readyState >= 3) return resolve();
        video.addEventListener('playing', () => resolve(), { once: true });
        video.addEventListener('error', () => reject(new Error(`video error ${video.error?.code}`)), { once: true });
      });
      return performance.now() - start;
    }, 'Bench bench-seek');
  // The same element the player makes (CORS mode, sound on): only the app around it differs.
  const bare = () =>
    barePage.evaluate(async (url) => {
      const video = document.createElement('video');
      video.crossOrigin = 'anonymous';
      video.playsInline = true;
      document.body.prepend(video);
      const start = performance.now();
      video.src = url;
      await video.play();
      await new Promise<void>((resolve) => (video.paused ? video.addEventListener('playing', () => resolve(), { once: true }) : resolve()));
      const elapsed = performance.now() - start;
      video.pause();
      video.removeAttribute('src');
      video.load();
      video.remove();
      return elapsed;
    }, `${server.origin}/media/bench-seek`);
  await viaPlayer(); // warm-up: the player's chunk is precached, its first use still compiles it
  await appPage.keyboard.press('Escape');
  await bare();
  const player: number[] = [];
  const plain: number[] = [];
  log('P8: streaming first frames, player and bare <video>');
  // Tens of milliseconds on two busy cores swing by a third from one try to the next: many
  // pairs, and each pair's order alternated, so neither side always runs just after the other.
  const viaPlayerAndClose = async () => {
    const elapsed = await viaPlayer();
    await appPage.keyboard.press('Escape');
    await appPage.locator('.player').waitFor({ state: 'detached' });
    return elapsed;
  };
  for (let run = 0; run < RUNS * 5; run += 1) {
    if (run % 2) plain.push(await bare());
    player.push(await viaPlayerAndClose());
    if (!(run % 2)) plain.push(await bare());
  }
  await appContext.close();
  await bareContext.close();
  rows.push({
    id: 'P8',
    measure: 'streaming: Play → first frame (playing), through the worker and the redirect',
    ours: ms(median(player)),
    baseline: `bare <video src> ${ms(median(plain))}`,
    ratio: x(median(player) / median(plain)),
    target: '≤ 1.20×',
    pass: median(player) / median(plain) <= 1.2,
    values: { player, plain },
  });
  }

  if (wanted('P9')) {
  // P9: a minute of playback with positions being saved: the main thread's long tasks, and how
  // many times the position was written to IndexedDB.
  const context = await browser.newContext();
  await context.addInitScript(NAME_HELPER);
  await context.addInitScript(() => {
    const counts = { playbackWrites: 0 };
    Object.assign(globalThis, { __p9: counts });
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'playback') counts.playbackWrites += 1;
      return put.apply(this, args);
    };
  });
  const page = await openApp(context);
  const seconds = quick ? 20 : 60;
  log(`P9: ${seconds} s of playback`);
  const result = await page.evaluate(async ({ title, seconds }) => {
    const longTasks: number[] = [];
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => longTasks.push(entry.duration))).observe({ type: 'longtask' });
    const article = [...document.querySelectorAll('article')].find((a) => a.querySelector('h2')?.textContent === title);
    [...(article?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.startsWith('Play'))?.click();
    const video = await new Promise<HTMLVideoElement>((resolve) => {
      const find = () => {
        const found = document.querySelector<HTMLVideoElement>('.player video');
        if (found) resolve(found);
        else setTimeout(find, 5);
      };
      find();
    });
    await new Promise((resolve) => (video.paused ? video.addEventListener('playing', resolve, { once: true }) : resolve(0)));
    const counts = (globalThis as unknown as { __p9: { playbackWrites: number } }).__p9;
    const writesBefore = counts.playbackWrites;
    const longTasksBefore = longTasks.length;
    await new Promise<void>((resolve) => {
      const check = () => (video.currentTime >= seconds ? resolve() : setTimeout(check, 200));
      check();
    });
    return { writes: counts.playbackWrites - writesBefore, longTasks: longTasks.slice(longTasksBefore), played: video.currentTime };
  }, { title: 'Bench bench-seek', seconds });
  await context.close();
  const longest = Math.max(0, ...result.longTasks);
  rows.push({
    id: 'P9',
    measure: `${seconds} s of playback with position saving: longest task, IndexedDB position writes`,
    ours: `${ms(longest)} · ${result.writes} writes`,
    baseline: '—',
    ratio: '—',
    target: `no task > 50 ms · ≤ ${Math.ceil((15 * seconds) / 60)} writes`,
    pass: longest <= 50 && result.writes <= Math.ceil((15 * seconds) / 60),
    values: { longTasks: result.longTasks, writes: result.writes, played: result.played },
  });
  }

  if (wanted('P5', 'P5b')) {
  // P5: 1,000 episodes in the library, 50 of them left "downloading" with no fetch behind them.
  // P5b: the same, with live background fetches behind 5 of the 50 (Chromium's most per origin,
  // one running and four waiting their turn: docs/background-fetch-in-chromium.md).
  const reconcileWith = async (live: number): Promise<number[]> => {
    const reconcile: number[] = [];
    const context = await browser.newContext();
    await context.addInitScript(NAME_HELPER);
    const page = await openApp(context);
    server.faults.throttleBytesPerSecond = live ? 64 * 1024 : 0; // the live ones stay live
    for (let run = 0; run < RUNS * 3; run += 1) {
      await page.evaluate(
        async ({ live, mediaUrl }) => {
          const registration = await navigator.serviceWorker.ready;
          const backgroundFetch = registration.backgroundFetch!;
          for (const id of await backgroundFetch.getIds()) await (await backgroundFetch.get(id))?.abort();
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const open = indexedDB.open('offline-episodes');
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
          const ids = Array.from({ length: 1000 }, (_, i) => `p5-${i}-${crypto.randomUUID()}`);
          for (let i = 0; i < live; i += 1) await backgroundFetch.fetch(ids[i]!, [mediaUrl], { downloadTotal: 0 });
          const tx = db.transaction('downloads', 'readwrite');
          for (let i = 0; i < 1000; i += 1) {
            tx.objectStore('downloads').put({
              episodeId: `p5-${i}`,
              downloadId: ids[i],
              state: i < 50 ? 'downloading' : 'downloaded',
              transport: 'background-fetch',
              mediaUrl: i < live ? mediaUrl : `${location.origin}/media/p5-${i}`,
              expectedBytes: 1000,
              title: `Episode ${i}`,
              automaticRetries: 0,
              createdAt: Date.now() + i,
              updatedAt: Date.now(),
            });
          }
          await new Promise((resolve) => (tx.oncomplete = resolve));
          db.close();
        },
        { live, mediaUrl: `${server.origin}/media/bench-p7` },
      );
      await page.reload();
      // Reconciliation runs beside the first render: wait for its measure.
      const measured = await page.waitForFunction(() => performance.getEntriesByName('offline-episodes:reconcile')[0]?.duration);
      reconcile.push(Number(await measured.jsonValue()));
    }
    if (live) {
      await page.evaluate(async () => {
        const backgroundFetch = (await navigator.serviceWorker.ready).backgroundFetch!;
        for (const id of await backgroundFetch.getIds()) await (await backgroundFetch.get(id))?.abort();
      });
    }
    server.faults.throttleBytesPerSecond = 0;
    await context.close();
    return reconcile;
  };
  for (const [id, live, measure] of [
    ['P5', 0, 'reconciliation at start: 1,000 episodes, 50 records "downloading"'],
    ['P5b', 5, 'the same with 5 of the 50 live background fetches (the most Chromium allows an origin)'],
  ] as const) {
    if (!wanted(id)) continue;
    log(`${id}: ${live} live background fetches among the 50`);
    const reconcile = await reconcileWith(live);
    rows.push({
      id,
      measure,
      ours: ms(median(reconcile)),
      baseline: '—',
      ratio: '—',
      target: '< 50 ms',
      pass: median(reconcile) < 50,
      values: { reconcile },
    });
  }
  }

  if (wanted('P10')) {
  // P10: Select mode, every episode chosen, Download pressed: how long until every download is
  // under way (its record queued, waiting or downloading, and every card on screen saying so), at
  // 20 and at 1,000 episodes in the same run. The cost per episode should not grow with the count,
  // and the queue keeps the order chosen. Throttled so none is over before the measure.
  const perEpisode = new Map<number, number>();
  for (const count of [20, 1000]) {
    const selectServer = await startEpisodeServer({
      demo: true,
      appDir: resolve('dist'),
      throttleBytesPerSecond: 256 * 1024,
      episodes: Array.from({ length: count }, (_, i) => ({ ...demoEpisodes[0]!, id: `select-${i}`, title: `Select ${i}` })),
    });
    const times: number[] = [];
    let orderKept = true;
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext();
      await context.addInitScript(NAME_HELPER);
      const page = await context.newPage();
      await page.goto(selectServer.origin);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await page.getByRole('article').first().waitFor();
      await page.getByRole('button', { name: 'Select', exact: true }).click();
      await page.getByRole('checkbox', { name: 'Select all' }).check();
      const label = `Download ${count} episodes`;
      await page.getByRole('button', { name: new RegExp(`^${label}`) }).waitFor();
      const result = await page.evaluate(
        async ({ label, count }) => {
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.startsWith(label))!;
          const cardsUnderWay = () =>
            [...document.querySelectorAll('article [role=status]')].every((status) => /^(Starting…|Downloading|Queued · \d+ of \d+|Downloaded)/.test(status.textContent ?? ''));
          const open = indexedDB.open('offline-episodes');
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
          type Row = { episodeId: string; state: string; createdAt: number };
          const records = () =>
            new Promise<Row[]>((resolve, reject) => {
              const request = db.transaction('downloads').objectStore('downloads').getAll();
              request.onsuccess = () => resolve(request.result as Row[]);
              request.onerror = () => reject(request.error);
            });
          const start = performance.now();
          button.click();
          for (;;) {
            const rows = await records();
            const underWay = rows.filter((row) => ['queued', 'downloading', 'waiting-for-wifi', 'downloaded'].includes(row.state));
            if (underWay.length === count && cardsUnderWay()) {
              const elapsed = performance.now() - start;
              // Select all chooses in catalog order: the queue must keep it.
              const queued = rows.filter((row) => row.state === 'queued').sort((a, b) => a.createdAt - b.createdAt);
              const ids = queued.map((row) => Number(row.episodeId.replace('select-', '')));
              db.close();
              return { elapsed, orderKept: ids.every((id, index) => index === 0 || id > ids[index - 1]!) };
            }
            if (performance.now() - start > 60_000) throw new Error(`after 60 s, ${underWay.length} of ${count} under way`);
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        },
        { label, count },
      );
      times.push(result.elapsed);
      orderKept &&= result.orderKept;
      await context.close();
    }
    await selectServer.close();
    perEpisode.set(count, median(times) / count);
    rows.push({
      id: count === 20 ? 'P10' : 'P10b',
      measure: `Select all (${count}) → Download: every download under way${orderKept ? ', in the order chosen' : ' (ORDER BROKEN)'}`,
      ours: ms(median(times)),
      baseline: count === 20 ? '—' : `${ms(perEpisode.get(20)! * count)} (20's cost per episode × ${count})`,
      ratio: count === 20 ? '—' : `${(perEpisode.get(count)! / perEpisode.get(20)!).toFixed(2)}× per episode`,
      target: count === 20 ? '< 1 s' : '< 1 s, ≤ 1.2× per episode',
      pass: orderKept && median(times) < 1000 && (count === 20 || perEpisode.get(count)! / perEpisode.get(20)! <= 1.2),
      values: { times },
    });
  }
  }

  if (wanted('P6', 'P6b', 'P6c')) {
  // P6: a catalog of 10,000 episodes against one of 10.
  // The same episodes as the app's JSON, or as a podcast host's RSS feed (P6 holds for feeds).
  const catalogBody = (episodes: number, format: 'json' | 'rss') =>
    format === 'json'
      ? JSON.stringify({
          episodes: Array.from({ length: episodes }, (_, i) => ({
            id: `ep-${i}`,
            title: `Episode ${i + 1}: a title of a usual length`,
            description: 'What this episode is about, in a sentence or two, as a catalog would say it.',
            durationSeconds: 600 + i,
            bytes: server.mediaSize('service-workers'),
            mediaUrl: '/media/service-workers',
            artworkUrl: '/artwork/ep1-service-workers.jpg',
          })),
        })
      : `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Bench</title>${Array.from(
          { length: episodes },
          (_, i) =>
            `<item><title>Episode ${i + 1}: a title of a usual length</title><guid isPermaLink="false">https://bench.example/episodes/${i}</guid>` +
            `<description><![CDATA[<p>What this episode is about, in a <b>sentence</b> or two, as a feed would say it.</p>]]></description>` +
            `<enclosure url="/media/service-workers" length="${server.mediaSize('service-workers')}" type="video/webm"/>` +
            `<itunes:duration>${Math.floor((600 + i) / 60)}:${String((600 + i) % 60).padStart(2, '0')}</itunes:duration><itunes:image href="/artwork/ep1-service-workers.jpg"/></item>`,
        ).join('')}</channel></rss>`;
  const visible = async (episodes: number, format: 'json' | 'rss' = 'json') => {
    log(`P6: ${episodes} episodes as ${format}: first visits, return visits, scrolling`);
    server.faults.catalogBody = catalogBody(episodes, format);
    const mark = (page: Page) =>
      page.evaluate(async () => {
        const started = performance.now();
        while (performance.getEntriesByName('offline-episodes:library-visible').length === 0) {
          if (performance.now() - started > 60_000) throw new Error(`no library after 60 s: ${document.body.innerText.slice(0, 300)}`);
          await new Promise((resolve) => setTimeout(resolve, 5)); // not rAF: a page in the background gets none
        }
        return performance.getEntriesByName('offline-episodes:library-visible')[0]!.startTime;
      });
    // First visits, each in a fresh context (nothing saved, no worker): the median of RUNS.
    const colds: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const fresh = await browser.newContext();
      await fresh.addInitScript(NAME_HELPER);
      const first = await fresh.newPage();
      await first.goto(server.origin);
      colds.push(await mark(first)); // first visit: fetched, checked, saved, shown
      log(`  first visit ${run + 1}: ${ms(colds.at(-1)!)}`);
      await fresh.close();
    }
    const cold = median(colds);
    const context = await browser.newContext();
    await context.addInitScript(NAME_HELPER);
    const page = await context.newPage();
    await page.goto(server.origin);
    await mark(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const warm: number[] = [];
    for (let run = 0; run < RUNS * 2; run += 1) {
      await page.reload();
      warm.push(await mark(page)); // a return visit: the saved library, the catalog unchanged
      log(`  return visit ${run + 1}: ${ms(warm.at(-1)!)}`);
    }
    // Scroll through, a screen per frame, watching for long tasks.
    const scroll = await page.evaluate(async () => {
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => longTasks.push(entry.duration)));
      observer.observe({ type: 'longtask' });
      for (let frame = 0; frame < 240; frame += 1) {
        window.scrollBy(0, window.innerHeight);
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      observer.disconnect();
      return { longTasks, cards: document.querySelectorAll('article').length };
    });
    await context.close();
    return { cold, warm: median(warm), scroll };
  };
  const small = await visible(10);
  const large = await visible(CATALOG);
  const feed = await visible(FEED_ITEMS, 'rss');
  server.faults.catalogBody = undefined;
  const worstTask = Math.max(0, ...large.scroll.longTasks);
  rows.push({
    id: 'P6',
    measure: `catalog of ${CATALOG.toLocaleString('en')}: navigation → list visible (return visit; first visit ${ms(large.cold)})`,
    ours: ms(large.warm),
    baseline: `catalog of 10: ${ms(small.warm)} (first visit ${ms(small.cold)})`,
    ratio: x(large.warm / small.warm),
    target: '< 300 ms',
    pass: large.warm < 300 && large.cold < 300,
    values: { warm: large.warm, cold: large.cold, smallWarm: small.warm, smallCold: small.cold },
  });
  rows.push({
    id: 'P6c',
    measure: `an RSS feed of ${FEED_ITEMS.toLocaleString('en')} items (DOMParser, HTML descriptions): navigation → list visible (return visit; first visit ${ms(feed.cold)})`,
    ours: ms(feed.warm),
    baseline: `catalog of 10: ${ms(small.warm)} (first visit ${ms(small.cold)})`,
    ratio: x(feed.warm / small.warm),
    target: '< 300 ms',
    pass: feed.warm < 300 && feed.cold < 300,
    values: { warm: feed.warm, cold: feed.cold, longTasks: feed.scroll.longTasks },
  });
  rows.push({
    id: 'P6b',
    measure: `scrolling 240 screens of it (${large.scroll.cards} cards rendered by the end)`,
    ours: `${large.scroll.longTasks.length} long tasks, worst ${ms(worstTask)}`,
    baseline: `catalog of 10: ${small.scroll.longTasks.length} long tasks`,
    ratio: '—',
    target: 'no long task > 50 ms',
    pass: worstTask <= 50,
    values: { longTasks: large.scroll.longTasks, cards: large.scroll.cards },
  });
  }

  if (wanted('P6d')) {
  // P6d: a hostile feed of 5 MB: ~550,000 entities, most of them made up, and markup
  // in every description. The main thread's longest task while it is fetched, read and checked.
  const HOSTILE_RUNS = quick ? 3 : RUNS;
  const items = Array.from({ length: 3_400 }, (_, i) => {
    const entities = Array.from({ length: 150 }, (_, j) => (j % 3 === 0 ? '&nbsp;' : j % 3 === 1 ? `&zz${i * 150 + j};` : '&eacute;')).join('');
    return (
      `<item><title>Caf&eacute; ${i + 1} &hellip;</title><guid>hostile-${i}</guid><description>&lt;p&gt;${entities}&lt;/p&gt;</description>` +
      `<enclosure url="/media/service-workers" type="video/webm"/></item>`
    );
  });
  const hostile =
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hostile</title><description>${'&nbsp;'.repeat(40_000)}</description>` +
    `${items.join('')}<item><title>No media</title><guid>none</guid></item></channel></rss>`;
  log(`P6d: a hostile feed of ${mb(Buffer.byteLength(hostile))}`);
  server.faults.catalogBody = hostile;
  const worst: number[] = [];
  const read: number[] = [];
  let tasks: number[] = [];
  for (let run = 0; run < HOSTILE_RUNS; run += 1) {
    const context = await browser.newContext();
    await context.addInitScript(NAME_HELPER);
    await context.addInitScript(() => {
      const longTasks: number[] = [];
      Object.assign(globalThis, { __longTasks: longTasks });
      new PerformanceObserver((list) => list.getEntries().forEach((entry) => longTasks.push(entry.duration))).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    await page.goto(server.origin);
    // The notice for the one item without media comes when the whole feed has been checked.
    await page.getByText('1 catalog entry was skipped').waitFor({ timeout: 120_000 });
    const result = await page.evaluate(() => ({
      longTasks: (globalThis as unknown as { __longTasks: number[] }).__longTasks,
      readMs: performance.now(),
      shown: document.querySelectorAll('article').length,
    }));
    if (result.shown === 0) throw new Error('P6d: no episodes shown');
    tasks = result.longTasks;
    worst.push(Math.max(0, ...result.longTasks));
    read.push(result.readMs);
    log(`  run ${run + 1}: longest task ${ms(worst.at(-1)!)} (${result.longTasks.length} long tasks), checked by ${ms(result.readMs)}`);
    await context.close();
  }
  server.faults.catalogBody = undefined;
  rows.push({
    id: 'P6d',
    measure: `a hostile RSS feed of ${mb(Buffer.byteLength(hostile))} (~550,000 entities, most made up): the longest main-thread task from navigation until it is all checked (${ms(median(read))})`,
    ours: ms(median(worst)),
    baseline: '—',
    ratio: '—',
    target: 'no long task > 200 ms',
    pass: median(worst) <= 200,
    values: { worst, read, longTasks: tasks },
  });
  }
} finally {
  await browser.close();
  await server.close();
  for (const dir of profiles) await rm(dir, { recursive: true, force: true });
}

// ─── report ───────────────────────────────────────────────────────────────────────────────────
const order = ['P1', 'P1b', 'P2', 'P3', 'P4', 'P5', 'P5b', 'P6', 'P6c', 'P6d', 'P6b', 'P7', 'P8', 'P9', 'P10', 'P10b'];
rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
const { stdout: chromiumVersion } = await exec(chromiumPath, ['--version']).catch(() => ({ stdout: 'unknown' }));
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  chromium: chromiumVersion.trim(),
  quick,
  only: only ?? 'all',
  runs: RUNS,
  p1Runs: P1_RUNS,
};
const header = ['id', 'measure', 'ours', 'baseline (same run)', 'ratio', 'target', 'result'];
const table = [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((row) => `| ${[row.id, row.measure, row.ours, row.baseline, row.ratio, row.target, row.pass === null ? '—' : row.pass ? 'pass' : 'FAIL'].join(' | ')} |`),
].join('\n');
console.log(table);
console.log(`\n${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.chromium}; median of ${RUNS} run(s) (P1: ${P1_RUNS})${quick ? ', --quick' : ''}`);
await writeFile(resolve('bench/results.json'), JSON.stringify({ at: new Date().toISOString(), machine, rows }, null, 2));
