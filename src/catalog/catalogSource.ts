import { CatalogError, parseCatalog } from '../core/catalog.ts';
import { saveCatalog, type AppDB } from '../core/db.ts';
import type { CatalogUpdate } from './catalogRefresh.ts';

/**
 * Checks a fetched catalog and only then replaces the saved one: a broken catalog throws, and the
 * saved library (and every download) is left as it was. Its own chunk, with the schema library:
 * loaded only when the catalog changed.
 */
export function parseAndSave(db: AppDB, text: string, catalogUrl: string, mediaOrigins: readonly string[]): CatalogUpdate & { saved: Promise<void> } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new CatalogError('it is not valid JSON');
  }
  const parsed = parseCatalog(document, {
    catalogUrl,
    // The app's origin, the catalog's own, and any configured media origins.
    allowedOrigins: [location.origin, new URL(catalogUrl).origin, ...mediaOrigins],
  });
  // Shown at once; the write (one transaction, however long the catalog) goes on behind.
  return { ...parsed, saved: saveCatalog(db, parsed.episodes) };
}
