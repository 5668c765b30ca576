import type { Episode } from '../core/catalog.ts';
import { saveCatalog, type AppDB, type SavedCatalog } from '../core/db.ts';
import type { checkCatalogText } from './catalogSource.ts';

/** The catalog checker: the page loads it as a chunk when needed; the worker has it built in (no import() there). */
export type CatalogChecking = () => Promise<{ checkCatalogText: typeof checkCatalogText }>;

export interface CatalogUpdate {
  /** The new catalog; absent when it has not changed since it was saved. */
  episodes?: Episode[];
  skipped: string[];
  /** The new catalog being written (the page shows it first; the worker waits for it). */
  saved?: Promise<void>;
}

export interface CatalogResponse {
  url: string;
  response: Promise<Response>;
}

/** Asks for the catalog (revalidating with the server); started first thing, before the database opens. */
export function fetchCatalog(url: string): CatalogResponse {
  const response = fetch(url, { cache: 'no-cache' });
  response.catch(() => undefined); // reported where it is awaited
  return { url, response };
}

/**
 * Reads the fetched catalog, and checks it only when it or the settings it is checked with
 * changed: an unchanged catalog of ten thousand episodes costs one request and no parsing or
 * writing. With nothing saved to show meanwhile, `showFirst` gets the first entries before the
 * rest are checked.
 */
export async function refreshCatalog(
  db: AppDB,
  fetched: CatalogResponse,
  mediaOrigins: readonly string[],
  saved: SavedCatalog | undefined,
  showFirst: (episodes: Episode[]) => void,
  loadChecker: CatalogChecking,
): Promise<CatalogUpdate> {
  const nothingShown = !saved || saved.episodes.length === 0;
  // With nothing saved the check is certain to be needed: load it while the catalog downloads.
  const checker = nothingShown ? loadChecker() : undefined;
  const response = await fetched.response;
  if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
  const etag = response.headers.get('ETag') ?? undefined;
  const catalogUrl = response.url || fetched.url;
  const checkedWith = checkSettings(catalogUrl, mediaOrigins);
  if (etag && saved?.etag === etag && saved.checkedWith === checkedWith) return { skipped: saved.skipped };
  const text = await readCatalogBody(response);
  const { checkCatalogText } = await (checker ?? loadChecker());
  const update = await checkCatalogText(text, catalogUrl, mediaOrigins, nothingShown ? showFirst : undefined);
  // Only a catalog that passed the check replaces the saved one; shown at once, written behind.
  const writing = saveCatalog(db, { ...update, etag, checkedWith }).catch((error: unknown) => console.warn('[catalog] not saved for offline use', error));
  return { ...update, saved: writing };
}

/** What the check of a catalog depends on besides its text, as one string to compare. */
function checkSettings(catalogUrl: string, mediaOrigins: readonly string[]): string {
  return JSON.stringify([catalogUrl, ...[...mediaOrigins].sort()]);
}

/** A catalog body past this is refused: a feed of 50,000 episodes with long show notes is ~25 MB. */
export const MAX_CATALOG_BYTES = 32 * 1024 * 1024;
const YIELD_BYTES = 1024 * 1024;

/**
 * The body as text, read a chunk at a time and given up as soon as it passes MAX_CATALOG_BYTES
 * (the rest is never downloaded), with an error that says so. (Not a CatalogError: this module
 * is in the page entry, the schema library is not.)
 */
export async function readCatalogBody(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  let handedBack = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_CATALOG_BYTES) {
      void reader.cancel().catch(() => undefined);
      throw new Error(`it is larger than ${MAX_CATALOG_BYTES / 1024 / 1024} MB`);
    }
    parts.push(decoder.decode(value, { stream: true }));
    // A body already received is read in one task (its reads are microtasks): hand the thread
    // back now and then.
    if (bytes - handedBack > YIELD_BYTES) {
      handedBack = bytes;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  parts.push(decoder.decode());
  return parts.join('');
}
