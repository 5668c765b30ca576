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
import type { PlayableSource } from '../../../src/core/playableSources.ts';

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
  const started: { id: string; options: StartOptions; episode?: EpisodeToDownload }[] = [];
  const removed: string[] = [];
  const fake = {
    records: signal<ReadonlyMap<string, DownloadRecord>>(new Map(records.map((record) => [record.episodeId, record]))),
    startsUnderWay: true,
    limitBytes: (() => undefined) as () => number | undefined,
    async start(episode: EpisodeToDownload, options: StartOptions = {}) {
      started.push({ id: episode.id, options, episode });
      return fake.startsUnderWay;
    },
    async startAll(episodes: readonly EpisodeToDownload[], options: StartOptions = {}) {
      for (const episode of episodes) started.push({ id: episode.id, options, episode });
      return episodes.length > 0 && fake.startsUnderWay;
    },
    async remove(id: string) {
      removed.push(id);
      const next = new Map(fake.records.value);
      next.delete(id);
      fake.records.value = next;
      return true;
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

/** The Ask sheet's part: what the viewer will choose, and what each sheet was shown. */
interface FakeViewer {
  choose: (sources: readonly PlayableSource[]) => PlayableSource | undefined;
  asked: { episodeId: string; heights: (number | undefined)[]; lastHeight?: number }[];
}

function housekeeperOver(records: DownloadRecord[], positions: PlaybackPosition[], episodes: Episode[] = []) {
  const downloads = fakeDownloads(records);
  const viewer: FakeViewer = { choose: () => undefined, asked: [] };
  const report = signal('');
  const keeper = new Housekeeper(report, downloads.asManager, signal(episodes), signal(new Map(positions.map((position) => [position.episodeId, position]))), {
    now: () => 10 * DAY_MS,
    locks,
    settingsStore: memoryStore(),
    fetch: () => Promise.reject(new Error('no network in this test')),
    // This device plays MP4 and not WebM.
    probe: async (source) => ({ supported: !source.type.includes('webm'), smooth: true, powerEfficient: false, answer: 'probably' }),
    ask: async (episode, sources, { lastHeight }) => {
      viewer.asked.push({ episodeId: episode.id, heights: sources.map((source) => source.height), lastHeight });
      return viewer.choose(sources);
    },
  });
  return { keeper, report, viewer, ...downloads };
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
    expect(report.value).toBe('Removed 1 watched episode, 100\u00a0MB freed to stay under your 250\u00a0MB limit.');
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
  /** A change of quality under way: a new attempt, the downloaded copy kept in `previous`. */
  const changing = (id: string): DownloadRecord => ({ ...downloadedRecord(id), downloadId: `${id}-2`, state: 'downloading', storedBytes: undefined, previous: downloadedRecord(id) });
  /** Cancel as the engine does it: the change is undone (after a moment, as a worker's abort event), or never answered. */
  const withCancel = (fake: ReturnType<typeof fakeDownloads>['fake'], answers = true) => {
    const cancelled: string[] = [];
    const cancel = async (id: string) => {
      cancelled.push(id);
      const previous = fake.records.value.get(id)?.previous;
      if (answers && previous) setTimeout(() => (fake.records.value = new Map(fake.records.value).set(id, previous)), 5);
    };
    return { downloads: { ...fake, cancel, remove: fake.remove, get records() { return fake.records; } }, cancelled };
  };

  it('deletes every download but those open in a player, and says how many it kept', async () => {
    const { fake, removed } = fakeDownloads([downloadedRecord('a'), downloadedRecord('playing'), { ...downloadedRecord('running'), state: 'downloading' }]);
    const { downloads, cancelled } = withCancel(fake);
    expect(await removeAllDownloaded(downloads, locksHolding(playingLockName('playing')))).toBe(1);
    expect(removed).toEqual(['a']);
    expect(cancelled).toEqual([]); // a first download under way is not a download to delete
  });

  it('cancels a change of quality, then deletes the copy it would have replaced', async () => {
    const { fake, removed } = fakeDownloads([downloadedRecord('a'), changing('hd')]);
    const { downloads, cancelled } = withCancel(fake);
    expect(await removeAllDownloaded(downloads, locks)).toBe(0);
    expect(cancelled).toEqual(['hd']);
    expect(removed).toEqual(['a', 'hd']);
    expect(fake.records.value.size).toBe(0);
  });

  it('keeps a changing episode that is playing, and one whose cancel never came back, whole', async () => {
    const { fake, removed } = fakeDownloads([changing('playing'), changing('stuck')]);
    const { downloads, cancelled } = withCancel(fake, false);
    expect(await removeAllDownloaded(downloads, locksHolding(playingLockName('playing')), 20)).toBe(1);
    expect(cancelled).toEqual(['stuck']);
    expect(removed).toEqual([]);
    expect(fake.records.value.get('stuck')?.previous?.state).toBe('downloaded');
  });
});

describe('the quality setting', () => {
  const rendition = (height: number, size: number) => ({ url: `https://e.test/media/ep.${height}p.mp4`, type: 'video/mp4', height, size, sha256: `${height}`.padStart(64, '0') });
  const ladder: Episode = { ...episodeOf('ep', 300 * MB), mediaUrl: rendition(1080, 300 * MB).url, sources: [rendition(360, 40 * MB), rendition(720, 120 * MB), rendition(1080, 300 * MB)] };

  it('downloads the rendition the setting takes, its URL, size and SHA-256, and names it', async () => {
    const { keeper, started } = housekeeperOver([], []);
    await keeper.download([ladder]);
    expect(started[0]?.episode).toMatchObject({ mediaUrl: 'https://e.test/media/ep.720p.mp4', bytes: 120 * MB, sha256: rendition(720, 0).sha256, rendition: { height: 720 } });
    keeper.update({ quality: 'data-saver' });
    await keeper.download([ladder]);
    expect(started[1]?.episode).toMatchObject({ mediaUrl: 'https://e.test/media/ep.360p.mp4', bytes: 40 * MB, rendition: { height: 360 } });
  });

  it("checks the limit against the chosen rendition's size, not the default's", async () => {
    const { keeper, started, report } = housekeeperOver([downloadedRecord('old')], []);
    keeper.update({ limitBytes: 250 * MB });
    // 100 MB stored + 120 MB (Standard's 720p) fits under 250 MB; the 300 MB default would not.
    await keeper.download([ladder, episodeOf('small', 10 * MB)]);
    expect(report.value).toBe('');
    expect(started.map((start) => start.id)).toEqual(['ep', 'small']);
  });

  it('refuses an episode none of whose renditions plays here, naming their types, with Retry', async () => {
    const { keeper, started } = housekeeperOver([], []);
    const webm = (height: number) => ({ url: `https://e.test/media/ep.${height}.webm`, type: 'video/webm', height });
    await keeper.download([{ ...ladder, sources: [webm(360), webm(720)] }]);
    expect(started[0]?.options.refusal).toEqual({ reason: 'unplayable', detail: 'video/webm' });
  });

  it('keeps the setting it was given, and the default (Standard) for anything else saved', () => {
    const { keeper } = housekeeperOver([], []);
    expect(keeper.settings.value.quality).toBe('standard');
    keeper.update({ quality: 'best' });
    expect(keeper.settings.value.quality).toBe('best');
  });
});

describe('changing the quality of a downloaded episode', () => {
  const sd = { url: 'https://e.test/media/ep.360p.mp4', type: 'video/mp4', height: 360, size: 30 * MB };
  const hd = { url: 'https://e.test/media/ep.720p.mp4', type: 'video/mp4', height: 720, size: 90 * MB };
  const episode: Episode = { ...episodeOf('ep'), sources: [sd, hd] };
  const at360p = { ...downloadedRecord('ep'), mediaUrl: sd.url, rendition: { height: 360 } };

  it('starts the chosen source as a replacement of the stored copy, with its size and name', async () => {
    const { keeper, started } = housekeeperOver([at360p], []);
    expect(await keeper.changeQuality(episode, hd)).toBe(true);
    expect(started).toEqual([{ id: 'ep', options: { replace: true }, episode: expect.objectContaining({ mediaUrl: hd.url, bytes: 90 * MB, rendition: { height: 720 } }) }]);
  });

  it('starts nothing for the source already stored, or an episode not downloaded', async () => {
    const { keeper, started } = housekeeperOver([at360p, { ...downloadedRecord('other'), state: 'downloading' }], []);
    expect(await keeper.changeQuality(episode, sd)).toBe(false);
    expect(await keeper.changeQuality({ ...episode, id: 'other' }, hd)).toBe(false);
    expect(await keeper.changeQuality({ ...episode, id: 'never' }, hd)).toBe(false);
    expect(started).toEqual([]);
  });

  it('asks the server for a size the catalog does not give; one it cannot learn starts as a refused change', async () => {
    const { keeper, started } = housekeeperOver([at360p], []);
    const { size: _size, ...unsized } = hd;
    // The test's fetch has no network: the HEAD fails, and the change is started with that refusal
    // (replace: the state machine then puts the 360p download back, with the failure noted).
    await keeper.changeQuality(episode, unsized);
    expect(started).toEqual([{ id: 'ep', options: { replace: true, refusal: { reason: 'fetch-error', detail: expect.any(String) } }, episode: expect.objectContaining({ mediaUrl: hd.url, bytes: 0 }) }]);
  });
});

describe('Ask each time', () => {
  const rendition = (height: number, size?: number, id = 'ep') => ({ url: `https://e.test/media/${id}.${height}p.mp4`, type: 'video/mp4', height, ...(size ? { size } : {}) });
  const ladder: Episode = { ...episodeOf('ep', 300 * MB), sources: [rendition(360, 40 * MB), rendition(720, 120 * MB), rendition(1080, 300 * MB)] };
  const other: Episode = { ...episodeOf('other', 300 * MB), sources: [rendition(360, 30 * MB, 'other'), rendition(720, 90 * MB, 'other')] };
  const height = (wanted: number) => (sources: readonly PlayableSource[]) => sources.find((source) => source.height === wanted);

  it('downloads the source the viewer chose in the sheet, and remembers its height', async () => {
    const { keeper, started, viewer } = housekeeperOver([], []);
    keeper.update({ quality: 'ask' });
    viewer.choose = height(360);
    expect(await keeper.press(ladder)).toBe(true);
    expect(viewer.asked).toEqual([{ episodeId: 'ep', heights: [360, 720, 1080], lastHeight: undefined }]);
    expect(started[0]?.episode).toMatchObject({ mediaUrl: 'https://e.test/media/ep.360p.mp4', bytes: 40 * MB, rendition: { height: 360 } });
    expect(keeper.settings.value.lastHeight).toBe(360);
  });

  it('starts nothing when the sheet is cancelled', async () => {
    const { keeper, started } = housekeeperOver([], []);
    keeper.update({ quality: 'ask', lastHeight: 1080 });
    expect(await keeper.press(ladder)).toBe(false);
    expect(started).toEqual([]);
    expect(keeper.settings.value.lastHeight).toBe(1080);
  });

  it('Retry takes the rendition that failed, without a sheet', async () => {
    const failed: DownloadRecord = { ...downloadedRecord('ep'), state: 'failed', mediaUrl: rendition(1080).url, failure: { reason: 'bad-status', status: 500 } };
    const { keeper, started, viewer } = housekeeperOver([failed], []);
    keeper.update({ quality: 'ask', lastHeight: 360 });
    await keeper.press(ladder);
    expect(viewer.asked).toEqual([]);
    expect(started[0]?.episode).toMatchObject({ mediaUrl: rendition(1080).url, rendition: { height: 1080 } });
  });

  it('asks only where this device plays two sources or more, and not under the other settings', async () => {
    const { keeper, started, viewer } = housekeeperOver([], []);
    keeper.update({ quality: 'ask' });
    await keeper.press({ ...ladder, sources: [rendition(720, 120 * MB), { url: 'https://e.test/media/ep.webm', type: 'video/webm', height: 1080 }] });
    keeper.update({ quality: 'best' });
    await keeper.press({ ...ladder, id: 'best' });
    expect(viewer.asked).toEqual([]);
    expect(started.map((start) => start.episode?.mediaUrl)).toEqual(['https://e.test/media/ep.720p.mp4', 'https://e.test/media/ep.1080p.mp4']);
  });

  it('checks the limit against the chosen source, as for any download', async () => {
    const { keeper, started, viewer } = housekeeperOver([downloadedRecord('old')], []);
    keeper.update({ quality: 'ask', limitBytes: 250 * MB });
    viewer.choose = height(1080);
    await keeper.press(ladder);
    // A single episode goes on to the manager, whose preflight refuses it on its card; nothing makes room.
    expect(started[0]?.episode).toMatchObject({ bytes: 300 * MB });
    expect(started[0]?.options.makingRoom).toEqual([]);
  });

  it('takes the last choice without a sheet for a selection (and Smart downloads), and sizes the selection by it', async () => {
    const { keeper, started, viewer } = housekeeperOver([], [], [ladder, other]);
    keeper.update({ quality: 'ask', lastHeight: 360 });
    expect(await keeper.sizesUnderSetting([ladder, other, episodeOf('plain', 7 * MB)])).toEqual(new Map([['ep', 40 * MB], ['other', 30 * MB], ['plain', 7 * MB]]));
    await keeper.download([ladder, other]);
    expect(viewer.asked).toEqual([]);
    expect(started.map((start) => start.episode?.mediaUrl)).toEqual(['https://e.test/media/ep.360p.mp4', 'https://e.test/media/other.360p.mp4']);
  });

  it('with no last choice, a selection takes Standard’s', async () => {
    const { keeper, started } = housekeeperOver([], []);
    keeper.update({ quality: 'ask' });
    await keeper.download([ladder]);
    expect(started[0]?.episode).toMatchObject({ mediaUrl: 'https://e.test/media/ep.720p.mp4' });
  });
});

