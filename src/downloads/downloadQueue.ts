import type { DownloadRecord } from '../core/downloadState.ts';

/** Where a download stands among those started: "Queued · 2 of 4". */
export interface QueuePlace {
  /** 1 for the first started (the one Chromium runs), 2 for the next, … */
  position: number;
  of: number;
}

/**
 * Chromium runs an origin's background fetches one at a time, in the order they were started
 * (measured: PLATFORM-NOTES), so every download of a batch has its fetch at once and the app only
 * shows the order: the records still downloading, by when each attempt began.
 */
export function queuePlaces(records: Iterable<DownloadRecord>): Map<string, QueuePlace> {
  const active = [...records].filter((record) => record.state === 'downloading').sort((a, b) => a.createdAt - b.createdAt);
  return new Map(active.map((record, index) => [record.episodeId, { position: index + 1, of: active.length }]));
}
