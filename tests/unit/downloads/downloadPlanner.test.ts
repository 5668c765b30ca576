/**
 * The planner: what starts next when more is chosen than Chromium holds at once, decided under
 * one lock shared by every tab, from the records in IndexedDB. Two tabs (two managers) share one
 * database, one lock manager and one Background Fetch manager that, like Chromium, refuses a
 * sixth active fetch.
 */
import { effect } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDB } from '../../../src/core/db.ts';
import { applyDownloadEvent } from '../../../src/core/downloadEvents.ts';
import type { DownloadRecord, DownloadState, EpisodeToDownload } from '../../../src/core/downloadState.ts';
import { CHANNEL_NAME } from '../../../src/core/messages.ts';
import type { DownloadManager as DownloadManagerType } from '../../../src/downloads/downloadManager.ts';
import { MAX_ACTIVE_BACKGROUND_FETCHES } from '../../../src/downloads/downloadQueue.ts';
import type { DownloadEnvironment } from '../../../src/downloads/environment.ts';
import { episodeToDownload, freshDb, memoryCaches, memoryLocks } from '../fakes.ts';

/** Background Fetch as Chromium gives it to a page: at most five active per origin. */
function backgroundFetches() {
  const active = new Map<string, BackgroundFetchRegistration>();
  const started: string[] = [];
  let refused = 0;
  let full!: () => void;
  const allSlotsTaken = new Promise<void>((resolve) => (full = resolve));
  const manager = {
    async fetch(id: string, requests: string[]) {
      if (active.has(id)) throw new TypeError('There already is a registration for the given id.');
      if (active.size >= MAX_ACTIVE_BACKGROUND_FETCHES) {
        refused += 1;
        throw new TypeError('There are too many active fetches for this origin.');
      }
      const registration = Object.assign(new EventTarget(), { id, downloaded: 0, downloadTotal: 0, result: '', abort: async () => active.delete(id) });
      active.set(id, registration as unknown as BackgroundFetchRegistration);
      started.push(requests[0]!);
      if (active.size === MAX_ACTIVE_BACKGROUND_FETCHES) full();
      return registration;
    },
    async get(id: string) {
      return active.get(id);
    },
    async getIds() {
      return [...active.keys()];
    },
  };
  return { manager: manager as unknown as BackgroundFetchManager, active, started, allSlotsTaken, refused: () => refused };
}

let db: AppDB;
let fetches: ReturnType<typeof backgroundFetches>;
let locks: LockManager;
let tabs: DownloadManagerType[];
let ids = 0;
const channel = new BroadcastChannel(CHANNEL_NAME);

function environment(): DownloadEnvironment {
  return {
    caches: memoryCaches().caches,
    locks,
    fetch: () => Promise.reject(new Error('no network here')),
    now: () => 1000,
    newId: () => `id-${++ids}`,
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (timer) => clearTimeout(timer),
    isOnline: () => true,
    whenOnline: () => undefined,
  };
}

/** A tab of the app: its own manager over the shared database, locks and fetches. */
async function openTab(): Promise<DownloadManagerType> {
  const { DownloadManager } = await import('../../../src/downloads/downloadManager.ts');
  const tab = new DownloadManager(db, Promise.resolve({ backgroundFetch: fetches.manager } as unknown as ServiceWorkerRegistration), environment());
  await tab.loadRecords();
  tabs.push(tab);
  return tab;
}

const episodes = (prefix: string, count: number): EpisodeToDownload[] =>
  Array.from({ length: count }, (_, index) => episodeToDownload({ id: `${prefix}${index + 1}`, title: `${prefix}${index + 1}`, mediaUrl: `https://episodes.test/media/${prefix}${index + 1}` }));

/** What the worker does when a fetch succeeds: the record says Downloaded, and every tab hears of it. */
async function finish(episodeId: string): Promise<void> {
  const record = (await db.get('downloads', episodeId))!;
  fetches.active.delete(record.downloadId);
  await applyDownloadEvent(db, episodeId, { type: 'succeeded', downloadId: record.downloadId, storedBytes: record.expectedBytes, at: 2000 });
  channel.postMessage({ type: 'download-changed', episodeId });
}

/** Resolves once a tab's records (refreshed on every change it hears of) satisfy `done`. */
function until(tab: DownloadManagerType, done: (records: DownloadRecord[]) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const stop = effect(() => {
      if (!done([...tab.records.value.values()])) return;
      queueMicrotask(() => stop());
      resolve();
    });
  });
}

const inState = (state: DownloadState) => (records: DownloadRecord[]) => records.filter((record) => record.state === state);

beforeEach(async () => {
  db = await freshDb();
  fetches = backgroundFetches();
  locks = memoryLocks();
  tabs = [];
  Object.assign(globalThis, {
    ServiceWorkerRegistration: class {
      backgroundFetch = undefined;
      static {
        Object.defineProperty(this.prototype, 'backgroundFetch', { value: undefined });
      }
    },
    localStorage: { getItem: () => null, setItem: () => undefined },
  });
  // Node 20 has no navigator: the storage estimate and connection type are simply not known.
  if (!('navigator' in globalThis)) Object.assign(globalThis, { navigator: {} });
});

afterEach(() => {
  for (const tab of tabs) tab.close();
});

describe('the download planner', () => {
  it('two tabs choosing at once never start a sixth background fetch, and nothing fails', async () => {
    const [first, second] = [await openTab(), await openTab()];
    await Promise.all([first.startAll(episodes('a', 7)), second.startAll(episodes('b', 6))]);
    await until(first, (records) => inState('downloading')(records).length === MAX_ACTIVE_BACKGROUND_FETCHES && records.length === 13);
    await until(second, (records) => inState('queued')(records).length === 13 - MAX_ACTIVE_BACKGROUND_FETCHES);
    await fetches.allSlotsTaken;
    expect(inState('failed')([...first.records.value.values()])).toEqual([]);
    expect(fetches.refused()).toBe(0);
  });

  it('starts the queue in the order chosen as slots free, whichever tab hears of it', async () => {
    const [first, second] = [await openTab(), await openTab()];
    const chosen = episodes('e', 9);
    await first.startAll(chosen);
    for (let finished = 0; finished < chosen.length; finished++) {
      const running = Math.min(MAX_ACTIVE_BACKGROUND_FETCHES, chosen.length - finished);
      await until(second, (records) => inState('downloading')(records).length === running && inState('downloaded')(records).length === finished);
      const oldest = inState('downloading')([...second.records.value.values()]).sort((a, b) => a.createdAt - b.createdAt)[0]!;
      await finish(oldest.episodeId);
    }
    await until(first, (records) => inState('downloaded')(records).length === chosen.length);
    expect(fetches.started).toEqual(chosen.map((episode) => episode.mediaUrl));
  });

  it('downloads waiting for Wi-Fi, back on Wi-Fi with more than five, keep their order: the rest queue in their places', async () => {
    const waiting = episodes('w', 7);
    for (const [index, episode] of waiting.entries()) await applyDownloadEvent(db, episode.id, { type: 'wait', downloadId: `w-${index}`, episode, at: index + 1 });
    const tab = await openTab();
    await tab.refresh();
    await until(tab, (records) => inState('downloading')(records).length === MAX_ACTIVE_BACKGROUND_FETCHES && inState('queued')(records).length === 2);
    const queued = inState('queued')([...tab.records.value.values()]).map((record) => [record.episodeId, record.createdAt]);
    expect(queued.sort()).toEqual([
      ['w6', 6],
      ['w7', 7],
    ]);
    expect(fetches.started).toEqual(waiting.slice(0, 5).map((episode) => episode.mediaUrl));
  });
});
