import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Gzip sizes of the built JavaScript, in bytes (level 9, as a CDN would serve it). */
export interface BundleSizes {
  /** The page's entry script and the chunks it imports statically: what every start loads. */
  entry: number;
  /** Lazy chunks by file name: loaded only when needed (a changed catalog, the Downloads view, the player, workbox-window, no Background Fetch). */
  chunks: Record<string, number>;
  /** The player's chunk (`PlayerRoute-*.js`), loaded when a player opens. */
  player: number;
  /** entry + every chunk but the languages' catalogs other than English (a viewer loads one). */
  allPage: number;
  /** The largest language catalog (`messages-<locale>-*.js`), each a chunk the viewer loads alone. */
  catalog: number;
  serviceWorker: number;
}

// The budgets, and what each pays for:
// - entry: what a start needs to show the library (the cards and their download controls, the
//   records and their progress, the chunk-failure notice). The rest is lazy, loaded
//   when it is needed: starting downloads and the planner, the state machine's writes, the catalog
//   checker and feed readers (only when the catalog changed), the player, each transport, worker
//   registration and updates (workbox-window), housekeeping, the Downloads view, the episode page,
//   sign-in, config.json's check, failure texts, Select. Vite's preload helper
//   is reduced to the call it makes, and idb loses its async iterators, which nothing uses (scripts/build). What acts on downloads (the engine: transports,
//   retries, the Wi-Fi gate, cancel and delete) loads once the first screen is drawn, which only
//   reads records; the update notices likewise. Terser's three passes minify it.
// - serviceWorker (idb without its async iterators, as the page's): SHA-256 in WebAssembly (hash-wasm inlines its binary as base64: README,
//   Performance), the catalog check for periodic background sync (valibot, JSON Feed) and
//   config.json kept for offline starts; it is installed after the first screen, off the path of
//   the first paint; the artwork's widths and each entry's sources (renditions) are checked and
//   kept in download records, and every feed format's renditions read; its words' English and
//   the read of the page's language (it substitutes arguments itself rather than carry the formatter).
// - allPage: the entry and every lazy chunk but the message catalogs other than English (a viewer
//   downloads one language; each catalog is measured on its own). A chunk compressed alone shares
//   no words with the entry, so splitting costs a little here; the catalog chunk reads renditions;
//   the English catalog (every word the app shows) and the language chunk (the choice of language
//   and the message formatter, preloaded with the entry) are here, and the check of a publisher's
//   own words (config.json's messages), loaded only by a site that has some; and the choice of a
//   rendition to download or stream (what this device plays, MediaCapabilities, the quality
//   rules), a chunk loaded with the first download or the player; the Ask sheet (a chunk loaded
//   when Download asks which rendition) and what the housekeeper and select bar do for it.
// - player: the player's chunk (controls on the picture, gestures, sheets, the mini-player).
// - catalog: each language's words, a chunk the viewer loads alone (the largest of them).
// How each came to be its size: README, Performance (P4), and the commits.
// Issue 23's change of quality (docs in README, Performance: P4): the worker finds copies kept
// through a change and lets the old one go after the swap (26.6 → 27.2 kB); all page JS carries
// the Ask sheet, Change quality and the later glyphs' chunk, split off so the entry stays under
// 20 kB (76.8 → 78.8 kB); Arabic, the longest catalog, has the sheet's and the change's words (5.0 → 5.2 kB).
// Delete all cancelling a change of quality before it deletes the copy, and saying so (78.7 → 78.9 kB: 79.0).
// Formatters made once per locale and options, not one per size or date shown (78.93 → 79.09 kB:
// 79.1); a formatter made for each size was the first screen's longest piece of script, 43 ms a load.
// The first screen before anything else: the engine, housekeeping, the account and the update
// notices load once it is drawn, Install app once the account is known, and the page's catalog
// check measured (offline-episodes:catalog-check) (79.09 → 79.22 kB: 79.3); Lighthouse counts
// every request and task that ends before the first paint.
export const BUDGETS = { entry: 20_000, serviceWorker: 27_200, allPage: 79_300, player: 8_500, catalog: 5_200 } as const;

export async function measureBundles(distDir: string): Promise<BundleSizes> {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const entryPath = /<script type="module"[^>]*src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!entryPath) throw new Error(`no module entry script in ${distDir}/index.html`);
  const gzipped = async (path: string) => gzipSync(await readFile(join(distDir, path)), { level: 9 }).length;
  // What every start loads: the entry and every chunk it imports statically (the bundler may
  // move modules shared with lazy chunks into a chunk of their own), transitively.
  const startup = new Set<string>();
  const visit = async (path: string): Promise<void> => {
    if (startup.has(path)) return;
    startup.add(path);
    const code = await readFile(join(distDir, path), 'utf8');
    for (const [, imported] of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      await visit(`assets/${imported}`);
    }
  };
  await visit(entryPath);
  let entry = 0;
  for (const path of startup) entry += await gzipped(path);
  const chunks: Record<string, number> = {};
  for (const file of await readdir(join(distDir, 'assets'))) {
    if (file.endsWith('.js') && !startup.has(`assets/${file}`)) chunks[file] = await gzipped(`assets/${file}`);
  }
  const otherLanguage = (file: string) => /^messages-/.test(file) && !file.startsWith('messages-en-');
  const allPage = entry + Object.entries(chunks).reduce((sum, [file, size]) => sum + (otherLanguage(file) ? 0 : size), 0);
  const catalog = Math.max(0, ...Object.entries(chunks).flatMap(([file, size]) => (/^messages-/.test(file) ? [size] : [])));
  const player = Object.entries(chunks).find(([file]) => file.startsWith('PlayerRoute-'))?.[1];
  if (player === undefined) throw new Error('no PlayerRoute-*.js chunk: the player budget measures nothing');
  return { entry, chunks, player, allPage, catalog, serviceWorker: await gzipped('sw.js') };
}

/** Budget lines that failed, empty when all hold. */
export function overBudget(sizes: BundleSizes): string[] {
  return (Object.keys(BUDGETS) as (keyof typeof BUDGETS)[])
    .filter((key) => sizes[key] > BUDGETS[key])
    .map((key) => `${key}: ${kB(sizes[key])} > ${kB(BUDGETS[key])}`);
}

export function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
