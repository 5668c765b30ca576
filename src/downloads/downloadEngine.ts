import { effect, untracked, type Signal } from '@preact/signals';
import { copyKeyOf } from '../core/copyKeys.ts';
import type { AppDB } from '../core/db.ts';
import type { ApplyResult } from '../core/downloadEvents.ts';
import type { DownloadEvent, DownloadRecord, EpisodeToDownload, Transport } from '../core/downloadState.ts';
import { episodeOf } from '../core/downloadRecords.ts';
import { loadChunk } from '../lazyChunk.ts';
import { nextProgress, type DownloadProgress, type ProgressSample } from './downloadProgress.ts';
import type { StartOptions } from './downloadManager.ts';
import type { DownloadStarter } from './downloadStarter.ts';
import { browserEnvironment, type DownloadEnvironment } from './environment.ts';
import { NetworkPolicy } from './networkPolicy.ts';
import { createRetryScheduler, type RetryScheduler } from './retryScheduler.ts';
import { StorageStatus } from './storageSpace.ts';
import type { DownloadTransport, TransportHooks } from './transport.ts';
import { createWifiGate, type WifiGate } from './wifiGate.ts';

/** What the engine shares with the manager the UI holds: the signals it writes, and the settings it reads. */
export interface EngineShared {
  db: AppDB;
  /** Its worker may still be installing (a first visit): only transfers wait for it. */
  registration: Promise<ServiceWorkerRegistration>;
  /** The browser's, unless a test hands in its own. */
  env?: DownloadEnvironment;
  transportKind: Transport;
  records: Signal<ReadonlyMap<string, DownloadRecord>>;
  progress: Signal<ReadonlyMap<string, DownloadProgress>>;
  limitBytes(): number | undefined;
  loadRecords(): Promise<void>;
  /** Tells every other tab (and their managers) that a record changed. */
  announce(episodeId: string): void;
}

/**
 * The live side of downloads, a chunk of its own loaded once the first screen is drawn (which only
 * reads records): it settles what a closed tab left, follows transfers, retries, waits for Wi-Fi,
 * cancels and deletes through a transport, and tells other tabs of every change.
 */
export class DownloadEngine {
  /** "Download over mobile data": the Downloads view's setting, and the gate that pauses on cellular. */
  readonly network = new NetworkPolicy();
  readonly storage = new StorageStatus();
  private readonly shared: EngineShared & { env: DownloadEnvironment };
  private readonly transports = new Map<Transport, Promise<DownloadTransport>>();
  private readonly hooks: TransportHooks;
  private readonly retries: RetryScheduler;
  private readonly wifi: WifiGate;
  /** Downloaded episodes about to be removed to make room (housekeeping): the limit's preflight does not count them. */
  private readonly leaving = new Set<string>();
  /** Download ids this tab is starting, by episode: their records say downloading before the transfer exists. */
  private readonly starting = new Map<string, string>();
  /** Ends the effect that follows the network setting. */
  private readonly unfollowNetwork: () => void;
  private disposed = false;

  constructor(shared: EngineShared) {
    this.shared = { ...shared, env: shared.env ?? browserEnvironment() };
    const { env, records } = this.shared;
    this.hooks = {
      progress: (episodeId, sample) => this.onProgress(episodeId, sample),
      settle: (episodeId, event) => this.apply(episodeId, event),
    };
    this.retries = createRetryScheduler(env, (episodeId) => records.value.get(episodeId), (record) => {
      void this.start(episodeOf(record), { automatic: true });
    });
    this.wifi = createWifiGate(env, () => this.network.mustWaitForWifi(), {
      pause: async (record, event) => (await this.apply(record.episodeId, event)).ok,
      stop: async (record) => void (await (await this.transportFor(record)).cancel(record)),
      start: (episode) => this.start(episode),
      stillWaiting: (record) => records.value.get(record.episodeId)?.downloadId === record.downloadId,
    });
    // Waiting for Wi-Fi ends when the connection changes or the setting allows mobile data; a
    // move to cellular with mobile data off pauses what is running.
    this.unfollowNetwork = effect(() => {
      const mustWait = this.network.mustWaitForWifi();
      untracked(() => void (mustWait ? this.pauseRunning() : this.wifi.startWaiting(records.value.values())));
    });
  }

  /** See DownloadManager.close: no start, retry or Wi-Fi resume begins from this engine any more (one under way ends as it would). */
  dispose(): void {
    this.disposed = true;
    this.unfollowNetwork();
    this.retries.stop();
  }

  private announce(episodeId: string): void {
    this.shared.announce(episodeId);
  }

  /** See DownloadManager.init. */
  async init(): Promise<void> {
    const start = performance.now();
    await (await this.transportOf(this.shared.transportKind)).reconcile();
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
    const { db, env } = this.shared;
    const { recordsWithoutCopy } = await mediaCopies();
    const lost = await recordsWithoutCopy(db, env.caches);
    if (lost.length === 0) return;
    const at = env.now();
    await (await downloadEvents()).applyDownloadEvents(db, lost.map((record) => [record.episodeId, { type: 'lost', downloadId: record.downloadId, at }]));
    this.announce(lost[0]!.episodeId);
  }

  /** See DownloadManager.start: starting is a chunk of its own (downloadStarter.ts). */
  async start(episode: EpisodeToDownload, options: StartOptions = {}): Promise<boolean> {
    return !this.disposed && (await this.starter()).start(episode, options);
  }

  async startAll(episodes: readonly EpisodeToDownload[], options: Pick<StartOptions, 'makingRoom'> = {}): Promise<boolean> {
    return !this.disposed && (await this.starter()).startAll(episodes, options);
  }

  private starterChunk: Promise<DownloadStarter> | undefined;

