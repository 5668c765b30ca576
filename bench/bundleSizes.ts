import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Gzip sizes of the built JavaScript, in bytes (level 9, as a CDN would serve it). */
export interface BundleSizes {
  /** The page's entry script: what every start loads. */
  entry: number;
  /** Lazy chunks by file name: loaded only when needed (a changed catalog, the Downloads view, the player, workbox-window, no Background Fetch). */
  chunks: Record<string, number>;
  /** entry + every chunk. */
  allPage: number;
  serviceWorker: number;
}

// The worker carries SHA-256 in WebAssembly (hash-wasm inlines its ~9 kB binary as base64): README, Performance.
// All page JS grew by the player (~3.7 kB, loaded when a player opens); the entry did not.
export const BUDGETS = { entry: 20_000, serviceWorker: 18_000, allPage: 36_000 } as const;

export async function measureBundles(distDir: string): Promise<BundleSizes> {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const entryPath = /<script type="module"[^>]*src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!entryPath) throw new Error(`no module entry script in ${distDir}/index.html`);
  const gzipped = async (path: string) => gzipSync(await readFile(join(distDir, path)), { level: 9 }).length;
  const entry = await gzipped(entryPath);
  const chunks: Record<string, number> = {};
  for (const file of await readdir(join(distDir, 'assets'))) {
    if (file.endsWith('.js') && `assets/${file}` !== entryPath) chunks[file] = await gzipped(`assets/${file}`);
  }
  const allPage = entry + Object.values(chunks).reduce((sum, size) => sum + size, 0);
  return { entry, chunks, allPage, serviceWorker: await gzipped('sw.js') };
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
