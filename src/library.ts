import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Account } from './account.ts';
import { fetchCatalog } from './catalog/catalogRefresh.ts';
import type { AppConfig } from './catalog/configTypes.ts';
import { openCatalog, type LibraryCatalog } from './catalog/libraryCatalog.ts';
import { preferencesStore, type AppDB, type PreferencesStore } from './core/db.ts';
import { DownloadManager } from './downloads/downloadManager.ts';
import type { Housekeeper } from './downloads/housekeeper.ts';
import { loadChunk } from './lazyChunk.ts';
import { openPlaybackPositions, type PlaybackPositions } from './playbackPositions.ts';

/** The housekeeper, a chunk of its own loaded after the first screen (downloads start through it), and what it last did or refused. */
export interface Housekeeping {
  keeper: Promise<Housekeeper>;
  /** For a status line. */
  report: ReadonlySignal<string>;
}

/** The services the UI is handed; each component takes the few it uses. */
export interface Library {
  catalog: LibraryCatalog;
  account: Signal<Account | undefined>;
  downloads: DownloadManager;
  housekeeping: Housekeeping;
  positions: PlaybackPositions;
  /** The viewer's speed and captions: the player reads and writes them, never the database. */
  preferencesStore: PreferencesStore;
}

/**
 * Opens the services in the order the first screen needs them: the catalog's request before the
 * database, the saved catalog before the downloads' records, housekeeping after the first screen.
 */
export async function openLibrary(
  database: Promise<AppDB>,
  registration: Promise<ServiceWorkerRegistration>,
  source: AppConfig,
): Promise<Library> {
  const fetched = fetchCatalog(source.catalogUrl);
  // A page no worker controls is a first visit (or one after the site's data was cleared): with no
  // saved catalog, the fetched one needs its checker, a chunk of its own. Asked for beside the
  // catalog, not once it has arrived: one round trip less before the first screen (Lighthouse).
  if (!navigator.serviceWorker.controller) import('./catalog/pageCatalogSource.ts').catch(() => undefined); // its failure is the refresh's to report
  const db = await database;
  const downloads = new DownloadManager(db, registration);
  const catalog = await openCatalog(db, fetched, source.mediaOrigins, downloads.records);
  const positions = await openPlaybackPositions(db);
  // Periodic Background Sync, asked for once the worker is ready (a chunk of its own).
  void registration.then((ready) => import('./catalog/periodicRefresh.ts').then((module) => module.requestPeriodicRefresh(ready)));
  await downloads.loadRecords();
  // The engine (a chunk of its own) settles and follows downloads once the first screen is there.
  void catalog.firstScreen
    .then(() => downloads.init())
    .catch((error: unknown) => console.error('[downloads] could not settle or follow downloads', error));
  const report = signal('');
  const keeper = catalog.firstScreen
    .then(() => loadChunk(() => import('./downloads/housekeeper.ts')))
    .then(({ Housekeeper }) => new Housekeeper(report, downloads, catalog.episodes, positions.byEpisode));
  const account = signal<Account | undefined>();
  // Without its chunk (offline on a first visit) the header simply shows no account.
  loadChunk(() => import('./account.ts')).then((module) => module.followAccount(account, downloads.records), () => undefined);
  return { catalog, account, downloads, housekeeping: { keeper, report }, positions, preferencesStore: preferencesStore(db) };
}
