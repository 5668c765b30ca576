// npm run bench [-- --quick] [-- --only=P1,P5]: the rows of the README's Performance table, in
// real headless Chromium against the real server. Each figure is a median of several runs; each
// ratio is taken within one run. A row file runs when any of its ids is asked for; the server is
// started with the large episodes of those files alone.
import { startBench, unfinishedRow, wanted, type LargeEpisode, type Row } from './harness.ts';
import { report } from './report.ts';
import { askSheet } from './rows/askSheet.ts';
import { bundles } from './rows/bundles.ts';
import { catalog } from './rows/catalog.ts';
import { download } from './rows/download.ts';
import { offlinePlayback } from './rows/offlinePlayback.ts';
import { playbackWrites } from './rows/playbackWrites.ts';
import { reconciliation } from './rows/reconciliation.ts';
import { select } from './rows/select.ts';
import { streaming } from './rows/streaming.ts';

// In this order: the disk-heavy downloads first, then the rows in fresh contexts of one browser.
const groups = [bundles, download, offlinePlayback, streaming, playbackWrites, reconciliation, select, askSheet, catalog].filter((group) => wanted(...group.ids));
const bench = await startBench(new Set<LargeEpisode>(groups.flatMap((group) => group.episodes)));
const rows: Row[] = [];
try {
  for (const group of groups) {
    try {
      rows.push(...(await group.rows(bench)));
    } catch (error) {
      // One file's failure (a bounded wait that ran out) is reported in its rows' place; the
      // rest of the run, often many minutes of it, still reaches the table.
      rows.push(unfinishedRow(group.ids.join(', '), error));
    }
  }
} finally {
  await bench.close();
}
await report(rows);
