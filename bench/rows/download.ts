// P1, P1b: how long a large episode takes from Download to "Downloaded", against a minimal
// Background Fetch page (the reference) and curl. P7: how much the browser grows while a larger one
// is stored. One browser on a profile of its own, so its processes can be found and measured.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { browserRss } from '../browserMemory.ts';
import { appDelete, appDownload, log, mb, MB, median, openApp, P1_RUNS, RUNS, s, SIZES, unfinishedRow, wanted, x, type Bench, type Row, type RowGroup } from '../harness.ts';

const exec = promisify(execFile);

async function downloadRows(bench: Bench): Promise<Row[]> {
  const { server } = bench;
  const rows: Row[] = [];
  const app = await bench.browserWithProfile();
  try {
    const page = await openApp(app.context, server.origin);
    log('warm-up (the first background fetch after launch waits 2–5 s)');
    await appDownload(page, 'Service workers from first principles');
    if (wanted('P1', 'P1b')) rows.push(...(await againstReference(bench, page)));
    if (wanted('P7')) {
      try {
        rows.push(await memoryWhileStoring(page, app.profileDir));
      } catch (error) {
        // A P7 that ran out of time keeps P1's rows, measured minutes before, in the table.
        rows.push(unfinishedRow('P7', error, '< 150 MB'));
      }
    }
  } finally {
    await app.context.close();
  }
  return rows;
}

async function againstReference({ server }: Bench, page: Page): Promise<Row[]> {
  // The same server under its other name (127.0.0.1, not localhost) is another origin: the
  // reference has its own worker and cache, but the same browser, profile and disk as ours.
  // (In browsers of their own the two differ by up to 2× from run to run.)
  const refPage = await page.context().newPage();
  await refPage.goto(`${server.origin.replace('localhost', '127.0.0.1')}/bench-reference/`);
  await refPage.evaluate(() => benchWaits.until(() => 'referenceReady' in window && navigator.serviceWorker.controller !== null, 30_000, 'the reference page ready, its worker in control', 5));
  const referenceDownload = (id: string, bytes: number) =>
    refPage.evaluate(
      async ({ path, bytes }) => {
        const start = performance.now();
        const url = new URL(path, location.href).href;
        const download = (window as unknown as { referenceDownload(u: string, t: number): Promise<void> }).referenceDownload(url, bytes);
        await benchWaits.within(download, 300_000, `the reference's download of ${path}`);
        const elapsed = performance.now() - start;
        await caches.delete('reference');
        return elapsed;
      },
      { path: `/media/${id}`, bytes },
    );
  await referenceDownload('service-workers', server.mediaSize('service-workers'));

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
    await exec('curl', ['-sSL', '--max-time', '300', '-o', curlFile, `${server.origin}/media/bench-p1`]);
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
  return [
    {
      id: 'P1',
      measure: `${mb(SIZES.p1)} episode (catalog SHA-256 checked): Download → "Downloaded"`,
      ours: s(median(p1.app)),
      baseline: `reference ${s(median(p1.reference))}; curl -o ${s(median(p1.curl))}`,
      ratio: `${x(median(ratios.reference))} ref; ${x(median(ratios.curl))} curl`,
      target: '≤ 1.10× reference',
      pass: median(ratios.reference) <= 1.1,
      values: { ...p1, ratioToReference: ratios.reference, ratioToCurl: ratios.curl },
    },
    {
      id: 'P1b',
      measure: `the same without a SHA-256 in the catalog (size check only)`,
      ours: s(median(p1.appNoHash)),
      baseline: `reference ${s(median(p1.reference))}`,
      ratio: `${x(median(ratios.noHash))} ref`,
      target: '≤ 1.10× reference',
      pass: median(ratios.noHash) <= 1.1,
      values: { appNoHash: p1.appNoHash, ratioToReference: ratios.noHash },
    },
  ];
}

/** P7: the browser's growth while a large episode is stored, the median of RUNS stores (one sample swings). */
async function memoryWhileStoring(page: Page, profileDir: string): Promise<Row> {
  const growths: number[] = [];
  const idles: number[] = [];
  const storeTimes: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const idle: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      idle.push(await browserRss(profileDir));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await browserRss(profileDir));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    log(`P7 run ${run + 1}/${RUNS}: storing ${mb(SIZES.p7)}`);
    try {
      storeTimes.push(await appDownload(page, 'Bench bench-p7'));
    } finally {
      sampling = false; // the sampler ends with the download, also when it fails
      await sampler;
    }
    await appDelete(page, 'Bench bench-p7');
    idles.push(median(idle));
    growths.push(peak - median(idle));
  }
  const growth = median(growths);
  return {
    id: 'P7',
    measure: `browser RSS growth (all Chromium processes) while ${mb(SIZES.p7)} is stored (median of ${RUNS})`,
    ours: mb(growth),
    baseline: `idle browser ${mb(median(idles))}`,
    ratio: '—',
    target: '< 150 MB',
    pass: growth < 150 * MB,
    values: { idles, growths, storeTimesMs: storeTimes },
  };
}

export const download: RowGroup = {
  ids: ['P1', 'P1b', 'P7'],
  episodes: ['bench-p1', 'bench-p1-nohash', 'bench-p7'],
  rows: downloadRows,
};
