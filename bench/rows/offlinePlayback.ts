// P2, P3: a <video> on the app's page playing a downloaded episode offline, every range answered
// by the worker from the cache: the first frame (against the same element online), and a seek to
// 90 %. A fresh context of the shared browser.
import { freshContext, log, mb, median, ms, openApp, RUNS, appDownload, x, type Bench, type Row, type RowGroup } from '../harness.ts';

async function offlinePlaybackRows(bench: Bench): Promise<Row[]> {
  const { server } = bench;
  const videoContext = await freshContext(bench);
  try {
    const videoPage = await openApp(videoContext, server.origin);
    await appDownload(videoPage, 'Service workers from first principles'); // warm-up
    const firstFrame = () =>
      videoPage.evaluate(async (url) => {
        const video = document.createElement('video');
        video.muted = true;
        document.body.prepend(video); // on screen: Chromium pauses muted video that is not
        const start = performance.now();
        video.src = url;
        await benchWaits.within(video.play(), 30_000, `play() of ${url}`);
        if (video.paused) await benchWaits.event(video, 'playing', 30_000, `"playing" from ${url}`);
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
    try {
      await appDownload(videoPage, 'Bench bench-seek');
    } finally {
      clearInterval(watchdog);
    }
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

    log('P3: seeks');
    const seeks = await videoPage.evaluate(
      async ({ url, samples }) => {
        const results: number[] = [];
        for (let i = 0; i < samples; i += 1) {
          const video = document.createElement('video'); // a fresh element: nothing buffered near 90 %
          video.muted = true;
          document.body.prepend(video); // on screen: Chromium pauses muted video that is not
          video.src = url;
          await benchWaits.within(video.play(), 30_000, `play() of ${url}`);
          await benchWaits.event(video, 'timeupdate', 30_000, `the first "timeupdate" of ${url}`);
          const target = video.duration * 0.9;
          const start = performance.now();
          video.currentTime = target;
          // "seeked": the frame at the new position is decoded.
          await benchWaits.event(video, 'seeked', 10_000, `"seeked" at 90 % of ${url}`);
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
    return [
      {
        id: 'P2',
        measure: 'offline <video>: load → first frame (playing), from the cache',
        ours: ms(median(offline)),
        baseline: `online from the server ${ms(median(online))}`,
        ratio: x(median(offline) / median(online)),
        target: '≤ 1.20×',
        pass: median(offline) / median(online) <= 1.2 && cacheAnswered,
        values: { offline, online },
      },
      {
        id: 'P3',
        measure: `seek to 90 % of a cached ${mb(server.mediaSize('bench-seek'))} episode → seeked${bench.seekable ? '' : ' (no ffmpeg: padded file, frames near the start: not a measure)'}`,
        ours: ms(median(seeks)),
        baseline: '—',
        ratio: '—',
        target: '< 150 ms',
        // A file whose frames all sit at the start seeks without reading anything: it proves nothing.
        pass: bench.seekable && cacheAnswered && median(seeks) < 150,
        values: { seeks, seekable: bench.seekable, cacheAnswered },
      },
    ];
  } finally {
    await videoContext.close();
  }
}

export const offlinePlayback: RowGroup = { ids: ['P2', 'P3'], episodes: ['bench-seek'], rows: offlinePlaybackRows };
