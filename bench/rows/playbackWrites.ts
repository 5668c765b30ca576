// P9: playback with positions being saved: the main thread's long tasks, and how many times the
// position was written to IndexedDB (counted by wrapping IDBObjectStore.put before the app loads).
import { freshContext, log, ms, openApp, quick, type Bench, type Row, type RowGroup } from '../harness.ts';

async function playbackWritesRows(bench: Bench): Promise<Row[]> {
  const context = await freshContext(bench);
  try {
    await context.addInitScript(() => {
      const counts = { playbackWrites: 0 };
      Object.assign(globalThis, { __p9: counts });
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (this.name === 'playback') counts.playbackWrites += 1;
        return put.apply(this, args);
      };
    });
    const page = await openApp(context, bench.server.origin);
    const seconds = quick ? 20 : 60;
    log(`P9: ${seconds} s of playback`);
    const result = await page.evaluate(
      async ({ title, seconds }) => {
        const longTasks: number[] = [];
        new PerformanceObserver((list) => list.getEntries().forEach((entry) => longTasks.push(entry.duration))).observe({ type: 'longtask' });
        const article = [...document.querySelectorAll('article')].find((a) => a.querySelector('h2')?.textContent === title);
        [...(article?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.startsWith('Play'))?.click();
        const video = await benchWaits.until(() => document.querySelector<HTMLVideoElement>('.player video'), 10_000, `the player's <video> for ${title}`, 5);
        if (video.paused) await benchWaits.event(video, 'playing', 30_000, `"playing" in the player for ${title}`);
        const counts = (globalThis as unknown as { __p9: { playbackWrites: number } }).__p9;
        const writesBefore = counts.playbackWrites;
        const longTasksBefore = longTasks.length;
        // Played in real time, with room for a stall or two.
        await benchWaits.until(() => video.currentTime >= seconds, seconds * 1000 + 30_000, () => `${seconds} s played of ${title} (at ${video.currentTime.toFixed(1)} s)`, 200);
        return { writes: counts.playbackWrites - writesBefore, longTasks: longTasks.slice(longTasksBefore), played: video.currentTime };
      },
      { title: 'Bench bench-seek', seconds },
    );
    const longest = Math.max(0, ...result.longTasks);
    return [
      {
        id: 'P9',
        measure: `${seconds} s of playback with position saving: longest task, IndexedDB position writes`,
        ours: `${ms(longest)} · ${result.writes} writes`,
        baseline: '—',
        ratio: '—',
        target: `no task > 50 ms · ≤ ${Math.ceil((15 * seconds) / 60)} writes`,
        pass: longest <= 50 && result.writes <= Math.ceil((15 * seconds) / 60),
        values: { longTasks: result.longTasks, writes: result.writes, played: result.played },
      },
    ];
  } finally {
    await context.close();
  }
}

export const playbackWrites: RowGroup = { ids: ['P9'], episodes: ['bench-seek'], rows: playbackWritesRows };
