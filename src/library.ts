import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { openAccount, type Account } from './account.ts';
import { fetchCatalog, refreshCatalog } from './catalog/catalogRefresh.ts';
import { catalogNotice as catalogNoticeText, libraryEpisodes } from './catalog/libraryRefresh.ts';
import type { AppConfig } from './catalog/configTypes.ts';
import type { Episode } from './core/catalog.ts';
import {
  loadCatalog,
  loadSeenEpisodes,
  preferencesStore,
  saveSeenEpisodes,
  unseenEpisodes,
  type AppDB,
  type PreferencesStore,
} from './core/db.ts';
import { isAppMessage } from './core/messages.ts';
import { DownloadManager } from './downloads/downloadManager.ts';
import { loadChunk } from './lazyChunk.ts';
import { openPlaybackPositions, type PlaybackPositions } from './playbackPositions.ts';
import type { Housekeeper } from './downloads/housekeeper.ts';

export interface Library {
  /** The site's name (config.json), shown in the header. */
  name: string;
  /** Why config.json was not used, if it was broken. */
  configNotice?: string;
  account: Signal<Account | undefined>;
  episodes: ReadonlySignal<Episode[]>;
  catalogNotice: Signal<string>;
  /** Until the first library is on screen (the saved copy, or the first catalog fetched). */
  loading: ReadonlySignal<boolean>;
  focusedEpisodeId: Signal<string | undefined>;
  /** Episodes that appeared since the viewer last opened the app (marked "New" for this visit). */
  newEpisodeIds: ReadonlySignal<ReadonlySet<string>>;
  downloads: DownloadManager;
  /** Loaded after the first screen (its own chunk); downloads go through it. */
  housekeeper: Promise<Housekeeper>;
  /** What housekeeping last did or refused, for a status line. */
  housekeepingReport: Signal<string>;
  positions: PlaybackPositions;
  /** The viewer's playback choices (speed, captions): the player reads and writes them, never the database. */
  preferencesStore: PreferencesStore;
  /** Resolves once there is a first screen (the saved catalog, the first checked entries) or the catalog's fetch has ended. */
  firstScreen: Promise<void>;
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
  const [saved, seenBefore] = await Promise.all([loadCatalog(db), loadSeenEpisodes(db)]);
  const catalog = signal<Episode[]>(saved?.episodes ?? []); // the saved copy: shown at once, online or not
  const catalogNotice = signal('');
  const newEpisodeIds = signal<ReadonlySet<string>>(new Set());
  const focusedEpisodeId = signal(new URLSearchParams(location.search).get('episode') ?? undefined);
  const downloads = new DownloadManager(db, registration);
  const positions = await openPlaybackPositions(db);

  // Downloaded episodes that the catalog no longer lists stay in the library, playable.
  const episodes = computed(() => libraryEpisodes(catalog.value, downloads.records.value.values()));

  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isAppMessage(event.data) && event.data.type === 'open-episode') focusedEpisodeId.value = event.data.episodeId;
  });

  let shown!: () => void;
  const firstScreen = new Promise<void>((resolve) => (shown = resolve));
  if (catalog.value.length > 0) shown();
  const loading = signal(true);
  void firstScreen.then(() => (loading.value = false));
  // Neither waits for the other, nor for the service worker (which a first visit is installing):
  // the library shows as soon as there is something to show.
  const showFirst = (first: Episode[]) => {
    catalog.value = first;
    shown();
  };
  refreshCatalog(db, fetched, source.mediaOrigins, saved, showFirst, () => import('./catalog/pageCatalogSource.ts')).then(
    (update) => {
      if (update.episodes) catalog.value = update.episodes;
      catalogNotice.value = catalogNoticeText({ update }, navigator.onLine);
    },
    (error: unknown) => (catalogNotice.value = catalogNoticeText({ error }, navigator.onLine)),
  ).finally(() => {
    shown();
    // What is new is what the viewer had not seen when the app opened (the worker may have saved
    // a newer catalog while it was closed). Seen now: remembered, and the app icon's count cleared.
    newEpisodeIds.value = new Set(unseenEpisodes(catalog.value, seenBefore).map((episode) => episode.id));
    void saveSeenEpisodes(db, catalog.value.map((episode) => episode.id));
    void navigator.clearAppBadge?.().catch(() => undefined);
  });
  void registration.then(async (ready) => (await import('./catalog/periodicRefresh.ts')).requestPeriodicRefresh(ready));
  await downloads.loadRecords();
  downloads.init().catch((error: unknown) => console.error('[downloads] could not settle or follow downloads', error));
  const account = openAccount(downloads.records);
  const housekeepingReport = signal('');
  const housekeeper = firstScreen
    .then(() => loadChunk(() => import('./downloads/housekeeper.ts')))
    .then(({ Housekeeper }) => new Housekeeper(housekeepingReport, downloads, episodes, positions.byEpisode));
  return { name: source.name ?? 'Offline Episodes', configNotice, account, episodes, loading, catalogNotice, focusedEpisodeId, newEpisodeIds, downloads, housekeeper, housekeepingReport, positions, preferencesStore: preferencesStore(db), firstScreen };
}

