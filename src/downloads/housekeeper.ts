import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Episode, EpisodeSource } from '../core/catalog.ts';
import {
  fitUnderLimit,
  parseHousekeepingSettings,
  nextToDownload,
  watchedDownloads,
  watchedDownloadsDue,
  type HousekeepingSettings,
} from '../core/housekeeping.ts';
import { bytesCommitted, bytesOf } from '../core/storageLimit.ts';
import { type DownloadFailure, type DownloadRecord } from '../core/downloadState.ts';
import { isPending } from '../core/downloadRecords.ts';
import type { PlaybackPosition } from '../core/playback.ts';
import { formatBytes } from '../ui/format.ts';
import { t } from '../i18n/translate.ts';
import type { DownloadManager } from './downloadManager.ts';
import { learnMediaSize } from './mediaSize.ts';
import { withChosenSource, withSource, type EpisodeWithSource } from './downloadSource.ts';
import { browserPlaybackProbe } from '../playbackProbe.ts';
import { episodeSources, playableSources, type PlayableSource, type PlaybackProbe } from '../core/playableSources.ts';
import { loadChunk } from '../lazyChunk.ts';
import { playingEpisodes } from '../core/locks.ts';

const SETTINGS_KEY = 'offline-episodes:housekeeping';
/** Sizes asked of the server at once for a selection whose feed gave none (a HEAD each). */
const SIZE_REQUESTS_AT_ONCE = 4;

/**
 * Carries out the housekeeping settings (src/core/housekeeping.ts decides): several downloads at
 * once under one check of the limit, watched downloads removed, the next episode fetched. It runs
 * in the page — the worker cannot start a background fetch — when the app opens, when an episode
 * ends, and when the player moves on. Each removal is reported in `report`.
 */
export class Housekeeper {
  readonly settings: Signal<HousekeepingSettings>;
  private readonly env: HousekeeperEnvironment;

  constructor(
    /** The last thing it did or refused, for a status line ("Removed 2 watched episodes, 380 MB freed"). */
    readonly report: Signal<string>,
    private readonly downloads: HousekeeperDownloads,
    private readonly episodes: ReadonlySignal<Episode[]>,
    private readonly positions: ReadonlySignal<ReadonlyMap<string, PlaybackPosition>>,
    env?: HousekeeperEnvironment,
  ) {
    this.env = env ?? {
      now: Date.now,
      locks: navigator.locks,
      settingsStore: localStorage,
      fetch: (input, init) => fetch(input, init),
      probe: browserPlaybackProbe(),
      ask: (episode, sources, options) => loadChunk(() => import('../ui/QualitySheet.tsx')).then((module) => module.askForSource(episode, { ...options, sources })),
    };
    this.settings = signal(readSettings(this.env.settingsStore));
    downloads.limitBytes = () => this.settings.value.limitBytes;
  }

  update(settings: Partial<HousekeepingSettings>): void {
    this.settings.value = { ...this.settings.value, ...settings };
    this.env.settingsStore.setItem(SETTINGS_KEY, JSON.stringify(this.settings.value));
  }

