import { signal } from '@preact/signals';
import type { AppDB } from '../core/db.ts';
import { CHANNEL_NAME, isAppMessage, type AppMessage } from '../core/messages.ts';
import type { DownloadFailure, DownloadRecord, EpisodeToDownload, Transport } from '../core/downloadState.ts';
import { loadChunk } from '../lazyChunk.ts';
import type { DownloadEngine } from './downloadEngine.ts';
import type { DownloadProgress } from './downloadProgress.ts';
import type { NetworkPolicy } from './networkPolicy.ts';
import type { StorageStatus } from './storageSpace.ts';
import type { DownloadEnvironment } from './environment.ts';

/**
 * The page's side of downloads: starts, cancels, retries and deletes them through a transport
 * (Background Fetch where the browser has it, a streaming fetch in the tab where not). IndexedDB
 * is the truth; the signals here mirror it for the UI, refreshed whenever this tab, another tab
 * or the service worker announces a change. The first screen only reads records: what acts is
 * the engine (downloadEngine.ts), a chunk of its own that `init()` loads.
 */
export class DownloadManager {
  readonly records = signal<ReadonlyMap<string, DownloadRecord>>(new Map());
  /** By episode id, for the attempt being followed. */
  readonly progress = signal<ReadonlyMap<string, DownloadProgress>>(new Map());
  /** How new downloads travel: Background Fetch where the browser has it, else in the tab. */
  readonly transportKind: Transport = 'backgroundFetch' in ServiceWorkerRegistration.prototype ? 'background-fetch' : 'in-page';
  readonly survivesClosedTab = this.transportKind === 'background-fetch';
  /** The viewer's download limit in bytes (Downloads view), checked before every start. */
  limitBytes: () => number | undefined = () => undefined;
  private engineChunk: Promise<DownloadEngine> | undefined;
  /** Every tab's announcements of changed records (the engine sends this tab's own on it). */
  private readonly channel = new BroadcastChannel(CHANNEL_NAME);
  private closed = false;

  constructor(
    private readonly db: AppDB,
    /** Its worker may still be installing (a first visit): only transfers wait for it. */
    private readonly registration: Promise<ServiceWorkerRegistration>,
    /** The browser's, unless a test hands in its own. */
    private readonly env?: DownloadEnvironment,
  ) {
    this.channel.addEventListener('message', (event: MessageEvent<unknown>) => {
      // Without the engine (its chunk failed to load: offline, or an old tab after a deploy) the
      // records are still read again, so no row stays on what another tab changed.
      if (isAppMessage(event.data) && event.data.type === 'download-changed') {
        this.engine().then((engine) => engine.refresh(), () => this.loadRecords()).catch(() => undefined);
      }
    });
  }

  /** The records as stored, for the first render (init() then settles and follows them). */
  async loadRecords(): Promise<void> {
    this.records.value = new Map((await this.db.getAll('downloads')).map((record) => [record.episodeId, record]));
  }

  /** At app start: settle records left "downloading" by a closed tab or browser, then follow live ones. */
  async init(): Promise<void> {
    return (await this.engine()).init();
  }

  /**
   * Download, or Retry: a new attempt under a new download id (the old one is retired). With a
   * `refusal` (its size could not be learned), the attempt is recorded as failed with it, and
   * Retry. `makingRoom`: downloads the caller removes once this one is under way, so the limit's
   * preflight does not count them. Resolves with whether the download is under way (started,
   * queued or waiting for Wi-Fi).
   */
  async start(episode: EpisodeToDownload, options: StartOptions = {}): Promise<boolean> {
    return (await this.engine()).start(episode, options);
  }

  /**
   * A selection: every episode recorded as queued (or waiting for Wi-Fi) in one transaction, in
   * the order chosen, and the planner then starts as many as Chromium holds at once.
   */
  async startAll(episodes: readonly EpisodeToDownload[], options: Pick<StartOptions, 'makingRoom'> = {}): Promise<boolean> {
    return (await this.engine()).startAll(episodes, options);
  }

  /** Cancels a running download, or one that waits (queued, for Wi-Fi, to retry). */
  async cancel(episodeId: string): Promise<void> {
    return (await this.engine()).cancel(episodeId);
  }

  /** Deletes a downloaded (or failed) episode: the record first, then the bytes. Resolves with whether it was deleted. */
  async remove(episodeId: string): Promise<boolean> {
    return (await this.engine()).remove(episodeId);
  }

  /** Reloads every record from IndexedDB, follows live transfers, and schedules automatic retries. */
  async refresh(): Promise<void> {
    return (await this.engine()).refresh();
  }

  /** Free bytes for more episodes: what the browser reports, less what running downloads still need. */
  async freeBytesFor(episodeId?: string): Promise<number | undefined> {
    return (await this.engine()).freeBytesFor(episodeId);
  }

  /** What the Downloads view shows beside the records: the storage, and "Download over mobile data". */
  async status(): Promise<{ storage: StorageStatus; network: NetworkPolicy }> {
    const { storage, network } = await this.engine();
    return { storage, network };
  }

  /** Stops hearing and telling other tabs of changes, and the engine's retries and Wi-Fi follow-up (a manager that is done with). */
  close(): void {
    this.closed = true;
    this.channel.close();
    void this.engineChunk?.then((engine) => engine.dispose(), () => undefined);
  }

  private engine(): Promise<DownloadEngine> {
    this.engineChunk ??= loadChunk(() => import('./downloadEngine.ts')).then(
      ({ DownloadEngine }) =>
        new DownloadEngine({
          db: this.db,
          registration: this.registration,
          env: this.env,
          transportKind: this.transportKind,
          records: this.records,
          progress: this.progress,
          limitBytes: () => this.limitBytes(),
          loadRecords: () => this.loadRecords(),
          announce: (episodeId) => this.closed || this.channel.postMessage({ type: 'download-changed', episodeId } satisfies AppMessage),
        }),
    );
    // A chunk that failed to load is asked for again next time (after the notice's Reload, or once back online).
    this.engineChunk.catch(() => (this.engineChunk = undefined));
    return this.engineChunk;
  }
}

export interface StartOptions {
  /** An automatic retry (counted), not the viewer's press. */
  automatic?: boolean;
  /** Recorded as the attempt's failure at once (e.g. its size could not be learned). */
  refusal?: DownloadFailure;
  /** Downloaded episodes the caller will remove once this one is under way (room under the limit). */
  makingRoom?: readonly DownloadRecord[];
  /** A change of quality of the downloaded episode: its copy plays, and is kept, until this one lands (downloadState.ts). */
  replace?: boolean;
}
