import type { CatalogConfig } from '../src/catalog/configTypes.ts';
import { fetchCatalog, refreshCatalog } from '../src/catalog/catalogRefresh.ts';
import * as catalogSource from '../src/catalog/catalogSource.ts';
import { loadCatalog, loadSeenEpisodes, unseenEpisodes, type AppDB } from '../src/core/db.ts';

export interface CatalogSyncEnvironment {
  db: () => Promise<AppDB>;
  /** The catalog's settings, as config.json (or the build) gives them. */
  config: Promise<CatalogConfig>;
  /** navigator.setAppBadge where the browser has it. */
  setBadge: (count: number) => Promise<void>;
}

/**
 * The worker's side of periodic background sync: fetch and check the catalog as the page would,
 * save it (so the library shows it next time, offline too), and count on the app icon the
 * episodes the viewer has not seen. The page clears the count when the library is shown.
 */
export async function refreshCatalogInBackground({ db, config: configured, setBadge }: CatalogSyncEnvironment): Promise<number> {
  const [opened, config] = await Promise.all([db(), configured]);
  const [saved, seen] = await Promise.all([loadCatalog(opened), loadSeenEpisodes(opened)]);
  const update = await refreshCatalog(opened, fetchCatalog(config.catalogUrl), config.mediaOrigins, saved, () => undefined, () => Promise.resolve(catalogSource));
  await update.saved;
  const unseen = unseenEpisodes(update.episodes ?? saved?.episodes ?? [], seen).length;
  if (unseen > 0) await setBadge(unseen);
  return unseen;
}
