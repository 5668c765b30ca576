import type { DownloadQuality } from './chooseSource.ts';
import type { Episode } from './catalog.ts';
import { type DownloadRecord } from './downloadState.ts';
import { isPending } from './downloadRecords.ts';
import { isWatched, type PlaybackPosition } from './playback.ts';
import { bytesOf } from './storageLimit.ts';

/**
 * The download housekeeping a viewer can turn on: removing what they have watched, fetching what
 * comes next, and staying under a storage limit. Pure decisions; the page carries them out.
 */
export type RemoveWatched = 'off' | 'when-watched' | 'day-after-watched';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface HousekeepingSettings {
  removeWatched: RemoveWatched;
  /** Off by default: when a downloaded episode is watched, download the next one. */
  smartDownloads: boolean;
  /** Bytes downloads may use in all; undefined: no limit beyond the browser's. */
  limitBytes?: number;
  /** Which rendition a download takes where the catalog offers several (chooseSource.ts). */
  quality: DownloadQuality;
  /** The height the viewer last chose in the Ask sheet: preselected there, and taken without a sheet (Select, Smart downloads). */
  lastHeight?: number;
}

export const DEFAULT_HOUSEKEEPING: HousekeepingSettings = { removeWatched: 'off', smartDownloads: false, quality: 'standard' };
const QUALITIES: readonly DownloadQuality[] = ['data-saver', 'standard', 'best', 'ask'];

/** Settings as saved (localStorage, so anything): each field kept only if it is well formed. */
export function parseHousekeepingSettings(saved: unknown): HousekeepingSettings {
  const settings = { ...DEFAULT_HOUSEKEEPING };
  if (typeof saved !== 'object' || saved === null) return settings;
  const { removeWatched, smartDownloads, limitBytes, quality, lastHeight } = saved as Record<string, unknown>;
  if (QUALITIES.includes(quality as DownloadQuality)) settings.quality = quality as DownloadQuality;
  if (typeof lastHeight === 'number' && Number.isSafeInteger(lastHeight) && lastHeight > 0) settings.lastHeight = lastHeight;
  if (removeWatched === 'off' || removeWatched === 'when-watched' || removeWatched === 'day-after-watched') settings.removeWatched = removeWatched;
  if (typeof smartDownloads === 'boolean') settings.smartDownloads = smartDownloads;
  if (typeof limitBytes === 'number' && Number.isFinite(limitBytes) && limitBytes > 0) settings.limitBytes = limitBytes;
  return settings;
}

/**
 * Watched downloads due for removal under the setting, oldest watched first. Never one that is
 * playing (in any tab); "24 h after watched" counts from when it first counted as watched.
 */
export function watchedDownloadsDue(
  records: Iterable<DownloadRecord>,
  positions: ReadonlyMap<string, PlaybackPosition>,
  setting: RemoveWatched,
  now: number,
  playing: ReadonlySet<string>,
): DownloadRecord[] {
  if (setting === 'off') return [];
  const wait = setting === 'day-after-watched' ? DAY_MS : 0;
  return watchedDownloads(records, positions, playing).filter((record) => now - watchedSince(positions, record)! >= wait);
}

/**
 * Every downloaded episode watched since this download was made, except those playing, oldest
 * watched first. One watched before and downloaded again (for a flight) is the viewer's to keep.
 */
export function watchedDownloads(
  records: Iterable<DownloadRecord>,
  positions: ReadonlyMap<string, PlaybackPosition>,
  playing: ReadonlySet<string>,
): DownloadRecord[] {
  return [...records]
    .filter((record) => record.state === 'downloaded' && !playing.has(record.episodeId) && watchedSince(positions, record) !== undefined)
    .sort((a, b) => watchedSince(positions, a)! - watchedSince(positions, b)!);
}

/**
 * When the episode counted as watched for this download: when it was first watched, if that was
 * after the download was made, else when it was last played to the end since; undefined if not.
 */
function watchedSince(positions: ReadonlyMap<string, PlaybackPosition>, record: DownloadRecord): number | undefined {
  const position = positions.get(record.episodeId);
  if (!position?.watched) return undefined;
  const first = position.watchedAt ?? position.updatedAt;
  if (first >= record.createdAt) return first;
  const atEndNow = isWatched(position.positionSeconds, position.durationSeconds, false);
  return atEndNow && position.updatedAt >= record.createdAt ? position.updatedAt : undefined;
}

export type LimitVerdict =
  | { fits: true; remove: DownloadRecord[]; freedBytes: number }
  | { fits: false; overByBytes: number };

/**
 * Whether `neededBytes` more fit under the viewer's limit. If not, and watched downloads may be
 * removed, the oldest watched go first — only as many as it takes, and only if that is enough.
 * `usedBytes` counts what is downloaded and what running downloads will still add.
 */
export function fitUnderLimit(
  usedBytes: number,
  neededBytes: number,
  limitBytes: number | undefined,
  removable: readonly DownloadRecord[],
): LimitVerdict {
  if (limitBytes === undefined || usedBytes + neededBytes <= limitBytes) return { fits: true, remove: [], freedBytes: 0 };
  const remove: DownloadRecord[] = [];
  let freedBytes = 0;
  for (const record of removable) {
    if (usedBytes - freedBytes + neededBytes <= limitBytes) break;
    remove.push(record);
    freedBytes += bytesOf(record);
  }
  const overByBytes = usedBytes - freedBytes + neededBytes - limitBytes;
  return overByBytes <= 0 ? { fits: true, remove, freedBytes } : { fits: false, overByBytes: usedBytes + neededBytes - limitBytes };
}

/**
 * Smart downloads: after `watchedId`, the first episode in catalog order that is neither
 * downloaded nor on its way (an episode already fetched is skipped, not fetched twice).
 */
export function nextToDownload(episodes: readonly Episode[], records: ReadonlyMap<string, DownloadRecord>, watchedId: string): Episode | undefined {
  const at = episodes.findIndex((episode) => episode.id === watchedId);
  if (at === -1) return undefined;
  return episodes.slice(at + 1).find((episode) => {
    const state = records.get(episode.id)?.state;
    return state !== 'downloaded' && !isPending(state);
  });
}
