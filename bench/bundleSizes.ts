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
  /** entry + every chunk. */
  allPage: number;
  serviceWorker: number;
}

// The worker carries SHA-256 in WebAssembly (hash-wasm inlines its ~9 kB binary as base64): README, Performance.
// All page JS grew by the player (~3.8 kB, loaded when a player opens) and housekeeping (~1.5 kB); the entry did not.
// The worker also checks the catalog during periodic background sync (valibot, ~4 kB); it is
// installed after the first screen, off the path of the first paint.
// Accounts added the sign-in dialog (~1.2 kB, loaded when Sign in is pressed); the entry made room
// by moving worker registration and updates into workbox-window's chunk.
// Feeds (issue 15): RSS and Atom are read in the catalog chunk, loaded only when the catalog
// changed (~3.5 kB, with the splitter that reads long feeds a slice at a time); the worker reads JSON Feed in periodic sync and keeps config.json (~0.9 kB).
// The entry made room: Vite's preload helper is reduced to the call it makes (scripts/build).
// Issue 21 grew the entry by ~1.5 kB (copy keys and the lost-copy check, the planner's cross-tab
// lock and the batch queue, the chunk-failure and schema notices, the Downloads view's rows on the
// card's controls) after the planner, the catalog body reader and who-owns-what moved to chunks of
// their own; the worker by ~0.3 kB (finding a copy through the records, or by its key); all page JS
// by ~4 kB (hostile-feed limits and entity repair in the catalog chunk). The entry has to come back
// under 20 kB before the message catalogs of issue 24 go in.
// Issue 22's player (controls on the picture, gestures, sheets, mini-player; README, Performance:
// P4) grew its chunk from 4.1 to ~9.6 kB and all page JS with it. The entry grew ~0.45 kB: lucide's
// Icon needs preact's createContext, toChildArray and useContext, which live in preact's own
// chunk that every start loads (the library's icons of issue 22 need them as well), and App keeps
// the player mounted as the mini-player (src/player/heldPlayer.ts).
export const BUDGETS = { entry: 21_900, serviceWorker: 25_000, allPage: 57_500, player: 10_000 } as const;

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
  const allPage = entry + Object.values(chunks).reduce((sum, size) => sum + size, 0);
  const player = Object.entries(chunks).find(([file]) => file.startsWith('PlayerRoute-'))?.[1];
  if (player === undefined) throw new Error('no PlayerRoute-*.js chunk: the player budget measures nothing');
  return { entry, chunks, player, allPage, serviceWorker: await gzipped('sw.js') };
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
