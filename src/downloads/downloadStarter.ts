import { ARTWORK_CACHE, CAPTIONS_CACHE } from '../core/cacheNames.ts';
import type { AppDB } from '../core/db.ts';
import type { ApplyResult } from '../core/downloadEvents.ts';
import type { DownloadEvent, DownloadFailure, DownloadRecord, EpisodeToDownload, Transport } from '../core/downloadState.ts';
import { startLockName } from '../core/locks.ts';
import { bytesCommitted } from '../core/storageLimit.ts';
import { loadChunk } from '../lazyChunk.ts';
import type { DownloadProgress } from './downloadProgress.ts';
import type { DownloadPlanner } from './downloadPlanner.ts';
import type { StartOptions } from './downloadManager.ts';
import type { DownloadEnvironment } from './environment.ts';
import type { NetworkPolicy } from './networkPolicy.ts';
import type { StorageStatus } from './storageSpace.ts';
import type { DownloadTransport } from './transport.ts';

/** What a start reads and writes of the manager's: its records, transport, and how it tells tabs. */
export interface StarterContext {
  db: AppDB;
  env: DownloadEnvironment;
  transportKind: Transport;
  records(): ReadonlyMap<string, DownloadRecord>;
  progress(): ReadonlyMap<string, DownloadProgress>;
  storage: StorageStatus;
  network: NetworkPolicy;
  limitBytes(): number | undefined;
  /** Downloaded episodes about to be removed to make room: the limit's preflight does not count them. */
  leaving: Set<string>;
  /** Download ids this tab is starting, by episode: their records say downloading before the transfer exists. */
  starting: Map<string, string>;
  transport(): Promise<DownloadTransport>;
  apply(episodeId: string, event: DownloadEvent): Promise<ApplyResult>;
  announce(episodeId: string): void;
  refresh(): Promise<void>;
}

/**
 * Starting downloads (a chunk of its own, loaded at the first press or automatic start): the
 * preflight against the limit and free space, the planner's slots, the record written before the
 * fetch exists, and the artwork and captions fetched beside it.
 */
export class DownloadStarter {
  private lastStartAt = 0;
  private plannerChunk: Promise<DownloadPlanner> | undefined;

  constructor(private readonly manager: StarterContext) {}

  async start(episode: EpisodeToDownload, options: StartOptions = {}): Promise<boolean> {
    const { automatic = false, refusal, makingRoom = [], replace } = options;
    const { env, network, storage, transportKind } = this.manager;
    const downloadId = env.newId();
    const at = this.nextStartAt();
    if (!automatic) void storage.requestPersistence();
    if (!refusal && network.mustWaitForWifi()) {
      return (await this.manager.apply(episode.id, { type: 'wait', downloadId, episode, replace, at })).ok;
    }
    // A refusal takes no slot, and in-page downloads have none: only a background fetch asks the planner.
    if (refusal || transportKind !== 'background-fetch') return this.whileMakingRoom(makingRoom, () => this.startNow(episode, downloadId, at, { automatic, refusal, replace }));
    const planner = await this.planner();
    return this.whileMakingRoom(makingRoom, () =>
      planner.decide(episode.id, async (slotFree) =>
        // Chromium would refuse a sixth: it waits its turn, started by the planner when one ends.
        slotFree ? this.startNow(episode, downloadId, at, { automatic, replace }) : (await this.manager.apply(episode.id, { type: 'queue', downloadId, episode, replace, at })).ok,
      ),
    );
  }

  /**
   * Every episode recorded as queued (or waiting for Wi-Fi) in one transaction, in the order
   * chosen; the planner then starts as many as Chromium holds at once; one refresh for the whole
   * batch. In-page downloads have no slots: each starts as a single one would.
   */
  async startAll(episodes: readonly EpisodeToDownload[], options: Pick<StartOptions, 'makingRoom'> = {}): Promise<boolean> {
    if (this.manager.transportKind !== 'background-fetch' || episodes.length < 2) {
      let underWay = false;
      for (const episode of episodes) underWay = (await this.start(episode, options)) || underWay;
      return underWay;
    }
    void this.manager.storage.requestPersistence();
    const planner = await this.planner();
    return this.whileMakingRoom(options.makingRoom ?? [], async () => {
      if ((await planner.queueAll(episodes)) === 0) return false;
      this.manager.announce(episodes[0]!.id);
      await this.manager.refresh(); // follows, and fills the free slots
      return true;
    });
  }

  /** Starts queued downloads while Chromium has slots free. */
  fillSlots(): void {
    void this.planner().then((planner) => planner.fill());
  }

  /** Free bytes for more episodes: what the browser reports, less what running downloads still need. */
  async freeBytesFor(episodeId?: string): Promise<number | undefined> {
    const free = await this.manager.storage.freeBytes();
    if (free === undefined) return undefined;
    let reserved = 0;
    for (const record of this.manager.records().values()) {
      if (record.state !== 'downloading' || record.episodeId === episodeId) continue;
      reserved += record.expectedBytes - (this.manager.progress().get(record.episodeId)?.downloaded ?? 0);
    }
    return Math.max(0, free - reserved);
  }

