// P10, P10b: Select mode, every episode chosen, Download pressed: how long until every download is
// under way (its record queued, waiting or downloading, and every card on screen saying so), at 20
// and at 1,000 episodes in the same run. The cost per episode should not grow with the count, and
// the queue keeps the order chosen. Each count has a server of its own, throttled so no download
// is over before the measure.
import { resolve } from 'node:path';
import { demoEpisodes } from '../../server/demoCatalog.ts';
import { startEpisodeServer } from '../../server/episodeServer.ts';
import { freshContext, median, ms, openApp, RUNS, x, type Bench, type Row, type RowGroup } from '../harness.ts';

/** The median ms from pressing Download to every download under way, and whether the queue kept the order chosen. */
async function selectAll(bench: Bench, count: number): Promise<{ times: number[]; orderKept: boolean }> {
  const selectServer = await startEpisodeServer({
    demo: true,
    appDir: resolve('dist'),
    throttleBytesPerSecond: 256 * 1024,
    episodes: Array.from({ length: count }, (_, i) => ({ ...demoEpisodes[0]!, id: `select-${i}`, title: `Select ${i}` })),
  });
  const times: number[] = [];
  let orderKept = true;
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const context = await freshContext(bench);
      try {
        const page = await openApp(context, selectServer.origin);
        await page.getByRole('button', { name: 'Select', exact: true }).click();
        await page.getByRole('checkbox', { name: 'Select all' }).check();
        const label = `Download ${count.toLocaleString('en')} episodes`; // the count as the locale writes it ("1,000")
        await page.getByRole('button', { name: new RegExp(`^${label}`) }).waitFor();
        const result = await page.evaluate(
          async ({ label, count }) => {
            const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.startsWith(label))!;
            const cardsUnderWay = () =>
              [...document.querySelectorAll('article [role=status]')].every((status) => /^(Starting…|Downloading|Queued · \d+ of \d+|Downloaded)/.test(status.textContent ?? ''));
            const open = indexedDB.open('offline-episodes');
            await benchWaits.event(open, 'success', 10_000, 'opening the app database');
            const db = open.result;
            type Record = { episodeId: string; state: string; createdAt: number };
            const records = async () => {
              const request = db.transaction('downloads').objectStore('downloads').getAll();
              await benchWaits.event(request, 'success', 10_000, 'reading the download records');
              return request.result as Record[];
            };
            let rows: Record[] = [];
            let underWay = 0;
            const start = performance.now();
            button.click();
            await benchWaits.until(
              async () => {
                rows = await records();
                underWay = rows.filter((row) => ['queued', 'downloading', 'waiting-for-wifi', 'downloaded'].includes(row.state)).length;
                return underWay === count && cardsUnderWay();
              },
              60_000,
              () => `all ${count} downloads under way (${underWay} are)`,
              10,
            );
            const elapsed = performance.now() - start;
            // Select all chooses in catalog order: the queue must keep it.
            const queued = rows.filter((row) => row.state === 'queued').sort((a, b) => a.createdAt - b.createdAt);
            const ids = queued.map((row) => Number(row.episodeId.replace('select-', '')));
            db.close();
            return { elapsed, orderKept: ids.every((id, index) => index === 0 || id > ids[index - 1]!) };
          },
          { label, count },
        );
        times.push(result.elapsed);
        orderKept &&= result.orderKept;
      } finally {
        await context.close();
      }
    }
  } finally {
    await selectServer.close();
  }
  return { times, orderKept };
}

async function selectRows(bench: Bench): Promise<Row[]> {
  const few = await selectAll(bench, 20);
  const many = await selectAll(bench, 1000);
  const perEpisode = { few: median(few.times) / 20, many: median(many.times) / 1000 };
  const ratio = perEpisode.many / perEpisode.few;
  const measure = (count: number, orderKept: boolean) => `Select all (${count}) → Download: every download under way${orderKept ? ', in the order chosen' : ' (ORDER BROKEN)'}`;
  return [
    {
      id: 'P10',
      measure: measure(20, few.orderKept),
      ours: ms(median(few.times)),
      baseline: '—',
      ratio: '—',
      target: '< 1 s',
      pass: few.orderKept && median(few.times) < 1000,
      values: { times: few.times },
    },
    {
      id: 'P10b',
      measure: measure(1000, many.orderKept),
      ours: ms(median(many.times)),
      baseline: `${ms(perEpisode.few * 1000)} (20's cost per episode × 1000)`,
      ratio: `${x(ratio)} per episode`,
      target: '≤ 1.20× per episode (for context: < 1 s)',
      pass: many.orderKept && ratio <= 1.2,
      values: { times: many.times, ratioPerEpisode: ratio, under1s: median(many.times) < 1000 },
    },
  ];
}

export const select: RowGroup = { ids: ['P10', 'P10b'], episodes: [], rows: selectRows };
