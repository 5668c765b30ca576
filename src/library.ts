import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Account } from './account.ts';
import { fetchCatalog } from './catalog/catalogRefresh.ts';
import type { AppConfig } from './catalog/configTypes.ts';
import { openCatalog, type LibraryCatalog } from './catalog/libraryCatalog.ts';
import { preferencesStore, type AppDB, type PreferencesStore } from './core/db.ts';
import { DownloadManager } from './downloads/downloadManager.ts';
import type { Housekeeper } from './downloads/housekeeper.ts';
import { loadChunk } from './lazyChunk.ts';
import { whenIdle } from './whenIdle.ts';
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
  /** Resolves once the site first answered who is signed in (or could not): the header's Install app waits for it, so neither button pushes the other aside. */
  accountKnown: Promise<void>;
  downloads: DownloadManager;
  housekeeping: Housekeeping;
  positions: PlaybackPositions;
  /** The viewer's speed and captions: the player reads and writes them, never the database. */
  preferencesStore: PreferencesStore;
  /**
   * Runs `work` once the first screen is drawn, in an idle callback of its own: what that screen
   * does not need (the engine, housekeeping, the account, a first visit's worker) loads then, not
   * beside it, and each piece's start is a short task (all in one, a long one at a phone's speed).
   */
  afterFirstScreen<T>(work: () => T | PromiseLike<T>): Promise<T>;
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
  const db = await database;
  const downloads = new DownloadManager(db, registration);
  const catalog = await openCatalog(db, fetched, source.mediaOrigins, downloads.records);
  const positions = await openPlaybackPositions(db);
  // Periodic Background Sync, asked for once the worker is ready (a chunk of its own).
  void registration.then((ready) => import('./catalog/periodicRefresh.ts').then((module) => module.requestPeriodicRefresh(ready)));
  await downloads.loadRecords();
  // Chunks asked for while the first screen's words and catalog are on their way delay it (one
  // more request on a slow link's few connections; Lighthouse counts every one that ends first).
  const afterFirstScreen = <T,>(work: () => T | PromiseLike<T>) => catalog.firstScreen.then(() => new Promise<void>(whenIdle)).then(work);
  // The engine (a chunk of its own) settles and follows downloads once the first screen is there.
  afterFirstScreen(() => downloads.init())
    .catch((error: unknown) => console.error('[downloads] could not settle or follow downloads', error));
  const report = signal('');
  const keeper = afterFirstScreen(() => loadChunk(() => import('./downloads/housekeeper.ts')))
    .then(({ Housekeeper }) => new Housekeeper(report, downloads, catalog.episodes, positions.byEpisode));
  const account = signal<Account | undefined>();
  // Without its chunk (offline on a first visit) the header simply shows no account.
  const accountKnown = afterFirstScreen(() => loadChunk(() => import('./account.ts')))
    .then((module) => module.followAccount(account, downloads.records))
    .catch(() => undefined);
  return { catalog, account, accountKnown, downloads, housekeeping: { keeper, report }, positions, preferencesStore: preferencesStore(db), afterFirstScreen };
}
