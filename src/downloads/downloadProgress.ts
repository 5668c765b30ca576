import type { DownloadRecord } from '../core/downloadState.ts';

/** What the page knows of a running download, from the registration's progress events. */
export interface DownloadProgress {
  downloadId: string;
  downloaded: number;
  total: number;
  /** When `downloaded` last grew (or the attempt was first seen). */
  changedAt: number;
  /** Smoothed bytes per second; 0 until two samples exist. */
  bytesPerSecond: number;
}

export interface ProgressSample {
  downloadId: string;
  downloaded: number;
  total: number;
  at: number;
}

/** Folds a progress sample in; the rate is an exponential moving average so one burst does not swing it. */
export function nextProgress(previous: DownloadProgress | undefined, sample: ProgressSample): DownloadProgress {
  if (!previous || sample.downloaded < previous.downloaded) {
    return { ...sample, changedAt: sample.at, bytesPerSecond: 0 };
  }
  if (sample.downloaded === previous.downloaded) return { ...previous, total: sample.total };
  const seconds = (sample.at - previous.changedAt) / 1000;
  const instant = seconds > 0 ? (sample.downloaded - previous.downloaded) / seconds : previous.bytesPerSecond;
  const bytesPerSecond = previous.bytesPerSecond ? previous.bytesPerSecond * 0.7 + instant * 0.3 : instant;
  return { ...sample, changedAt: sample.at, bytesPerSecond };
}

export type ProgressPhase = 'queued' | 'starting' | 'waiting-for-network' | 'downloading';

/** How long without a new byte before the UI says the download is waiting for the network. */
export const STALL_AFTER_MS = 4000;

/**
 * Display only, never a stored state: Chromium waits out outages itself, so a pause is shown as
 * waiting, and a fetch that has not begun while another of this origin runs is queued
 * (Chromium runs an origin's background fetches one after another).
 */
export function progressPhase(
  progress: DownloadProgress | undefined,
  context: { now: number; online: boolean; anotherIsRunning: boolean },
): ProgressPhase {
  if (!context.online) return 'waiting-for-network';
  if (!progress || progress.downloaded === 0) {
    if (context.anotherIsRunning) return 'queued';
    return progress && context.now - progress.changedAt > STALL_AFTER_MS ? 'waiting-for-network' : 'starting';
  }
  return context.now - progress.changedAt > STALL_AFTER_MS ? 'waiting-for-network' : 'downloading';
}

/**
 * The downloads another card's "Queued" phase counts: those moving, and every background fetch
 * under way, moving or not. Chromium runs an origin's background fetches one at a time, so one
 * with no bytes while another is under way waits its turn, even between the other's progress
 * events or in the seconds before the next one's first byte (after a restart, say): one phase,
 * not "Queued" and "Waiting for network" by turns.
 */
export function downloadsUnderWay(
  records: ReadonlyMap<string, DownloadRecord>,
  progress: ReadonlyMap<string, DownloadProgress>,
  context: { now: number; online: boolean },
): string[] {
  const ids: string[] = [];
  for (const record of records.values()) {
    if (record.state !== 'downloading') continue;
    const seen = progress.get(record.episodeId);
    const moving = !!seen && seen.downloaded > 0 && progressPhase(seen, { ...context, anotherIsRunning: false }) === 'downloading';
    if (moving || record.transport !== 'in-page') ids.push(record.episodeId);
  }
  return ids;
}