  /**
   * Starts downloads in the viewer's order, after one check of their total against the limit.
   * Over it, watched downloads make room (oldest first) if removing them is on and enough;
   * otherwise nothing starts and the report says why. Returns whether they started.
   * `chosenSources`: the rendition the viewer chose (the Ask sheet) by episode id, taken as it is.
   */
  async download(episodes: readonly Episode[], playingHere?: string, chosenSources?: ReadonlyMap<string, EpisodeSource>): Promise<boolean> {
    const records = this.downloads.records.value;
    const chosen = episodes.filter((episode) => {
      const state = records.get(episode.id)?.state;
      return state !== 'downloaded' && !isPending(state);
    });
    // The rendition the quality setting takes (where the catalog offers several); then a size
    // not given is asked of the server (the limit, free space and the background fetch's total
    // need it). One that cannot be chosen or asked starts as a failure with Retry.
    const { quality, lastHeight } = this.settings.value;
    const sized = await mapWithLimit(chosen, SIZE_REQUESTS_AT_ONCE, async (wanted): Promise<{ episode: EpisodeWithSource; refusal?: DownloadFailure }> => {
      const source = chosenSources?.get(wanted.id);
      const { episode, refusal } = source ? { episode: withSource(wanted, source) } : await withChosenSource(wanted, quality, this.env.probe, lastHeight);
      return refusal ? { episode, refusal } : this.withSize(episode);
    });
    const wanted = sized.map(({ episode }) => episode);
    const needed = wanted.reduce((sum, episode) => sum + episode.bytes, 0);
    if (wanted.length > 1) {
      // One storage check for the whole selection: all of it fits, or none of it starts.
      const free = await this.downloads.freeBytesFor();
      if (free !== undefined && needed > free) {
        this.report.value = t('report.notEnoughStorage', { count: wanted.length, needed: formatBytes(needed), free: formatBytes(free) });
        return false;
      }
    }
    const { limitBytes, removeWatched } = this.settings.value;
    // Only "Remove watched" lets the limit remove anything; never an episode open in a player.
    const removable = removeWatched === 'off' ? [] : watchedDownloads(records.values(), this.positions.value, await this.playing(playingHere));
    const verdict = fitUnderLimit(bytesCommitted(records.values()), needed, limitBytes, removable);
    // Refused, a selection starts nothing and says why here; a single episode goes on to the
    // manager, whose preflight records the refusal on its card.
    if (!verdict.fits && wanted.length > 1) {
      this.report.value = t('report.overLimit', { limit: formatBytes(limitBytes ?? 0), over: formatBytes(verdict.overByBytes) });
      return false;
    }
    // Watched downloads make room only once a download they make room for is under way: a start
    // that fails (offline, a refusal, no space) removes nothing.
    const makingRoom = verdict.fits ? verdict.remove : [];
    for (const { episode, refusal } of sized) if (refusal) await this.downloads.start(episode, { refusal });
    const startable = sized.flatMap(({ episode, refusal }) => (refusal ? [] : [episode]));
    const underWay = await this.downloads.startAll(startable, { makingRoom });
    if (underWay && makingRoom.length > 0) await this.remove(makingRoom, limitBytes ?? 0);
    return true;
  }

  /** The episode with its size: the catalog's, else asked of the server (HEAD); one it cannot learn comes with the refusal. */
  private async withSize(episode: EpisodeWithSource): Promise<{ episode: EpisodeWithSource; refusal?: DownloadFailure }> {
    if (episode.bytes > 0) return { episode };
    const size = await learnMediaSize(this.env.fetch, episode.mediaUrl);
    return 'bytes' in size ? { episode: { ...episode, bytes: size.bytes } } : { episode, refusal: size.failure };
  }

  /**
   * Changes the quality of a downloaded episode to `source` (the viewer's choice): a new attempt,
   * while the stored copy plays and is kept until the new one is stored and verified; a failure
   * or Cancel keeps it as it was (downloadState.ts). Resolves with whether the change is under way.
   */
  async changeQuality(episode: Episode, source: EpisodeSource): Promise<boolean> {
    const record = this.downloads.records.value.get(episode.id);
    if (record?.state !== 'downloaded' || record.mediaUrl === source.url) return false;
    const { episode: sized, refusal } = await this.withSize(withSource(episode, source));
    return this.downloads.start(sized, refusal ? { replace: true, refusal } : { replace: true });
  }

  /**
   * The viewer pressed Download. Under Ask, an episode this device can play in two renditions or
   * more asks which (the sheet, a chunk of its own); Cancel starts nothing; Retry takes the
   * rendition that failed. The choice's height is remembered: the sheet preselects it, and Select and Smart downloads take it.
   */
  async press(episode: Episode, playingHere?: string): Promise<boolean> {
    const { quality, lastHeight } = this.settings.value;
    if (quality !== 'ask' || (episode.sources?.length ?? 0) < 2) return this.download([episode], playingHere);
    const { sources } = await playableSources(episodeSources(episode), this.env.probe);
    if (sources.length < 2) return this.download([episode], playingHere);
    // Retry takes the rendition that failed, as under the other settings: nothing to ask again.
    const failed = this.downloads.records.value.get(episode.id);
    const again = failed?.state === 'failed' ? sources.find((source) => source.url === failed.mediaUrl) : undefined;
    const source = again ?? (await this.env.ask(episode, sources, { lastHeight }));
    if (!source) return false;
    if (source.height) this.update({ lastHeight: source.height });
    return this.download([episode], playingHere, new Map([[episode.id, source]]));
  }

