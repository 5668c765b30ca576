import type { Episode } from '../core/catalog.ts';
import { saveCatalog, type AppDB, type SavedCatalog } from '../core/db.ts';
import type { readAndCheckCatalog } from './catalogSource.ts';

/**
 * The catalog's reader and checker: the page loads them as a chunk when a catalog has changed;
 * the worker has them built in (no import() there).
 */
export type CatalogChecking = () => Promise<{ readAndCheckCatalog: typeof readAndCheckCatalog }>;

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
  const { readAndCheckCatalog } = await (checker ?? loadChecker());
  const update = await readAndCheckCatalog(response, catalogUrl, mediaOrigins, nothingShown ? showFirst : undefined);
  // Only a catalog that passed the check replaces the saved one; shown at once, written behind.
  const writing = saveCatalog(db, { ...update, etag, checkedWith }).catch((error: unknown) => console.warn('[catalog] not saved for offline use', error));
  return { ...update, saved: writing };
}

/**
 * What the check of a catalog depends on besides its text, as one string to compare. The check's
 * version is part of it: a version that reads more (renditions) checks an unchanged catalog again.
 */
function checkSettings(catalogUrl: string, mediaOrigins: readonly string[]): string {
  return JSON.stringify([CHECK_VERSION, catalogUrl, ...[...mediaOrigins].sort()]);
}

/** Raised whenever the check keeps something it did not before. 2: an entry's sources. */
const CHECK_VERSION = 2;
