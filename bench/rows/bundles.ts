// P4: the JavaScript every start loads, and the worker's, gzipped from dist/ (no browser: the
// same figures every run).
import { resolve } from 'node:path';
import { BUDGETS, kB, measureBundles } from '../bundleSizes.ts';
import type { Row, RowGroup } from '../harness.ts';

async function bundleRows(): Promise<Row[]> {
  const sizes = await measureBundles(resolve('dist'));
  return [
    {
      id: 'P4',
      measure: 'JS shipped, gzip: page entry (every start) / service worker',
      ours: `${kB(sizes.entry)} / ${kB(sizes.serviceWorker)}`,
      baseline: `lazy chunks: ${Object.values(sizes.chunks).map(kB).join(', ')} (all page JS ${kB(sizes.allPage)})`,
      ratio: '—',
      target: `≤ ${kB(BUDGETS.entry)} / ≤ ${kB(BUDGETS.serviceWorker)}`,
      pass: sizes.entry <= BUDGETS.entry && sizes.serviceWorker <= BUDGETS.serviceWorker,
      values: { entry: sizes.entry, serviceWorker: sizes.serviceWorker, allPage: sizes.allPage },
    },
  ];
}

export const bundles: RowGroup = { ids: ['P4'], episodes: [], rows: bundleRows };
