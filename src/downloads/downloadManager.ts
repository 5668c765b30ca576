import { signal } from '@preact/signals';
import { ARTWORK_CACHE, MEDIA_CACHE } from '../core/cacheNames.ts';
import type { Episode } from '../core/catalog.ts';
import { applyDownloadEvent, type AppDB } from '../core/db.ts';
import type { DownloadEvent, DownloadRecord } from '../core/downloadState.ts';
import { startLockName } from '../core/locks.ts';
import { CHANNEL_NAME, isAppMessage } from '../core/messages.ts';
import { reconcileDownloads } from '../core/reconcileDownloads.ts';

export interface DownloadProgress {
  downloaded: number;
  total: number;
}

/**
 * The page's side of downloads: starts, cancels and deletes them, and follows live background
 * fetches. IndexedDB is the truth; the signals here mirror it for the UI, refreshed whenever this
 * tab, another tab or the service worker announces a change.
 */
export class DownloadManager {
  readonly records = signal<ReadonlyMap<string, DownloadRecord>>(new Map());
  readonly progress = signal<ReadonlyMap<string, DownloadProgress>>(new Map());
  /** Live registrations by fetch id. Held on purpose: one kept only by its listener is GC'd and goes quiet. */
  private readonly followed = new Map<string, BackgroundFetchRegistration>();
  private readonly channel = new BroadcastChannel(CHANNEL_NAME);

  constructor(
    private readonly db: AppDB,
    private readonly registration: ServiceWorkerRegistration,
  ) {
    this.channel.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (isAppMessage(event.data) && event.data.type === 'download-changed') void this.refresh();
    });
  }

  /** At app start: settle records left "downloading" by a closed tab or browser, then follow live ones. */
  async init(): Promise<void> {
    const backgroundFetch = this.registration.backgroundFetch;
    if (backgroundFetch) {
      await reconcileDownloads({ db: this.db, backgroundFetch, caches, locks: navigator.locks, now: Date.now });
    }
    await this.refresh();
  }

  async start(episode: Episode): Promise<void> {
    const backgroundFetch = this.registration.backgroundFetch;
    const downloadId = crypto.randomUUID();
    await navigator.locks.request(startLockName(episode.id), async () => {
      // The record (with its fresh id) is written before the fetch exists, so any event for that
      // id, even one arriving with no tab open, resolves to this episode.
      const started = await this.apply(episode.id, { type: 'start', downloadId, episode, at: Date.now() });
      if (!started) return; // already downloading (another tab, a double press) or downloaded
      void caches.open(ARTWORK_CACHE).then((cache) => cache.add(episode.artworkUrl)).catch(() => undefined);
      try {
        if (!backgroundFetch) throw new Error('this browser cannot download in the background');
        const registration = await backgroundFetch.fetch(downloadId, [episode.mediaUrl], {
          title: episode.title,
          icons: [{ src: episode.artworkUrl, sizes: '426x240', type: 'image/jpeg' }],
          downloadTotal: episode.bytes,
        });
        this.follow(registration);
      } catch (error) {
        const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
        await this.apply(episode.id, {
          type: 'failed',
          downloadId,
          failure: quota ? { reason: 'quota-exceeded' } : { reason: 'could-not-start', detail: messageOf(error) },
          at: Date.now(),
        });
      }
    });
  }

  async cancel(episodeId: string): Promise<void> {
    const record = this.records.value.get(episodeId);
    if (record?.state !== 'downloading') return;
    const registration =
      this.followed.get(record.downloadId) ?? (await this.registration.backgroundFetch?.get(record.downloadId));
    // abort() fires backgroundfetchabort, whose handler records the cancellation; with no live
    // fetch left to abort, record it here.
    if (!(await registration?.abort())) {
      await this.apply(episodeId, { type: 'aborted', downloadId: record.downloadId, at: Date.now() });
    }
  }

  /** Deletes a downloaded (or failed) episode: the record first, then the cached bytes. */
  async remove(episodeId: string): Promise<void> {
    const record = this.records.value.get(episodeId);
    if (!record) return;
    if (await this.apply(episodeId, { type: 'delete', at: Date.now() })) {
      await (await caches.open(MEDIA_CACHE)).delete(record.mediaUrl);
    }
  }

  /** Reloads every record from IndexedDB and follows any live fetch this tab does not follow yet. */
  async refresh(): Promise<void> {
    const all = await this.db.getAll('downloads');
    this.records.value = new Map(all.map((record) => [record.episodeId, record]));
    for (const record of all) {
      if (record.state !== 'downloading' || this.followed.has(record.downloadId)) continue;
      const registration = await this.registration.backgroundFetch?.get(record.downloadId);
      if (registration) this.follow(registration);
    }
    const current = new Set(all.filter((r) => r.state === 'downloading').map((r) => r.downloadId));
    for (const id of this.followed.keys()) if (!current.has(id)) this.followed.delete(id);
  }

  private follow(registration: BackgroundFetchRegistration): void {
    if (this.followed.has(registration.id)) return;
    this.followed.set(registration.id, registration);
    const update = () => {
      const episodeId = [...this.records.value.values()].find((r) => r.downloadId === registration.id)?.episodeId;
      if (!episodeId) return;
      const next = new Map(this.progress.value);
      next.set(episodeId, { downloaded: registration.downloaded, total: registration.downloadTotal });
      this.progress.value = next;
    };
    registration.addEventListener('progress', update);
    update();
  }

  private async apply(episodeId: string, event: DownloadEvent): Promise<boolean> {
    const result = await applyDownloadEvent(this.db, episodeId, event);
    if (result.ok) {
      this.channel.postMessage({ type: 'download-changed', episodeId });
      await this.refresh();
    }
    return result.ok;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
