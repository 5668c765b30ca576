import { parseCatalog, type Episode } from '../core/catalog.ts';
import { saveCatalog, type AppDB } from '../core/db.ts';

export interface CatalogUpdate {
  episodes: Episode[];
  skipped: string[];
}

/**
 * Fetches and checks the catalog, and only then replaces the saved one: a broken or unreachable
 * catalog throws, and the saved library (and every download) is left as it was.
 */
export async function refreshCatalog(db: AppDB, catalogUrl: string, mediaOrigins: readonly string[]): Promise<CatalogUpdate> {
  const response = await fetch(catalogUrl, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
  let document: unknown;
  try {
    document = await response.json();
  } catch {
    throw new Error('it is not valid JSON');
  }
  const source = response.url || catalogUrl;
  const parsed = parseCatalog(document, {
    catalogUrl: source,
    // The app's origin, the catalog's own, and any configured media origins.
    allowedOrigins: [location.origin, new URL(source).origin, ...mediaOrigins],
  });
  await saveCatalog(db, parsed.episodes);
  return parsed;
}
