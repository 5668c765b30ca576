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
 * Reads the fetched catalog, and checks it only when it changed: an unchanged catalog of ten
 * thousand episodes costs one request and no parsing or writing. With nothing saved to show
 * meanwhile, `showFirst` gets the first entries before the rest are checked.
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
  if (etag && saved?.etag === etag) return { skipped: saved.skipped };
  const text = await response.text();
  const { checkCatalogText } = await (checker ?? loadChecker());
  const update = await checkCatalogText(text, response.url || fetched.url, mediaOrigins, nothingShown ? showFirst : undefined);
  // Only a catalog that passed the check replaces the saved one; shown at once, written behind.
  const writing = saveCatalog(db, { ...update, etag }).catch((error: unknown) => console.warn('[catalog] not saved for offline use', error));
  return { ...update, saved: writing };
}
