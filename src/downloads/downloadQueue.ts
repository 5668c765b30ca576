import type { DownloadRecord } from '../core/downloadState.ts';

/**
 * How many background fetches Chromium lets an origin hold (started and not yet ended; they run
 * one after another, not side by side): the sixth `fetch()` throws "There are too many active
 * fetches for this origin" (docs/background-fetch-in-chromium.md). Further downloads are recorded
 * as queued and started by the page as slots free up.
 */
export const MAX_ACTIVE_BACKGROUND_FETCHES = 5;

/** Where a download stands among those started: "Queued · 2 of 4". */
export interface QueuePlace {
  /** 1 for the first started (the one Chromium runs), 2 for the next, … */
  position: number;
  of: number;
}

/**
 * Chromium runs an origin's background fetches one at a time, in the order they were started,
 * and holds at most MAX_ACTIVE_BACKGROUND_FETCHES (docs/background-fetch-in-chromium.md); the
 * planner queues the rest in the app. The order shown: the records downloading, by when each attempt began, then those queued
 * for a free slot, in the order chosen.
 */
export function queuePlaces(records: Iterable<DownloadRecord>): Map<string, QueuePlace> {
  const rank = (record: DownloadRecord) => (record.state === 'downloading' ? 0 : 1);
  const active = [...records]
    .filter((record) => record.state === 'downloading' || record.state === 'queued')
    .sort((a, b) => rank(a) - rank(b) || a.createdAt - b.createdAt);
  return new Map(active.map((record, index) => [record.episodeId, { position: index + 1, of: active.length }]));
}
