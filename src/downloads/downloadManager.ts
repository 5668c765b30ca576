import { signal } from '@preact/signals';
import { ARTWORK_CACHE, MEDIA_CACHE } from '../core/cacheNames.ts';
import { applyDownloadEvent, type AppDB } from '../core/db.ts';
import type { DownloadEvent, DownloadRecord, EpisodeToDownload } from '../core/downloadState.ts';
import { startLockName } from '../core/locks.ts';
import { CHANNEL_NAME, isAppMessage } from '../core/messages.ts';
import { reconcileDownloads } from '../core/reconcileDownloads.ts';
import { retriesAutomatically, retryDelayMs } from '../core/retryPolicy.ts';
import { nextProgress, type DownloadProgress } from './downloadProgress.ts';

/**
 * The page's side of downloads: starts, cancels, retries and deletes them, and follows live
 * background fetches. IndexedDB is the truth; the signals here mirror it for the UI, refreshed
 * whenever this tab, another tab or the service worker announces a change.
 */
export class DownloadManager {
  readonly records = signal<ReadonlyMap<string, DownloadRecord>>(new Map());
  /** By episode id, for the attempt being followed. */
  readonly progress = signal<ReadonlyMap<string, DownloadProgress>>(new Map());
  /** Live registrations by fetch id. Held on purpose: one kept only by its listener is GC'd and goes quiet. */
  private readonly followed = new Map<string, BackgroundFetchRegistration>();
  /** Automatic retries waiting for their moment, by the fetch id that failed. */
  private readonly retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
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

  /** Download, or Retry: a new attempt under a new fetch id (the old one is retired). */
  async start(episode: EpisodeToDownload, automatic = false): Promise<void> {
    const backgroundFetch = this.registration.backgroundFetch;
    const downloadId = crypto.randomUUID();
    await navigator.locks.request(startLockName(episode.id), async () => {
      // The record (with its fresh id) is written before the fetch exists, so any event for that
      // id, even one arriving with no tab open, resolves to this episode.
      const started = await this.apply(episode.id, { type: 'start', downloadId, episode, automatic, at: Date.now() });
      if (!started) return; // already downloading (another tab, a double press) or downloaded
      if (episode.artworkUrl) void cacheArtwork(episode.artworkUrl);
      try {
        if (!backgroundFetch) throw new Error('this browser cannot download in the background');
        const registration = await backgroundFetch.fetch(downloadId, [episode.mediaUrl], {
          title: episode.title,
          icons: episode.artworkUrl ? [{ src: episode.artworkUrl, sizes: '426x240', type: 'image/jpeg' }] : [],
          downloadTotal: episode.bytes,
        });
        this.follow(registration);
        // Other tabs saw the record before the fetch existed: tell them to follow it now.
        this.channel.postMessage({ type: 'download-changed', episodeId: episode.id });
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
    if (record?.state === 'failed') {
      // Cancelling an "Interrupted — retrying" download stops the retries.
      this.clearRetry(record.downloadId);
      await this.apply(episodeId, { type: 'delete', at: Date.now() });
      return;
    }
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

  /** Reloads every record from IndexedDB, follows live fetches, and schedules automatic retries. */
  async refresh(): Promise<void> {
    const all = await this.db.getAll('downloads');
    this.records.value = new Map(all.map((record) => [record.episodeId, record]));
    for (const record of all) {
      if (record.state === 'downloading' && !this.followed.has(record.downloadId)) {
        const registration = await this.registration.backgroundFetch?.get(record.downloadId);
        if (registration) this.follow(registration);
      }
      if (retriesAutomatically(record)) this.scheduleRetry(record);
    }
    const downloading = new Set(all.filter((r) => r.state === 'downloading').map((r) => r.downloadId));
    for (const id of this.followed.keys()) if (!downloading.has(id)) this.followed.delete(id);
  }

  private scheduleRetry(record: DownloadRecord): void {
    if (this.retryTimers.has(record.downloadId)) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(record.downloadId);
      const current = this.records.value.get(record.episodeId);
      if (current?.downloadId !== record.downloadId || !retriesAutomatically(current)) return;
      const { episodeId: id, title, mediaUrl, expectedBytes: bytes, artworkUrl } = current;
      void this.start({ id, title, mediaUrl, bytes, artworkUrl }, true);
    }, retryDelayMs(record.automaticRetries));
    this.retryTimers.set(record.downloadId, timer);
  }

  private clearRetry(downloadId: string): void {
    clearTimeout(this.retryTimers.get(downloadId));
    this.retryTimers.delete(downloadId);
  }

  private follow(registration: BackgroundFetchRegistration): void {
    if (this.followed.has(registration.id)) return;
    this.followed.set(registration.id, registration);
    const update = () => {
      const episodeId = [...this.records.value.values()].find((r) => r.downloadId === registration.id)?.episodeId;
      if (!episodeId) return;
      const next = new Map(this.progress.value);
      const previous = this.progress.value.get(episodeId);
      next.set(
        episodeId,
        nextProgress(previous?.downloadId === registration.id ? previous : undefined, {
          downloadId: registration.id,
          downloaded: registration.downloaded,
          total: registration.downloadTotal,
          at: Date.now(),
        }),
      );
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

async function cacheArtwork(url: string): Promise<void> {
  try {
    await (await caches.open(ARTWORK_CACHE)).add(url);
  } catch {
    // Artwork is a nicety; the download goes on without it.
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
