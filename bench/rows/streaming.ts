// P8: streaming, the card's Play → the player's first frame, against a bare <video src> of the same
// file from the same server (an uncontrolled page of its own context), alternating.
import { freshContext, log, median, ms, openApp, RUNS, x, type Bench, type Row, type RowGroup } from '../harness.ts';

async function streamingRows(bench: Bench): Promise<Row[]> {
  const { server } = bench;
  const appContext = await freshContext(bench);
  const bareContext = await freshContext(bench);
  try {
    const appPage = await openApp(appContext, server.origin);
    const barePage = await bareContext.newPage();
    // Same origin, no worker in this context. An empty page Playwright answers: the server's own
    // non-app responses are sandboxed (an opaque origin, where the CORS-mode element cannot load).
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
        const video = await benchWaits.until(() => document.querySelector<HTMLVideoElement>('.player video'), 10_000, `the player's <video> for ${title}`, 1);
        if (video.paused || video.readyState < 3) await benchWaits.event(video, 'playing', 30_000, `"playing" in the player for ${title}`);
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
        await benchWaits.within(video.play(), 30_000, `play() of a bare <video> of ${url}`);
        if (video.paused) await benchWaits.event(video, 'playing', 30_000, `"playing" from a bare <video> of ${url}`);
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
    return [
      {
        id: 'P8',
        measure: 'streaming: Play → first frame (playing), through the worker and the redirect',
        ours: ms(median(player)),
        baseline: `bare <video src> ${ms(median(plain))}`,
        ratio: x(median(player) / median(plain)),
        target: '≤ 1.20×',
        pass: median(player) / median(plain) <= 1.2,
        values: { player, plain },
      },
    ];
  } finally {
    await appContext.close();
    await bareContext.close();
  }
}

export const streaming: RowGroup = { ids: ['P8'], episodes: ['bench-seek'], rows: streamingRows };
