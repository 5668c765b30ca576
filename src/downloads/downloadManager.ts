import { effect, signal, untracked } from '@preact/signals';
import { ARTWORK_CACHE, CAPTIONS_CACHE } from '../core/cacheNames.ts';
import { copyKeyOf } from '../core/copyKeys.ts';
import { applyDownloadEvent, applyDownloadEvents, type AppDB, type ApplyResult } from '../core/db.ts';
import { episodeOf, type DownloadEvent, type DownloadFailure, type DownloadRecord, type EpisodeToDownload, type Transport } from '../core/downloadState.ts';
import { bytesCommitted } from '../core/storageLimit.ts';
import { startLockName } from '../core/locks.ts';
import { CHANNEL_NAME, isAppMessage, type AppMessage } from '../core/messages.ts';
import { nextProgress, type DownloadProgress, type ProgressSample } from './downloadProgress.ts';
import type { DownloadPlanner } from './downloadPlanner.ts';
import { browserEnvironment, type DownloadEnvironment } from './environment.ts';
import { NetworkPolicy } from './networkPolicy.ts';
import { createRetryScheduler, type RetryScheduler } from './retryScheduler.ts';
import { StorageStatus } from './storageSpace.ts';
import { loadChunk } from '../lazyChunk.ts';
import type { DownloadTransport, TransportHooks } from './transport.ts';
import { createWifiGate, type WifiGate } from './wifiGate.ts';

/**
 * The page's side of downloads: starts, cancels, retries and deletes them through a transport
 * (Background Fetch where the browser has it, a streaming fetch in the tab where not). IndexedDB
 * is the truth; the signals here mirror it for the UI, refreshed whenever this tab, another tab
 * or the service worker announces a change.
 */
export class DownloadManager {
  readonly records = signal<ReadonlyMap<string, DownloadRecord>>(new Map());
  /** By episode id, for the attempt being followed. */
  readonly progress = signal<ReadonlyMap<string, DownloadProgress>>(new Map());
  readonly storage = new StorageStatus();
  readonly network = new NetworkPolicy();
  /** How new downloads travel: Background Fetch where the browser has it, else in the tab. */
  readonly transportKind: Transport;
  readonly survivesClosedTab: boolean;
  private readonly transports = new Map<Transport, Promise<DownloadTransport>>();
  private readonly hooks: TransportHooks;
  private readonly retries: RetryScheduler;
  private readonly wifi: WifiGate;
  /** The viewer's download limit in bytes (Downloads view), checked before every start. */
  limitBytes: () => number | undefined = () => undefined;
  /** Downloaded episodes about to be removed to make room (housekeeping): the limit's preflight does not count them. */
  private readonly leaving = new Set<string>();
  /** Download ids this tab is starting, by episode: their records say downloading before the transfer exists. */
  private readonly starting = new Map<string, string>();
  private readonly channel = new BroadcastChannel(CHANNEL_NAME);
  private lastStartAt = 0;

