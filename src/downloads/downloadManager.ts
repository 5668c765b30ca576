import { effect, signal, untracked } from '@preact/signals';
import { copyKeyOf } from '../core/copyKeys.ts';
import { type AppDB } from '../core/db.ts';
import type { ApplyResult } from '../core/downloadEvents.ts';
import { type DownloadEvent, type DownloadFailure, type DownloadRecord, type EpisodeToDownload, type Transport } from '../core/downloadState.ts';
import { episodeOf } from '../core/downloadRecords.ts';
import { CHANNEL_NAME, isAppMessage, type AppMessage } from '../core/messages.ts';
import { nextProgress, type DownloadProgress, type ProgressSample } from './downloadProgress.ts';
import type { DownloadStarter } from './downloadStarter.ts';
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
    await (await downloadEvents()).applyDownloadEvents(this.db, lost.map((record) => [record.episodeId, { type: 'lost', downloadId: record.downloadId, at }]));
    this.announce(lost[0]!.episodeId);
  }

  /**
   * Download, or Retry: a new attempt under a new download id (the old one is retired). With a
   * `refusal` (its size could not be learned), the attempt is recorded as failed with it, and
   * Retry. `makingRoom`: downloads the caller removes once this one is under way, so the limit's
   * preflight does not count them. Resolves with whether the download is under way (started,
   * queued or waiting for Wi-Fi). Starting is a chunk of its own (downloadStarter.ts): the first
   * screen needs none of it.
   */
  async start(episode: EpisodeToDownload, options: StartOptions = {}): Promise<boolean> {
    return (await this.starter()).start(episode, options);
  }

  /**
   * A selection: every episode recorded as queued (or waiting for Wi-Fi) in one transaction, in
   * the order chosen, and the planner then starts as many as Chromium holds at once.
   */
  async startAll(episodes: readonly EpisodeToDownload[], options: Pick<StartOptions, 'makingRoom'> = {}): Promise<boolean> {
    return (await this.starter()).startAll(episodes, options);
  }

  private starterChunk: Promise<DownloadStarter> | undefined;

  private starter(): Promise<DownloadStarter> {
    this.starterChunk ??= loadChunk(() => import('./downloadStarter.ts')).then(
      ({ DownloadStarter }) =>
        new DownloadStarter({
          db: this.db,
          env: this.env,
          transportKind: this.transportKind,
          records: () => this.records.value,
          progress: () => this.progress.value,
          storage: this.storage,
          network: this.network,
          limitBytes: () => this.limitBytes(),
          leaving: this.leaving,
          starting: this.starting,
          transport: () => this.transportOf(this.transportKind),
          apply: (episodeId, event) => this.apply(episodeId, event),
          announce: (episodeId) => this.announce(episodeId),
          refresh: () => this.refresh(),
        }),
    );
    this.starterChunk.catch(() => (this.starterChunk = undefined));
    return this.starterChunk;
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

  /** Starts queued downloads while Chromium has slots free (only a page with queued records loads the planner). */
  private fillSlots(): void {
    if (this.transportKind !== 'background-fetch') return;
    if (![...this.records.value.values()].some((record) => record.state === 'queued')) return;
    void this.starter().then((starter) => starter.fillSlots());
  }

  /** Free bytes for more episodes: what the browser reports, less what running downloads still need. */
  async freeBytesFor(episodeId?: string): Promise<number | undefined> {
    return (await this.starter()).freeBytesFor(episodeId);
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

  /** Applies an event through the state machine and, if it changed something, tells every tab. */
  private async apply(episodeId: string, event: DownloadEvent): Promise<ApplyResult> {
    const result = await (await downloadEvents()).applyDownloadEvent(this.db, episodeId, event);
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

/** The state machine and its writes: a chunk of its own, loaded at the first change (the first screen only reads). */
function downloadEvents() {
  return loadChunk(() => import('../core/downloadEvents.ts'));
}

/** Who owns which bytes: a chunk of its own (the worker and the in-page transport share it), loaded at the first check or delete. */
function mediaCopies() {
  return loadChunk(() => import('../core/mediaCopies.ts'));
}
