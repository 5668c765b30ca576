// Fails when a bundle outgrows its budget (gzip): run after `vite build`, part of `npm test`.
import { resolve } from 'node:path';
import { BUDGETS, kB, measureBundles, overBudget } from '../bench/bundleSizes.ts';

const sizes = await measureBundles(resolve('dist'));
console.log(`page entry ${kB(sizes.entry)} (budget ${kB(BUDGETS.entry)})`);
for (const [file, size] of Object.entries(sizes.chunks)) console.log(`  lazy chunk ${file} ${kB(size)}`);
console.log(`player chunk ${kB(sizes.player)} (budget ${kB(BUDGETS.player)})`);
console.log(`page, all JS ${kB(sizes.allPage)} (budget ${kB(BUDGETS.allPage)})`);
console.log(`service worker ${kB(sizes.serviceWorker)} (budget ${kB(BUDGETS.serviceWorker)})`);
console.log(`largest language catalog ${kB(sizes.catalog)} (budget ${kB(BUDGETS.catalog)})`);
const failures = overBudget(sizes);
if (failures.length > 0) {
  console.error(`Over budget:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
