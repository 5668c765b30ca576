import { describe, expect, it } from 'vitest';
import type { Episode } from '../../../src/core/catalog.ts';
import type { DownloadRecord, DownloadState } from '../../../src/core/downloadState.ts';
import { DAY_MS, fitUnderLimit, nextToDownload, parseHousekeepingSettings, watchedDownloadsDue } from '../../../src/core/housekeeping.ts';
import { bytesCommitted } from '../../../src/core/storageLimit.ts';
import type { PlaybackPosition } from '../../../src/core/playback.ts';
import { queuePlaces } from '../../../src/downloads/downloadQueue.ts';

const MB = 1024 * 1024;
const record = (episodeId: string, state: DownloadState, bytes = 100 * MB, createdAt = 0): DownloadRecord => ({
  episodeId,
  downloadId: `${episodeId}-id`,
  state,
  mediaUrl: `https://e.test/media/${episodeId}`,
  expectedBytes: bytes,
  ...(state === 'downloaded' ? { storedBytes: bytes } : {}),
  title: episodeId,
  automaticRetries: 0,
  createdAt,
  updatedAt: createdAt,
});
const watched = (episodeId: string, watchedAt: number): PlaybackPosition => ({
  episodeId,
  positionSeconds: 600,
  durationSeconds: 600,
  watched: true,
  watchedAt,
  updatedAt: watchedAt,
});
const halfway = (episodeId: string): PlaybackPosition => ({ episodeId, positionSeconds: 300, durationSeconds: 600, watched: false, updatedAt: 0 });
const positionsOf = (...positions: PlaybackPosition[]) => new Map(positions.map((position) => [position.episodeId, position]));

describe('removing watched downloads', () => {
  const records = [record('a', 'downloaded'), record('b', 'downloaded'), record('c', 'downloaded'), record('d', 'downloading')];
  const positions = positionsOf(watched('a', 5 * DAY_MS), watched('b', 1 * DAY_MS), halfway('c'), watched('d', 0));
  const now = 5 * DAY_MS + 1000;

  it('when watched: every watched download, oldest watched first; never a half-watched one or one still downloading', () => {
    expect(watchedDownloadsDue(records, positions, 'when-watched', now, new Set()).map((r) => r.episodeId)).toEqual(['b', 'a']);
  });

  it('never the episode that is playing', () => {
    expect(watchedDownloadsDue(records, positions, 'when-watched', now, new Set(['b'])).map((r) => r.episodeId)).toEqual(['a']);
  });

  it('24 h after watched: only those watched a day ago or more', () => {
    expect(watchedDownloadsDue(records, positions, 'day-after-watched', now, new Set()).map((r) => r.episodeId)).toEqual(['b']);
    expect(watchedDownloadsDue(records, positions, 'day-after-watched', 6 * DAY_MS, new Set()).map((r) => r.episodeId)).toEqual(['b', 'a']);
  });

  it('never one watched before it was downloaded again, until it is watched again after', () => {
    // Watched on day 1, deleted, downloaded again on day 3 for a flight.
    const again = [record('flight', 'downloaded', 100 * MB, 3 * DAY_MS)];
    const before = positionsOf(watched('flight', 1 * DAY_MS));
    expect(watchedDownloadsDue(again, before, 'when-watched', 4 * DAY_MS, new Set())).toEqual([]);
    // Played to the end again on the flight (day 4): watched since this download, counted from then.
    const rewatched = positionsOf({ ...watched('flight', 1 * DAY_MS), updatedAt: 4 * DAY_MS });
    expect(watchedDownloadsDue(again, rewatched, 'when-watched', 4 * DAY_MS, new Set()).map((r) => r.episodeId)).toEqual(['flight']);
    expect(watchedDownloadsDue(again, rewatched, 'day-after-watched', 4 * DAY_MS + 1000, new Set())).toEqual([]);
    // Started again but stopped halfway: not watched since.
    const restarted = positionsOf({ ...watched('flight', 1 * DAY_MS), positionSeconds: 300, updatedAt: 4 * DAY_MS });
    expect(watchedDownloadsDue(again, restarted, 'when-watched', 5 * DAY_MS, new Set())).toEqual([]);
  });

  it('never an episode playing in any tab', () => {
    expect(watchedDownloadsDue(records, positions, 'when-watched', now, new Set(['a', 'b']))).toEqual([]);
  });

  it('off: nothing', () => {
    expect(watchedDownloadsDue(records, positions, 'off', now, new Set())).toEqual([]);
  });
});

