// P5: reconciliation at start (the records said "downloading" checked against the browser's
// background fetches), with 1,000 episodes in the library and 50 of them left "downloading" with no
// fetch behind them, against the same with 10 episodes and 1 downloading in the same run: the cost
// should hardly grow with the library. P5b: the 1,000 with live background fetches behind 5 of the
// 50 (Chromium's most per origin, one running and four waiting their turn:
// docs/background-fetch-in-chromium.md), against the same small library.
import { freshContext, log, median, ms, openApp, RUNS, wanted, x, type Bench, type Row, type RowGroup } from '../harness.ts';

interface Library {
  episodes: number;
  downloading: number;
  /** How many of the "downloading" records have a live background fetch behind them. */
  live: number;
}

/** The reconcile measure of RUNS × 3 starts of the app, each with `library` written afresh into its database. */
async function reconcileWith(bench: Bench, library: Library): Promise<number[]> {
  const { server } = bench;
  const reconcile: number[] = [];
  const context = await freshContext(bench);
  try {
    const page = await openApp(context, server.origin);
    server.faults.throttleBytesPerSecond = library.live ? 64 * 1024 : 0; // the live ones stay live
    for (let run = 0; run < RUNS * 3; run += 1) {
      await page.evaluate(
        async ({ library, mediaUrl }) => {
          const registration = await navigator.serviceWorker.ready;
          const backgroundFetch = registration.backgroundFetch!;
          for (const id of await backgroundFetch.getIds()) await benchWaits.within((async () => (await backgroundFetch.get(id))?.abort())(), 10_000, `aborting background fetch ${id}`);
          const open = indexedDB.open('offline-episodes');
          await benchWaits.event(open, 'success', 10_000, 'opening the app database');
          const db = open.result;
          const ids = Array.from({ length: library.episodes }, (_, i) => `p5-${i}-${crypto.randomUUID()}`);
          for (let i = 0; i < library.live; i += 1) await backgroundFetch.fetch(ids[i]!, [mediaUrl], { downloadTotal: 0 });
          const tx = db.transaction('downloads', 'readwrite');
          for (let i = 0; i < library.episodes; i += 1) {
            tx.objectStore('downloads').put({
              episodeId: `p5-${i}`,
              downloadId: ids[i],
              state: i < library.downloading ? 'downloading' : 'downloaded',
              transport: 'background-fetch',
              mediaUrl: i < library.live ? mediaUrl : `${location.origin}/media/p5-${i}`,
              expectedBytes: 1000,
              title: `Episode ${i}`,
              automaticRetries: 0,
              createdAt: Date.now() + i,
              updatedAt: Date.now(),
            });
          }
          await benchWaits.event(tx, 'complete', 10_000, `writing ${library.episodes} download records`);
          db.close();
        },
        { library, mediaUrl: `${server.origin}/media/bench-p7` },
      );
      await page.reload();
      // Reconciliation runs beside the first render: wait for its measure.
      const measured = await page.evaluate(() =>
        benchWaits.until(() => performance.getEntriesByName('offline-episodes:reconcile')[0]?.duration, 30_000, 'the offline-episodes:reconcile measure', 5),
      );
      reconcile.push(measured);
    }
    if (library.live) {
      await page.evaluate(async () => {
        const backgroundFetch = (await navigator.serviceWorker.ready).backgroundFetch!;
        for (const id of await backgroundFetch.getIds()) await benchWaits.within((async () => (await backgroundFetch.get(id))?.abort())(), 10_000, `aborting background fetch ${id}`);
      });
    }
  } finally {
    server.faults.throttleBytesPerSecond = 0;
    await context.close();
  }
  return reconcile;
}

async function reconciliationRows(bench: Bench): Promise<Row[]> {
  log('P5: 10 episodes, 1 downloading (the small side of the ratio)');
  const small = await reconcileWith(bench, { episodes: 10, downloading: 1, live: 0 });
  const rows: Row[] = [];
  for (const [id, live, measure] of [
    ['P5', 0, 'reconciliation at start: 1,000 episodes, 50 records "downloading"'],
    ['P5b', 5, 'the same with 5 of the 50 live background fetches (the most Chromium allows an origin)'],
  ] as const) {
    if (!wanted(id)) continue;
    log(`${id}: ${live} live background fetches among the 50`);
    const reconcile = await reconcileWith(bench, { episodes: 1000, downloading: 50, live });
    const ratio = median(reconcile) / median(small);
    rows.push({
      id,
      measure,
      ours: ms(median(reconcile)),
      baseline: `10 episodes, 1 downloading: ${ms(median(small))}`,
      ratio: x(ratio),
      target: '≤ 1.50× (for context: < 50 ms)',
      pass: ratio <= 1.5,
      values: { reconcile, small, ratio, under50ms: median(reconcile) < 50 },
    });
  }
  return rows;
}

// bench-p7 is what P5b's live fetches download (throttled, so they stay live while measured).
export const reconciliation: RowGroup = { ids: ['P5', 'P5b'], episodes: ['bench-p7'], rows: reconciliationRows };