  /**
   * Runs a start with `makingRoom` left out of the limit's preflight; if it did not get under way,
   * they count again (the caller removes them only once it has).
   */
  private async whileMakingRoom(makingRoom: readonly DownloadRecord[], start: () => Promise<boolean>): Promise<boolean> {
    const { leaving } = this.manager;
    for (const record of makingRoom) leaving.add(record.episodeId);
    const underWay = await start();
    if (!underWay) for (const record of makingRoom) leaving.delete(record.episodeId);
    return underWay;
  }

  /** Strictly increasing: the queue shows downloads in the order they were started, and a batch starts many within one millisecond. */
  private nextStartAt(): number {
    return (this.lastStartAt = Math.max(this.manager.env.now(), this.lastStartAt + 1));
  }

  /** Under the start lock, so reconciliation in any context leaves a record being started to this tab. */
  private startNow(episode: EpisodeToDownload, downloadId: string, at: number, options: StartOptions = {}): Promise<boolean> {
    const { env, starting } = this.manager;
    return env.locks.request(startLockName(episode.id), async () => {
      starting.set(episode.id, downloadId);
      try {
        return await this.startUnderLock(episode, downloadId, at, options);
      } finally {
        starting.delete(episode.id);
      }
    });
  }

  private async startUnderLock(episode: EpisodeToDownload, downloadId: string, at: number, { automatic = false, refusal, replace }: StartOptions): Promise<boolean> {
    const { apply, transportKind, env } = this.manager;
    const free = await this.freeBytesFor(episode.id);
    // The record (with its fresh id) is written before the fetch exists, so any event for that
    // id, even one arriving with no tab open, resolves to this episode.
    const started = await apply(episode.id, { type: 'start', downloadId, episode, transport: transportKind, automatic, replace, at });
    if (!started.ok || !started.after) return false; // already downloading (another tab, a double press) or downloaded
    // Preflight: no fetch starts, and nothing already downloaded is touched.
    const refused = refusal ?? this.preflight(episode, free);
    if (refused) {
      await apply(episode.id, { type: 'failed', downloadId, failure: refused, at });
      return false;
    }
    // And every width the card may draw (its srcset, `<url> <width>w, …`, whose serialised URLs
    // hold no space): offline it shows whichever its layout picks. Once each.
    if (episode.artworkUrl) void this.cache(ARTWORK_CACHE, [...new Set([episode.artworkUrl, ...(episode.artworkSrcset?.match(/\S+(?= \d+w)/g) ?? [])])]);
    // Captions travel as their own small fetches, never inside the background fetch: one request
    // per registration (docs/background-fetch-in-chromium.md, on relaunches).
    if (episode.captions?.length) void this.cache(CAPTIONS_CACHE, episode.captions.map((caption) => caption.url));
    try {
      await (await this.manager.transport()).start(started.after);
      // Other tabs saw the record before the transfer existed: tell them to follow it now.
      this.manager.announce(episode.id);
      return true;
    } catch (error) {
      const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
      await apply(episode.id, {
        type: 'failed',
        downloadId,
        failure: quota ? { reason: 'quota-exceeded', neededBytes: episode.bytes } : { reason: 'could-not-start', detail: error instanceof Error ? error.message : String(error) },
        at: env.now(),
      });
      return false;
    }
  }

  /** Why a download must not start: the viewer's limit, then the device's free space. */
  private preflight(episode: EpisodeToDownload, free: number | undefined): DownloadFailure | undefined {
    const limit = this.manager.limitBytes();
    const others = [...this.manager.records().values()].filter((record) => record.episodeId !== episode.id && !this.manager.leaving.has(record.episodeId));
    if (limit !== undefined && bytesCommitted(others) + episode.bytes > limit) {
      return { reason: 'over-limit', neededBytes: episode.bytes, limitBytes: limit };
    }
    if (free !== undefined && episode.bytes > free) return { reason: 'insufficient-storage', neededBytes: episode.bytes, freeBytes: free };
    return undefined;
  }

  /** Artwork and captions: a nicety the episode plays without (online, the player loads them from the network). */
  /** Each on its own (addAll keeps none if one fails): one broken width or caption costs only itself, and the download goes on. */
  private async cache(name: string, urls: string[]): Promise<void> {
    const cache = await this.manager.env.caches.open(name).catch(() => undefined);
    await Promise.allSettled(urls.map((url) => cache?.add(url)));
  }

  /** The planner (its own chunk), made on first use. */
  private planner(): Promise<DownloadPlanner> {
    const { db, env, starting, network } = this.manager;
    this.plannerChunk ??= loadChunk(() => import('./downloadPlanner.ts')).then(
      ({ DownloadPlanner }) =>
        new DownloadPlanner({
          db,
          locks: env.locks,
          newId: () => env.newId(),
          nextStartAt: () => this.nextStartAt(),
          starting,
          mustWaitForWifi: () => network.mustWaitForWifi(),
          startNow: (episode, downloadId, at) => this.startNow(episode, downloadId, at),
        }),
    );
    this.plannerChunk.catch(() => (this.plannerChunk = undefined));
    return this.plannerChunk;
  }
}