describe('the storage limit', () => {
  const oldest = record('old', 'downloaded', 300 * MB);
  const newer = record('newer', 'downloaded', 200 * MB);

  it('fits under the limit, or without a limit, with nothing removed', () => {
    expect(fitUnderLimit(1500 * MB, 400 * MB, 2048 * MB, [oldest])).toEqual({ fits: true, remove: [], freedBytes: 0 });
    expect(fitUnderLimit(5000 * MB, 400 * MB, undefined, [])).toEqual({ fits: true, remove: [], freedBytes: 0 });
  });

  it('exactly at the limit fits', () => {
    expect(fitUnderLimit(1648 * MB, 400 * MB, 2048 * MB, [])).toMatchObject({ fits: true });
  });

  it('over it: the oldest watched go first, only as many as it takes', () => {
    expect(fitUnderLimit(1900 * MB, 400 * MB, 2048 * MB, [oldest, newer])).toEqual({ fits: true, remove: [oldest], freedBytes: 300 * MB });
    expect(fitUnderLimit(2000 * MB, 400 * MB, 2048 * MB, [oldest, newer])).toEqual({ fits: true, remove: [oldest, newer], freedBytes: 500 * MB });
  });

  it('refused, removing nothing, when even every watched one is not enough', () => {
    expect(fitUnderLimit(2000 * MB, 600 * MB, 2048 * MB, [oldest, newer])).toEqual({ fits: false, overByBytes: 552 * MB });
    expect(fitUnderLimit(2000 * MB, 100 * MB, 2048 * MB, [])).toEqual({ fits: false, overByBytes: 52 * MB });
  });

  it('counts what is downloaded and what running or waiting downloads will add, not failed or cancelled ones', () => {
    const records = [record('a', 'downloaded', 10), record('b', 'downloading', 20), record('c', 'waiting-for-wifi', 40), record('d', 'failed', 80), record('e', 'cancelled', 160)];
    expect(bytesCommitted(records)).toBe(70);
  });
});

describe('smart downloads: what comes next', () => {
  const episodes = ['e1', 'e2', 'e3', 'e4'].map((id) => ({ id }) as Episode);

  it('is the next episode in catalog order', () => {
    expect(nextToDownload(episodes, new Map(), 'e1')?.id).toBe('e2');
  });

  it('skips episodes already downloaded or on their way; a failed one is tried again', () => {
    const records = new Map([
      ['e2', record('e2', 'downloaded')],
      ['e3', record('e3', 'downloading')],
    ]);
    expect(nextToDownload(episodes, records, 'e1')?.id).toBe('e4');
    expect(nextToDownload(episodes, new Map([['e2', record('e2', 'failed')]]), 'e1')?.id).toBe('e2');
  });

  it('is nothing after the last episode, or for one not in the catalog', () => {
    expect(nextToDownload(episodes, new Map(), 'e4')).toBeUndefined();
    expect(nextToDownload(episodes, new Map(), 'gone')).toBeUndefined();
  });
});

describe('the download queue', () => {
  it('puts downloads queued in the app (no background fetch slot yet) after the running ones, in the order chosen', () => {
    const places = queuePlaces([record('q2', 'queued', 1, 50), record('r', 'downloading', 1, 40), record('q1', 'queued', 1, 45)]);
    expect([...places].map(([id, place]) => `${id} ${place.position}/${place.of}`)).toEqual(['r 1/3', 'q1 2/3', 'q2 3/3']);
  });

  it('numbers running downloads in the order they were started: "Queued · 2 of 3"', () => {
    const places = queuePlaces([record('c', 'downloading', 1, 30), record('a', 'downloading', 1, 10), record('x', 'downloaded', 1, 5), record('b', 'downloading', 1, 20)]);
    expect(Object.fromEntries(places)).toEqual({ a: { position: 1, of: 3 }, b: { position: 2, of: 3 }, c: { position: 3, of: 3 } });
  });
});

describe('saved housekeeping settings', () => {
  it('keeps well-formed fields and falls back to the defaults for the rest', () => {
    expect(parseHousekeepingSettings({ removeWatched: 'when-watched', smartDownloads: true, limitBytes: 2e9, quality: 'data-saver' })).toEqual({
      removeWatched: 'when-watched',
      smartDownloads: true,
      limitBytes: 2e9,
      quality: 'data-saver',
    });
    expect(parseHousekeepingSettings({ removeWatched: 'always', smartDownloads: 'yes', limitBytes: -1, quality: '4k' })).toEqual({ removeWatched: 'off', smartDownloads: false, quality: 'standard' });
    expect(parseHousekeepingSettings(null)).toEqual({ removeWatched: 'off', smartDownloads: false, quality: 'standard' });
    expect(parseHousekeepingSettings({ limitBytes: Infinity })).not.toHaveProperty('limitBytes');
  });

  it('keeps Ask each time and the height of the last choice, when it is a height', () => {
    expect(parseHousekeepingSettings({ quality: 'ask', lastHeight: 360 })).toMatchObject({ quality: 'ask', lastHeight: 360 });
    for (const lastHeight of [0, -720, 720.5, '720', Infinity, NaN, null, { height: 720 }]) {
      expect(parseHousekeepingSettings({ quality: 'ask', lastHeight })).toEqual({ removeWatched: 'off', smartDownloads: false, quality: 'ask' });
    }
  });
});
