import { signal } from '@preact/signals';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Episode } from '../../../src/core/catalog.ts';
import { DAY_MS } from '../../../src/core/housekeeping.ts';
import { playingLockName } from '../../../src/core/locks.ts';
import type { DownloadRecord, EpisodeToDownload } from '../../../src/core/downloadState.ts';
import type { PlaybackPosition } from '../../../src/core/playback.ts';
import type { StartOptions } from '../../../src/downloads/downloadManager.ts';
import { Housekeeper, type HousekeeperDownloads } from '../../../src/downloads/housekeeper.ts';
import { removeAllDownloaded } from '../../../src/downloads/removeAllDownloaded.ts';
import { locksHolding } from '../fakes.ts';

const MB = 1_000_000;
const episodeOf = (id: string, bytes = 100 * MB): Episode => ({
  id,
  title: id,
  description: '',
  durationSeconds: 600,
  mediaUrl: `https://e.test/media/${id}`,
  artworkUrl: '',
  bytes,
});
const downloadedRecord = (id: string, createdAt = 0): DownloadRecord => ({
  episodeId: id,
  downloadId: `${id}-1`,
  state: 'downloaded',
  mediaUrl: `https://e.test/media/${id}`,
  expectedBytes: 100 * MB,
  storedBytes: 100 * MB,
  title: id,
  automaticRetries: 0,
  createdAt,
  updatedAt: createdAt,
});
const watchedOn = (id: string, at: number): PlaybackPosition => ({ episodeId: id, positionSeconds: 600, durationSeconds: 600, watched: true, watchedAt: at, updatedAt: at });

/** The manager's surface, in memory: `startsUnderWay` says whether a start gets under way. */
function fakeDownloads(records: DownloadRecord[]) {
  const started: { id: string; options: StartOptions }[] = [];
  const removed: string[] = [];
  const fake = {
    records: signal<ReadonlyMap<string, DownloadRecord>>(new Map(records.map((record) => [record.episodeId, record]))),
    startsUnderWay: true,
    limitBytes: (() => undefined) as () => number | undefined,
    async start(episode: EpisodeToDownload, options: StartOptions = {}) {
      started.push({ id: episode.id, options });
      return fake.startsUnderWay;
    },
    async startAll(episodes: readonly EpisodeToDownload[], options: StartOptions = {}) {
      for (const episode of episodes) started.push({ id: episode.id, options });
      return episodes.length > 0 && fake.startsUnderWay;
    },
    async remove(id: string) {
      removed.push(id);
      const next = new Map(fake.records.value);
      next.delete(id);
      fake.records.value = next;
    },
    async freeBytesFor() {
      return undefined;
    },
  };
  return { fake, started, removed, asManager: fake as unknown as HousekeeperDownloads };
}

function memoryStore(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

let locks: LockManager;
beforeEach(() => {
  locks = locksHolding();
});

function housekeeperOver(records: DownloadRecord[], positions: PlaybackPosition[], episodes: Episode[] = []) {
  const downloads = fakeDownloads(records);
  const report = signal('');
  const keeper = new Housekeeper(report, downloads.asManager, signal(episodes), signal(new Map(positions.map((position) => [position.episodeId, position]))), {
    now: () => 10 * DAY_MS,
    locks,
    settingsStore: memoryStore(),
    fetch: () => Promise.reject(new Error('no network in this test')),
  });
  return { keeper, report, ...downloads };
}

describe('the storage limit and watched downloads', () => {
  const full = [downloadedRecord('old'), downloadedRecord('newer')];
  const watched = [watchedOn('old', 1 * DAY_MS), watchedOn('newer', 2 * DAY_MS)];

  it('removes watched downloads to make room only under "Remove watched", never under Smart downloads alone', async () => {
    const { keeper, started, removed } = housekeeperOver(full, watched);
    keeper.update({ limitBytes: 250 * MB, smartDownloads: true });
    await keeper.download([episodeOf('next')]);
    expect(removed).toEqual([]);
    expect(started[0]?.options.makingRoom ?? []).toEqual([]); // the manager's preflight then refuses it, on its card
  });

  it('removes them only once the download they make room for is under way', async () => {
    const { keeper, fake, started, removed, report } = housekeeperOver(full, watched);
    keeper.update({ limitBytes: 250 * MB, removeWatched: 'day-after-watched' });
    fake.startsUnderWay = false; // e.g. the fetch could not start
    await keeper.download([episodeOf('next')]);
    expect(started.map((start) => start.options.makingRoom?.map((record) => record.episodeId))).toEqual([['old']]);
    expect(removed).toEqual([]);

    fake.startsUnderWay = true;
    await keeper.download([episodeOf('next')]);
    expect(removed).toEqual(['old']);
    expect(report.value).toBe('Removed 1 watched episode, 100 MB freed to stay under your 250 MB limit.');
  });

  it('never removes one open in a player in another tab, nor one watched before it was downloaded again', async () => {
    locks = locksHolding(playingLockName('old'));
    const again = { ...downloadedRecord('newer'), createdAt: 3 * DAY_MS };
    const { keeper, started } = housekeeperOver([downloadedRecord('old'), again], watched);
    keeper.update({ limitBytes: 250 * MB, removeWatched: 'when-watched' });
    await keeper.download([episodeOf('next')]);
    expect(started[0]?.options.makingRoom ?? []).toEqual([]);
  });
});

describe('tidying watched downloads', () => {
  it('at start, keeps the episode a player has open in any tab and removes the rest that are due', async () => {
    locks = locksHolding(playingLockName('playing-elsewhere'));
    const records = [downloadedRecord('playing-elsewhere'), downloadedRecord('done'), downloadedRecord('playing-here')];
    const positions = records.map((record) => watchedOn(record.episodeId, 1 * DAY_MS));
    const { keeper, removed } = housekeeperOver(records, positions);
    keeper.update({ removeWatched: 'when-watched' });
    await keeper.tidy('playing-here');
    expect(removed).toEqual(['done']);
  });
});

describe('Delete all', () => {
  it('deletes every download but those open in a player, and says how many it kept', async () => {
    const { fake, removed } = fakeDownloads([downloadedRecord('a'), downloadedRecord('playing'), { ...downloadedRecord('running'), state: 'downloading' }]);
    expect(await removeAllDownloaded(fake, locksHolding(playingLockName('playing')))).toBe(1);
    expect(removed).toEqual(['a']);
  });
});
