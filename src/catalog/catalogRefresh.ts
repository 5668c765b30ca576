import type { Episode } from '../core/catalog.ts';
import type { AppDB } from '../core/db.ts';

export interface CatalogUpdate {
  /** The new catalog; absent when it has not changed since it was saved. */
  episodes?: Episode[];
  skipped: string[];
}

const VERSION_KEY = 'offline-episodes:catalog-version';

/** The validator and notices of the catalog last saved. */
interface SavedVersion {
  etag: string;
  skipped: string[];
}

/**
 * Fetches the catalog (revalidating with the server), and parses it only when it changed: an
 * unchanged catalog of ten thousand episodes costs one request and no parsing or writing.
 */
export async function refreshCatalog(
  db: AppDB,
  catalogUrl: string,
  mediaOrigins: readonly string[],
  savedEpisodes: number,
): Promise<CatalogUpdate> {
  const response = await fetch(catalogUrl, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
  const etag = response.headers.get('ETag');
  const previous = readSavedVersion();
  if (etag && previous?.etag === etag && savedEpisodes > 0) return { skipped: previous.skipped };
  const text = await response.text();
  const { parseAndSave } = await import('./catalogSource.ts');
  const { saved, ...update } = parseAndSave(db, text, response.url || catalogUrl, mediaOrigins);
  // The version is written once the catalog itself is: a failure between only means parsing again.
  localStorage.removeItem(VERSION_KEY);
  saved.then(
    () => etag && localStorage.setItem(VERSION_KEY, JSON.stringify({ etag, skipped: update.skipped } satisfies SavedVersion)),
    (error: unknown) => console.warn('[catalog] not saved for offline use', error),
  );
  return update;
}

function readSavedVersion(): SavedVersion | undefined {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(VERSION_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return undefined;
    const { etag, skipped } = value as Record<string, unknown>;
    if (typeof etag !== 'string' || !Array.isArray(skipped) || !skipped.every((line) => typeof line === 'string')) return undefined;
    return { etag, skipped: skipped as string[] };
  } catch {
    return undefined;
  }
}
