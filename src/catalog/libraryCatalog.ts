import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Episode } from '../core/catalog.ts';
import { loadCatalog, loadCatalogHead, loadSeenEpisodes, saveSeenEpisodes, unseenEpisodes, type AppDB } from '../core/db.ts';
import type { DownloadRecord } from '../core/downloadState.ts';
import { isAppMessage } from '../core/messages.ts';
import { refreshCatalog, type CatalogResponse } from './catalogRefresh.ts';
import type { CatalogUpdate } from './catalogRefresh.ts';
import { libraryEpisodes } from './libraryRefresh.ts';
import { whenIdle } from '../whenIdle.ts';
import { loadChunk } from '../lazyChunk.ts';

/** The library's episodes as the viewer sees them: the saved copy first, then the network's. */
export interface LibraryCatalog {
  /** The catalog, then the downloaded episodes it no longer lists (kept, playable). */
  episodes: ReadonlySignal<Episode[]>;
  /** What the last refresh skipped, or why the saved catalog shows. */
  notice: ReadonlySignal<string>;
  /** Until the first library is on screen (the saved copy, or the first catalog fetched). */
  loading: ReadonlySignal<boolean>;
  /** The episode the viewer was sent to (?episode=, or a tap on the browser's download UI). */
  focusedEpisodeId: ReadonlySignal<string | undefined>;
  /** Episodes that appeared since the viewer last opened the app (marked "New" for this visit). */
  newEpisodeIds: ReadonlySignal<ReadonlySet<string>>;
  /** Resolves once there is a first screen (the saved catalog, the first checked entries) or the catalog's fetch has ended. */
  firstScreen: Promise<void>;
}

export async function openCatalog(
  db: AppDB,
  fetched: CatalogResponse,
  mediaOrigins: readonly string[],
  records: ReadonlySignal<ReadonlyMap<string, DownloadRecord>>,
): Promise<LibraryCatalog> {
  // The saved copy, shown at once, online or not: its first screen first (one small record), and
  // the whole once that is drawn (the page idle), so a return visit costs the same for any catalog's length.
  const head = await loadCatalogHead(db);
  const whole = head ? new Promise<void>(whenIdle).then(() => loadCatalog(db)) : loadCatalog(db);
  const catalog = signal<Episode[]>(head ?? (await whole)?.episodes ?? []);
  const notice = signal('');
  const newEpisodeIds = signal<ReadonlySet<string>>(new Set());
  const focusedEpisodeId = signal(new URLSearchParams(location.search).get('episode') ?? undefined);
  // While only the head shows, a downloaded episode past it is not one the catalog dropped.
  const episodes = computed(() => (catalog.value === head ? head : libraryEpisodes(catalog.value, records.value.values())));

  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isAppMessage(event.data) && event.data.type === 'open-episode') focusedEpisodeId.value = event.data.episodeId;
  });

  let shown!: () => void;
  const firstScreen = new Promise<void>((resolve) => (shown = resolve));
  if (catalog.value.length > 0) shown();
  const loading = signal(true);
  void firstScreen.then(() => (loading.value = false));
  // Waits neither for the downloads' records nor for the service worker (which a first visit is
  // installing): the library shows as soon as there is something to show.
  const showFirst = (first: Episode[]) => {
    catalog.value = first;
    shown();
  };
  const tell = (outcome: { update: CatalogUpdate } | { error: unknown }) =>
    loadChunk(() => import('./catalogNotice.ts')).then(({ catalogNotice }) => (notice.value = catalogNotice(outcome, navigator.onLine)));
  whole
    .then((saved) => {
      if (head && saved) catalog.value = saved.episodes;
      return refreshCatalog(db, fetched, mediaOrigins, saved, showFirst, () => import('./pageCatalogSource.ts'));
    })
    .then(
      (update) => {
        if (update.episodes) catalog.value = update.episodes;
        return update.skipped.length ? tell({ update }) : (notice.value = '');
      },
      (error: unknown) => tell({ error }),
    )
    .finally(async () => {
      shown();
      const seenBefore = await loadSeenEpisodes(db).catch(() => undefined);
      // What is new is what the viewer had not seen before this visit (the worker may have saved a
      // newer catalog while the app was closed). Seen now: remembered, and the app icon's count cleared.
      newEpisodeIds.value = new Set(unseenEpisodes(catalog.value, seenBefore).map((episode) => episode.id));
      void saveSeenEpisodes(db, catalog.value.map((episode) => episode.id));
      void navigator.clearAppBadge?.().catch(() => undefined);
    })
    .catch(() => undefined); // the notice's chunk did not load: the page says so (lazyChunk.ts)
  return { episodes, notice, loading, focusedEpisodeId, newEpisodeIds, firstScreen };
}