  private starter(): Promise<DownloadStarter> {
    const { db, env, transportKind, records, progress } = this.shared;
    this.starterChunk ??= loadChunk(() => import('./downloadStarter.ts')).then(
      ({ DownloadStarter }) =>
        new DownloadStarter({
          db,
          env,
          transportKind,
          records: () => records.value,
          progress: () => progress.value,
          storage: this.storage,
          network: this.network,
          limitBytes: () => this.shared.limitBytes(),
          leaving: this.leaving,
          starting: this.starting,
          transport: () => this.transportOf(transportKind),
          apply: (episodeId, event) => this.apply(episodeId, event),
          announce: (episodeId) => this.announce(episodeId),
          refresh: () => this.refresh(),
        }),
    );
    this.starterChunk.catch(() => (this.starterChunk = undefined));
    return this.starterChunk;
  }

  async cancel(episodeId: string, again = true): Promise<void> {
    const record = this.shared.records.value.get(episodeId);
    if (!record) return;
    if (record.previous && record.state !== 'downloading') {
      // A change of quality waiting its turn (or to retry): cancelled, the download it would
      // replace is back. Started meanwhile (a new id), it is cancelled as a running one.
      this.retries.cancel(record.downloadId);
      const result = await this.apply(episodeId, { type: 'aborted', downloadId: record.downloadId, at: this.shared.env.now() });
      if (!result.ok && result.refusal === 'retired' && again) {
        await this.refresh();
        await this.cancel(episodeId, false);
      }
      return;
    }
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
      await this.apply(episodeId, { type: 'aborted', downloadId: record.downloadId, at: this.shared.env.now() });
      await transport.discard(record);
    }
  }

  /** See DownloadManager.remove. */
  async remove(episodeId: string): Promise<boolean> {
    const { db, env } = this.shared;
    this.leaving.delete(episodeId);
    const result = await this.apply(episodeId, { type: 'delete', at: env.now() });
    // The record as it was deleted, not as this tab last saw it (another tab may have changed it).
    const record = result.before;
    if (!result.ok || !record) return false;
    const { deleteCaptionsOf, deleteMediaCopy } = await mediaCopies();
    await deleteMediaCopy(db, env.caches, copyKeyOf(record));
    await deleteCaptionsOf(db, env.caches, record);
    await (await this.transportFor(record)).discard(record);
    await this.storage.refresh();
    return true;
  }

  /** See DownloadManager.refresh. */
  async refresh(): Promise<void> {
    const { records } = this.shared;
    const before = records.value;
    await this.shared.loadRecords();
    const all = [...records.value.values()];
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

  /** Starts queued downloads while Chromium has slots free (only a page with queued records loads the planner). */
  private fillSlots(): void {
    if (this.disposed || this.shared.transportKind !== 'background-fetch') return;
    if (![...this.shared.records.value.values()].some((record) => record.state === 'queued')) return;
    void this.starter().then((starter) => starter.fillSlots());
  }

  /** See DownloadManager.freeBytesFor. */
  async freeBytesFor(episodeId?: string): Promise<number | undefined> {
    return (await this.starter()).freeBytesFor(episodeId);
  }

  private pauseRunning(): Promise<void> {
    return this.wifi.pauseRunning(this.shared.records.value.values(), new Set(this.starting.keys()));
  }

  private transportFor(record: DownloadRecord): Promise<DownloadTransport> {
    return this.transportOf(record.transport ?? 'background-fetch');
  }

  /**
   * Made on first use, each from a chunk of its own: a browser loads only the transport it uses.
   * The worker precaches both.
   */
  private transportOf(kind: Transport): Promise<DownloadTransport> {
    const { db, env, registration, transportKind } = this.shared;
    let transport = this.transports.get(kind);
    if (!transport) {
      transport =
        kind === 'background-fetch' && transportKind === 'background-fetch'
          ? Promise.all([registration, loadChunk(() => import('./backgroundFetchTransport.ts'))]).then(
              ([{ backgroundFetch }, { BackgroundFetchTransport }]) => new BackgroundFetchTransport(backgroundFetch!, db, this.hooks, env),
            )
          : loadChunk(() => import('./streamingTransport.ts')).then(({ StreamingTransport }) => new StreamingTransport(db, this.hooks, env));
      // A chunk that failed to load is asked for again next time (after the notice's Reload, or once back online).
      transport.catch(() => this.transports.delete(kind));
      this.transports.set(kind, transport);
    }
    return transport;
  }

  private onProgress(episodeId: string, sample: ProgressSample): void {
    const { progress } = this.shared;
    const next = new Map(progress.value);
    const previous = progress.value.get(episodeId);
    next.set(episodeId, nextProgress(previous?.downloadId === sample.downloadId ? previous : undefined, sample));
    progress.value = next;
  }

  /** Applies an event through the state machine and, if it changed something, tells every tab. */
  private async apply(episodeId: string, event: DownloadEvent): Promise<ApplyResult> {
    const { db, env } = this.shared;
    const result = await (await downloadEvents()).applyDownloadEvent(db, episodeId, event);
    if (result.ok && result.after !== result.before) {
      // A change of quality that landed here (an in-page download) lets its old copy go.
      if (result.before?.previous) await (await mediaCopies()).releaseCopies(db, env.caches, result.before, result.after);
      this.announce(episodeId);
      await this.refresh();
    }
    return result;
  }
}

/** The state machine and its writes: a chunk of its own, loaded at the first change. */
function downloadEvents() {
  return loadChunk(() => import('../core/downloadEvents.ts'));
}

/** Who owns which bytes: a chunk of its own (the worker and the in-page transport share it), loaded at the first check or delete. */
function mediaCopies() {
  return loadChunk(() => import('../core/mediaCopies.ts'));
}
