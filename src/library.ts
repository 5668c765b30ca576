import { signal, type Signal } from '@preact/signals';
import { openAccount, type Account } from './account.ts';
import { fetchCatalog } from './catalog/catalogRefresh.ts';
import type { AppConfig } from './catalog/configTypes.ts';
import { openCatalog, type LibraryCatalog } from './catalog/libraryCatalog.ts';
import { preferencesStore, type AppDB, type PreferencesStore } from './core/db.ts';
import { DownloadManager } from './downloads/downloadManager.ts';
import type { Housekeeper } from './downloads/housekeeper.ts';
import { loadChunk } from './lazyChunk.ts';
import { openPlaybackPositions, type PlaybackPositions } from './playbackPositions.ts';

export interface Library {
  /** The site's name (config.json), shown in the header. */
  name: string;
  /** Why config.json was not used, if it was broken. */
  configNotice?: string;
  account: Signal<Account | undefined>;
  catalog: LibraryCatalog;
  downloads: DownloadManager;
  /** Loaded after the first screen (its own chunk); downloads go through it. */
  housekeeper: Promise<Housekeeper>;
  /** What housekeeping last did or refused, for a status line. */
  housekeepingReport: Signal<string>;
  positions: PlaybackPositions;
  /** The viewer's playback choices (speed, captions): the player reads and writes them, never the database. */
  preferencesStore: PreferencesStore;
}

/**
 * What the UI reads: the catalog (saved copy first, then the network's), the downloads, and the
 * episode the user was sent to (?episode=, or a tap on the browser's download UI).
 */
export async function openLibrary(
  database: Promise<AppDB>,
  registration: Promise<ServiceWorkerRegistration>,
  source: AppConfig,
  configNotice?: string,
): Promise<Library> {
  const fetched = fetchCatalog(source.catalogUrl);
  const db = await database;
  const downloads = new DownloadManager(db, registration);
  const catalog = await openCatalog(db, fetched, source.mediaOrigins, downloads.records);
  const positions = await openPlaybackPositions(db);
  void registration.then(async (ready) => (await import('./catalog/periodicRefresh.ts')).requestPeriodicRefresh(ready));
  await downloads.loadRecords();
  downloads.init().catch((error: unknown) => console.error('[downloads] could not settle or follow downloads', error));
  const account = openAccount(downloads.records);
  const housekeepingReport = signal('');
  const housekeeper = catalog.firstScreen
    .then(() => loadChunk(() => import('./downloads/housekeeper.ts')))
    .then(({ Housekeeper }) => new Housekeeper(housekeepingReport, downloads, catalog.episodes, positions.byEpisode));
  return { name: source.name ?? 'Offline Episodes', configNotice, account, catalog, downloads, housekeeper, housekeepingReport, positions, preferencesStore: preferencesStore(db) };
}