  /**
   * Each episode's size under the setting (the source it would download; 0 where nobody has said),
   * for the select bar's total. No requests: sizes a feed leaves out stay unknown.
   */
  async sizesUnderSetting(episodes: readonly Episode[]): Promise<Map<string, number>> {
    const { quality, lastHeight } = this.settings.value;
    const chosen = await Promise.all(episodes.map((episode) => withChosenSource(episode, quality, this.env.probe, lastHeight)));
    return new Map(chosen.map(({ episode }) => [episode.id, episode.bytes]));
  }

  /** Episodes open in a player in any tab (their locks), and this tab's. */
  private async playing(here: string | undefined): Promise<Set<string>> {
    const playing = await playingEpisodes(this.env.locks);
    if (here !== undefined) playing.add(here);
    return playing;
  }

  /** Removes the watched downloads the setting says are due; never one open in a player. */
  async tidy(playingHere: string | undefined): Promise<void> {
    const { removeWatched } = this.settings.value;
    const due = watchedDownloadsDue(this.downloads.records.value.values(), this.positions.value, removeWatched, this.env.now(), await this.playing(playingHere));
    if (due.length > 0) await this.remove(due);
  }

  /**
   * An episode the viewer was watching ended. Smart downloads fetch the next one in catalog order
   * (Wi-Fi-only and the limit apply as to any download) and remove the watched one once it is no
   * longer playing (tidy, when the player moves on or closes).
   */
  async ended(episodeId: string): Promise<void> {
    if (!this.settings.value.smartDownloads) return;
    if (this.downloads.records.value.get(episodeId)?.state !== 'downloaded') return;
    const next = nextToDownload(this.episodes.value, this.downloads.records.value, episodeId);
    this.pendingSmartRemoval.add(episodeId);
    if (next) await this.download([next], episodeId);
  }

  /** Smart downloads' watched episodes, removed once the player has moved on. */
  private readonly pendingSmartRemoval = new Set<string>();

  async afterPlayback(playingHere: string | undefined): Promise<void> {
    const records = this.downloads.records.value;
    const playing = await this.playing(playingHere);
    const smart = [...this.pendingSmartRemoval]
      .filter((id) => !playing.has(id))
      .map((id) => records.get(id))
      .filter((record): record is DownloadRecord => record?.state === 'downloaded');
    for (const record of smart) this.pendingSmartRemoval.delete(record.episodeId);
    if (smart.length > 0) await this.remove(smart);
    await this.tidy(playingHere);
  }

  /** Removes them and says so, with the limit they made room under, if that was why. */
  private async remove(records: readonly DownloadRecord[], underLimit?: number): Promise<void> {
    let freed = 0;
    let removed = 0;
    for (const record of records) {
      // Refused when it changed meanwhile (e.g. another tab started a change of its quality).
      if (!(await this.downloads.remove(record.episodeId))) continue;
      freed += bytesOf(record);
      removed += 1;
    }
    if (removed === 0) return;
    const said = { count: removed, size: formatBytes(freed) };
    this.report.value = underLimit === undefined ? t('report.removed', said) : t('report.removedUnderLimit', { ...said, limit: formatBytes(underLimit) });
  }
}

/** What the housekeeper needs of the download manager. */
export type HousekeeperDownloads = Pick<DownloadManager, 'records' | 'start' | 'startAll' | 'remove' | 'freeBytesFor' | 'limitBytes'>;

/** `map` with at most `limit` calls in flight, results in input order. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await map(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** What it needs of the browser, handed in so a unit test can give its own. */
export interface HousekeeperEnvironment {
  now: () => number;
  locks: LockManager;
  settingsStore: Pick<Storage, 'getItem' | 'setItem'>;
  fetch: typeof fetch;
  /** What this device can play (the page's media element and MediaCapabilities), for the choice of rendition. */
  probe: PlaybackProbe;
  /** The Ask sheet: which of `sources` to download, or undefined (Cancel). */
  ask(episode: Episode, sources: readonly PlayableSource[], options: { lastHeight?: number }): Promise<PlayableSource | undefined>;
}

function readSettings(store: HousekeeperEnvironment['settingsStore']): HousekeepingSettings {
  try {
    return parseHousekeepingSettings(JSON.parse(store.getItem(SETTINGS_KEY) ?? 'null'));
  } catch {
    return parseHousekeepingSettings(undefined); // unreadable: the defaults
  }
}