  constructor(
    private readonly db: AppDB,
    /** Its worker may still be installing (a first visit): only transfers wait for it. */
    private readonly registration: Promise<ServiceWorkerRegistration>,
    private readonly env: DownloadEnvironment = browserEnvironment(),
  ) {
    this.hooks = {
      progress: (episodeId, sample) => this.onProgress(episodeId, sample),
      settle: (episodeId, event) => this.apply(episodeId, event),
    };
    this.retries = createRetryScheduler(env, (episodeId) => this.records.value.get(episodeId), (record) => {
      void this.start(episodeOf(record), { automatic: true });
    });
    this.wifi = createWifiGate(env, () => this.network.mustWaitForWifi(), {
      pause: async (record, event) => (await this.apply(record.episodeId, event)).ok,
      stop: async (record) => void (await (await this.transportFor(record)).cancel(record)),
      start: (episode) => this.start(episode),
    });
    this.transportKind = 'backgroundFetch' in ServiceWorkerRegistration.prototype ? 'background-fetch' : 'in-page';
    this.survivesClosedTab = this.transportKind === 'background-fetch';
    this.channel.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (isAppMessage(event.data) && event.data.type === 'download-changed') void this.refresh();
    });
    // Waiting for Wi-Fi ends when the connection changes or the setting allows mobile data; a
    // move to cellular with mobile data off pauses what is running.
    effect(() => {
      const mustWait = this.network.mustWaitForWifi();
      untracked(() => void (mustWait ? this.pauseRunning() : this.wifi.startWaiting(this.records.value.values())));
    });
  }

  private closed = false;

  /** Stops hearing and telling other tabs of changes (a manager that is done with). */
  close(): void {
    this.closed = true;
    this.channel.close();
  }

  /** Tells every other tab (and their managers) that a record changed. */
  private announce(episodeId: string): void {
    if (!this.closed) this.channel.postMessage({ type: 'download-changed', episodeId } satisfies AppMessage);
  }

  /** The records as stored, for the first render (init() then settles and follows them). */
  async loadRecords(): Promise<void> {
    this.records.value = new Map((await this.db.getAll('downloads')).map((record) => [record.episodeId, record]));
  }

  /** At app start: settle records left "downloading" by a closed tab or browser, then follow live ones. */
  async init(): Promise<void> {
    const start = performance.now();
    await (await this.transportOf(this.transportKind)).reconcile();
    performance.measure('offline-episodes:reconcile', { start }); // read by the benchmark (P5)
    await this.noticeLostCopies();
    await this.refresh();
    await this.pauseRunning(); // opened on cellular mid-download (the gate knows)
    await this.storage.refresh();
  }

  /**
   * Records that say Downloaded over a copy the cache no longer has (the browser evicted it, the
   * viewer cleared site data) are told so, with Download again: never "Downloaded" over nothing.
   */
  private async noticeLostCopies(): Promise<void> {
    const { recordsWithoutCopy } = await mediaCopies();
    const lost = await recordsWithoutCopy(this.db, this.env.caches);
    if (lost.length === 0) return;
    const at = this.env.now();
    await applyDownloadEvents(this.db, lost.map((record) => [record.episodeId, { type: 'lost', downloadId: record.downloadId, at }]));
    this.announce(lost[0]!.episodeId);
  }

  /**
   * Download, or Retry: a new attempt under a new download id (the old one is retired). With a
   * `refusal` (its size could not be learned), the attempt is recorded as failed with it, and
   * Retry. `makingRoom`: downloads the caller removes once this one is under way, so the limit's
   * preflight does not count them. Resolves with whether the download is under way (started,
   * queued or waiting for Wi-Fi).
   */
  async start(episode: EpisodeToDownload, options: StartOptions = {}): Promise<boolean> {
    const { automatic = false, refusal, makingRoom = [] } = options;
    const downloadId = this.env.newId();
    const at = this.nextStartAt();
    if (!automatic) void this.storage.requestPersistence();
    if (!refusal && this.network.mustWaitForWifi()) {
      return (await this.apply(episode.id, { type: 'wait', downloadId, episode, at })).ok;
    }
    // A refusal takes no slot, and in-page downloads have none: only a background fetch asks the planner.
    if (refusal || this.transportKind !== 'background-fetch') return this.whileMakingRoom(makingRoom, () => this.startNow(episode, downloadId, automatic, at, refusal));
    const planner = await this.planner();
    return this.whileMakingRoom(makingRoom, () =>
      planner.decide(episode.id, async (slotFree) =>
        // Chromium would refuse a sixth: it waits its turn, started by the planner when one ends.
        slotFree ? this.startNow(episode, downloadId, automatic, at) : (await this.apply(episode.id, { type: 'queue', downloadId, episode, at })).ok,
      ),
    );
  }

  /**
   * Runs a start with `makingRoom` left out of the limit's preflight; if it did not get under way,
   * they count again (the caller removes them only once it has).
   */
  private async whileMakingRoom(makingRoom: readonly DownloadRecord[], start: () => Promise<boolean>): Promise<boolean> {
    for (const record of makingRoom) this.leaving.add(record.episodeId);
    const underWay = await start();
    if (!underWay) for (const record of makingRoom) this.leaving.delete(record.episodeId);
    return underWay;
  }

  /**
   * A selection: every episode recorded as queued (or waiting for Wi-Fi) in one transaction, in
   * the order chosen, and the planner then starts as many as Chromium holds at once; one refresh
   * for the whole batch. In-page downloads have no slots: each starts as a single one would.
   */
  async startAll(episodes: readonly EpisodeToDownload[], options: Pick<StartOptions, 'makingRoom'> = {}): Promise<boolean> {
    if (this.transportKind !== 'background-fetch' || episodes.length < 2) {
      let underWay = false;
      for (const episode of episodes) underWay = (await this.start(episode, options)) || underWay;
      return underWay;
    }
    void this.storage.requestPersistence();
    const planner = await this.planner();
    return this.whileMakingRoom(options.makingRoom ?? [], async () => {
      if ((await planner.queueAll(episodes)) === 0) return false;
      this.announce(episodes[0]!.id);
      await this.refresh(); // follows, and fills the free slots
      return true;
    });
  }

  /** Strictly increasing: the queue shows downloads in the order they were started, and a batch starts many within one millisecond. */
  private nextStartAt(): number {
    return (this.lastStartAt = Math.max(this.env.now(), this.lastStartAt + 1));
  }

  /** Under the start lock, so reconciliation in any context leaves a record being started to this tab. */
  private startNow(episode: EpisodeToDownload, downloadId: string, automatic: boolean, at: number, refusal?: DownloadFailure): Promise<boolean> {
    return this.env.locks.request(startLockName(episode.id), async () => {
      this.starting.set(episode.id, downloadId);
      try {
        return await this.startUnderLock(episode, downloadId, automatic, at, refusal);
      } finally {
        this.starting.delete(episode.id);
      }
    });
  }

  private async startUnderLock(
    episode: EpisodeToDownload,
    downloadId: string,
    automatic: boolean,
    at: number,
    refusal: DownloadFailure | undefined,
  ): Promise<boolean> {
    const free = await this.freeBytesFor(episode.id);
    // The record (with its fresh id) is written before the fetch exists, so any event for that
    // id, even one arriving with no tab open, resolves to this episode.
    const started = await this.apply(episode.id, { type: 'start', downloadId, episode, transport: this.transportKind, automatic, at });
    if (!started.ok || !started.after) return false; // already downloading (another tab, a double press) or downloaded
    // Preflight: no fetch starts, and nothing already downloaded is touched.
    const refused = refusal ?? this.preflight(episode, free);
    if (refused) {
      await this.apply(episode.id, { type: 'failed', downloadId, failure: refused, at });
      return false;
    }
    if (episode.artworkUrl) void this.cacheArtwork(episode.artworkUrl);
    // Captions travel as their own small fetches, never inside the background fetch: one request
    // per registration (docs/background-fetch-in-chromium.md, on relaunches).
    if (episode.captions?.length) void this.cacheCaptions(episode.captions.map((caption) => caption.url));
    try {
      await (await this.transportOf(this.transportKind)).start(started.after);
      // Other tabs saw the record before the transfer existed: tell them to follow it now.
      this.announce(episode.id);
      return true;
    } catch (error) {
      const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
      await this.apply(episode.id, {
        type: 'failed',
        downloadId,
        failure: quota ? { reason: 'quota-exceeded', neededBytes: episode.bytes } : { reason: 'could-not-start', detail: messageOf(error) },
        at: this.env.now(),
      });
      return false;
    }
  }

  async cancel(episodeId: string): Promise<void> {
    const record = this.records.value.get(episodeId);
    if (!record) return;
    if (record.state === 'failed' || record.state === 'waiting-for-wifi' || record.state === 'queued') {
      // Cancelling "Interrupted — retrying" or "Waiting for Wi-Fi": no attempt is running.
      this.retries.cancel(record.downloadId);
      await this.remove(episodeId);
      return;
    }
    if (record.state !== 'downloading') return;
    const transport = await this.transportFor(record);
    if (!(await transport.cancel(record))) {
      // Nothing live here to report the cancellation: record it, then clear up after it.
      await this.apply(episodeId, { type: 'aborted', downloadId: record.downloadId, at: this.env.now() });
      await transport.discard(record);
    }
  }

  /** Deletes a downloaded (or failed) episode: the record first, then the bytes. */
  async remove(episodeId: string): Promise<void> {
    const record = this.records.value.get(episodeId);
    if (!record) return;
    this.leaving.delete(episodeId);
    if ((await this.apply(episodeId, { type: 'delete', at: this.env.now() })).ok) {
      const { deleteCaptionsOf, deleteMediaCopy } = await mediaCopies();
      await deleteMediaCopy(this.db, this.env.caches, copyKeyOf(record));
      await deleteCaptionsOf(this.db, this.env.caches, record);
      await (await this.transportFor(record)).discard(record);
      await this.storage.refresh();
    }
  }

  /** Reloads every record from IndexedDB, follows live transfers, and schedules automatic retries. */
  async refresh(): Promise<void> {
    const before = this.records.value;
    await this.loadRecords();
    const all = [...this.records.value.values()];
    // The space used changed: ask the browser once, not on every refresh.
    if (all.some((record) => record.state === 'downloaded' && before.get(record.episodeId)?.state === 'downloading')) {
      void this.storage.refresh();
    }
    for (const record of all) {
      // Only this tab's own start is skipped: another tab's download of the same episode, which
      // won the race for the start lock, is followed.
      if (record.state === 'downloading' && this.starting.get(record.episodeId) !== record.downloadId) {
        await (await this.transportFor(record)).adopt(record);
      }
      this.retries.schedule(record);
    }
    // Not awaited: a start waits for the planner lock, which the start that led here may hold.
    void this.wifi.startWaiting(all);
    this.fillSlots();
  }

  private plannerChunk: Promise<DownloadPlanner> | undefined;

  /** The planner (its own chunk), made on first use. */
  private planner(): Promise<DownloadPlanner> {
    this.plannerChunk ??= loadChunk(() => import('./downloadPlanner.ts')).then(
      ({ DownloadPlanner }) =>
        new DownloadPlanner({
          db: this.db,
          locks: this.env.locks,
          newId: () => this.env.newId(),
          nextStartAt: () => this.nextStartAt(),
          starting: this.starting,
          mustWaitForWifi: () => this.network.mustWaitForWifi(),
          startNow: (episode, downloadId, at) => this.startNow(episode, downloadId, false, at),
        }),
    );
    this.plannerChunk.catch(() => (this.plannerChunk = undefined));
    return this.plannerChunk;
  }

  /** Starts queued downloads while Chromium has slots free (only a page with queued records loads the planner). */
  private fillSlots(): void {
    if (this.transportKind !== 'background-fetch') return;
    if (![...this.records.value.values()].some((record) => record.state === 'queued')) return;
    void this.planner().then((planner) => planner.fill());
  }

  /** Why a download must not start: the viewer's limit, then the device's free space. */
  private preflight(episode: EpisodeToDownload, free: number | undefined): DownloadFailure | undefined {
    const limit = this.limitBytes();
    const others = [...this.records.value.values()].filter((record) => record.episodeId !== episode.id && !this.leaving.has(record.episodeId));
    if (limit !== undefined && bytesCommitted(others) + episode.bytes > limit) {
      return { reason: 'over-limit', neededBytes: episode.bytes, limitBytes: limit };
    }
    if (free !== undefined && episode.bytes > free) return { reason: 'insufficient-storage', neededBytes: episode.bytes, freeBytes: free };
    return undefined;
  }

  /** Free bytes for more episodes: what the browser reports, less what running downloads still need. */
  async freeBytesFor(episodeId?: string): Promise<number | undefined> {
    const free = await this.storage.freeBytes();
    if (free === undefined) return undefined;
    let reserved = 0;
    for (const record of this.records.value.values()) {
      if (record.state !== 'downloading' || record.episodeId === episodeId) continue;
      reserved += record.expectedBytes - (this.progress.value.get(record.episodeId)?.downloaded ?? 0);
    }
    return Math.max(0, free - reserved);
  }

  private pauseRunning(): Promise<void> {
    return this.wifi.pauseRunning(this.records.value.values(), new Set(this.starting.keys()));
  }

  private transportFor(record: DownloadRecord): Promise<DownloadTransport> {
    return this.transportOf(record.transport ?? 'background-fetch');
  }

  /**
   * Made on first use, each from a chunk of its own: a browser loads only the transport it uses
   * (and the page entry stays within its budget). The worker precaches both.
   */
  private transportOf(kind: Transport): Promise<DownloadTransport> {
    let transport = this.transports.get(kind);
    if (!transport) {
      transport =
        kind === 'background-fetch' && this.transportKind === 'background-fetch'
          ? Promise.all([this.registration, loadChunk(() => import('./backgroundFetchTransport.ts'))]).then(
              ([{ backgroundFetch }, { BackgroundFetchTransport }]) => new BackgroundFetchTransport(backgroundFetch!, this.db, this.hooks, this.env),
            )
          : loadChunk(() => import('./streamingTransport.ts')).then(({ StreamingTransport }) => new StreamingTransport(this.db, this.hooks, this.env));
      // A chunk that failed to load is asked for again next time (after the notice's Reload, or once back online).
      transport.catch(() => this.transports.delete(kind));
      this.transports.set(kind, transport);
    }
    return transport;
  }

  private onProgress(episodeId: string, sample: ProgressSample): void {
    const next = new Map(this.progress.value);
    const previous = this.progress.value.get(episodeId);
    next.set(episodeId, nextProgress(previous?.downloadId === sample.downloadId ? previous : undefined, sample));
    this.progress.value = next;
  }

  private async cacheArtwork(url: string): Promise<void> {
    try {
      await (await this.env.caches.open(ARTWORK_CACHE)).add(url);
    } catch {
      // Artwork is a nicety; the download goes on without it.
    }
  }

  private async cacheCaptions(urls: string[]): Promise<void> {
    try {
      await (await this.env.caches.open(CAPTIONS_CACHE)).addAll(urls);
    } catch {
      // The episode plays without them; online, the player loads them from the network.
    }
  }

  /** Applies an event through the state machine and, if it changed something, tells every tab. */
  private async apply(episodeId: string, event: DownloadEvent): Promise<ApplyResult> {
    const result = await applyDownloadEvent(this.db, episodeId, event);
    if (result.ok && result.after !== result.before) {
      this.channel.postMessage({ type: 'download-changed', episodeId });
      await this.refresh();
    }
    return result;
  }
}

export interface StartOptions {
  /** An automatic retry (counted), not the viewer's press. */
  automatic?: boolean;
  /** Recorded as the attempt's failure at once (e.g. its size could not be learned). */
  refusal?: DownloadFailure;
  /** Downloaded episodes the caller will remove once this one is under way (room under the limit). */
  makingRoom?: readonly DownloadRecord[];
}

/** Who owns which bytes: a chunk of its own (the worker and the in-page transport share it), loaded at the first check or delete. */
function mediaCopies() {
  return loadChunk(() => import('../core/mediaCopies.ts'));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
