import { beforeEach, describe, expect, it } from 'vitest';
import { MEDIA_CACHE } from '../../../src/core/cacheNames.ts';
import { copyKeyOf } from '../../../src/core/copyKeys.ts';
import type { AppDB } from '../../../src/core/db.ts';
import { applyDownloadEvent } from '../../../src/core/downloadEvents.ts';
import type { DownloadEvent } from '../../../src/core/downloadState.ts';
import { CHUNK_BYTES, STALL_TIMEOUT_MS, StreamingTransport } from '../../../src/downloads/streamingTransport.ts';
import { manualClock } from './manualClock.ts';
import { episodeToDownload, freshDb, mediaServer, memoryCaches, memoryLocks, patternBytes, sameBytes, type MediaServer, type MemoryCaches } from '../fakes.ts';

// Bytes that differ at every offset, a few chunks long and not a whole number of them.
const bytes = patternBytes(4 * CHUNK_BYTES + 12_345);
const episode = episodeToDownload({ bytes: bytes.length });

let db: AppDB;
let memory: MemoryCaches;
let server: MediaServer;
let settled: DownloadEvent[];
let transport: StreamingTransport;
let onSettled: () => void;

/** The transport under test, fetching from `fetch` (the media server unless a test swaps it). */
function makeTransport(fetch: typeof globalThis.fetch, locks: LockManager = memoryLocks(), clock = manualClock()): StreamingTransport {
  const hooks = {
    progress: () => undefined,
    settle: async (episodeId: string, event: DownloadEvent) => {
      const result = await applyDownloadEvent(db, episodeId, event);
      settled.push(event);
      onSettled();
      return result;
    },
  };
  return new StreamingTransport(db, hooks, { caches: memory.caches, locks, fetch, now: () => 1, setTimer: clock.setTimer, clearTimer: clock.clearTimer });
}

beforeEach(async () => {
  db = await freshDb();
  memory = memoryCaches();
  server = mediaServer(bytes);
  settled = [];
  transport = makeTransport(server.fetch);
});

/** Starts an attempt (Download, or Retry under a new id) and resolves with the outcome the transport records. */
async function attempt(downloadId: string): Promise<DownloadEvent> {
  const started = await applyDownloadEvent(db, episode.id, { type: 'start', downloadId, episode, transport: 'in-page', at: 1 });
  if (!started.ok || !started.after) throw new Error('start refused');
  const outcome = new Promise<DownloadEvent>((resolve) => (onSettled = () => resolve(settled.at(-1)!)));
  await transport.start(started.after);
  return outcome;
}

/** The bytes of the record's own copy. */
const cached = async () => {
  const current = await db.get('downloads', episode.id);
  return current && memory.bytes(MEDIA_CACHE, copyKeyOf(current));
};

describe('the in-page download', () => {
  it('stores exact bytes in one go, a chunk of IndexedDB at a time, and leaves no chunks behind', async () => {
    expect(await attempt('p-1')).toMatchObject({ type: 'succeeded', storedBytes: bytes.length });
    expect(sameBytes((await cached()), bytes)).toBe(true);
    expect(await db.count('chunks')).toBe(0);
  });

  for (const [where, cutAt] of [
    ['mid-chunk', 2 * CHUNK_BYTES + 777],
    ['on a chunk boundary', 2 * CHUNK_BYTES],
    ['inside the first chunk', 300_000],
  ] as const) {
    it(`a connection lost ${where} keeps every byte that arrived, resumes from exactly there, and ends byte-identical`, async () => {
      server.cutAt = cutAt;
      expect(await attempt('p-1')).toMatchObject({ type: 'failed', failure: { reason: 'fetch-error' } });
      // What arrived before the cut, buffered or not, was written: the retry asks for the rest only.
      expect((await db.get('partials', episode.id))?.storedBytes).toBe(cutAt);
      expect(await attempt('p-2')).toMatchObject({ type: 'succeeded' });
      expect(server.ranges).toEqual(['', `bytes=${cutAt}-`]);
      expect(sameBytes((await cached()), bytes)).toBe(true);
    });
  }

  it('starts clean when the file changed between attempts (the answer to the range has another ETag)', async () => {
    server.cutAt = 2 * CHUNK_BYTES + 5;
    await attempt('p-1');
    // The server now has another file: it answers 200 to the If-Range, and nothing of the old
    // bytes may be mixed into the new ones.
    const changed = patternBytes(bytes.length, 99);
    transport = makeTransport(mediaServer(changed, '"v2"').fetch);
    expect(await attempt('p-2')).toMatchObject({ type: 'succeeded' });
    expect(sameBytes((await cached()), changed)).toBe(true);
  });

  it('a cancellation recorded by another tab stops the transfer at its next write; nothing is stored or left', async () => {
    const held = server.holdAt(2 * CHUNK_BYTES + 10);
    void attempt('p-1');
    await held.reached;
    await applyDownloadEvent(db, episode.id, { type: 'aborted', downloadId: 'p-1', at: 3 });
    held.release();
    // That tab then discards what is left, once the transfer lets go of the episode.
    await transport.discard((await db.get('downloads', episode.id))!);
    expect((await cached())).toBeUndefined();
    expect(await db.count('chunks')).toBe(0);
    expect(settled).toEqual([]); // the other tab recorded the outcome; this one adds nothing
  });

  it('a connection that stops sending fails as a network error after the stall timeout, keeping what arrived', async () => {
    const clock = manualClock();
    transport = makeTransport(server.fetch, memoryLocks(), clock);
    const held = server.holdAt(2 * CHUNK_BYTES + 10); // never released: the server goes quiet
    const outcome = attempt('p-1');
    await held.reached;
    expect(clock.runAll()).toBe(STALL_TIMEOUT_MS);
    expect(await outcome).toMatchObject({ type: 'failed', failure: { reason: 'fetch-error' } });
    expect((await db.get('partials', episode.id))?.storedBytes).toBe(2 * CHUNK_BYTES);
  });

  it("a second tab queues for a running download and takes it over when the first tab closes", async () => {
    const shared = memoryLocks();
    const first = tabLocks(shared);
    transport = makeTransport(server.fetch, first.locks);
    const held = server.holdAt(2 * CHUNK_BYTES + 10); // the first tab's transfer, mid-way
    void attempt('p-1');
    await held.reached;
    const second = makeTransport(mediaServer(bytes).fetch, tabLocks(shared).locks);
    const outcome = new Promise<DownloadEvent>((resolve) => (onSettled = () => resolve(settled.at(-1)!)));
    await second.adopt((await db.get('downloads', episode.id))!);
    expect(settled).toEqual([]); // the first tab runs it: the second only waits
    first.close();
    expect(await outcome).toMatchObject({ type: 'succeeded', downloadId: 'p-1' });
    expect(sameBytes(await cached(), bytes)).toBe(true);
  });
});

/** One tab's view of shared Web Locks: closing the tab releases what it holds, as browsers do. */
function tabLocks(shared: LockManager): { locks: LockManager; close: () => void } {
  let close!: () => void;
  const closed = new Promise<void>((resolve) => (close = resolve));
  const locks = {
    request: (name: string, ...args: unknown[]) => {
      const callback = args.pop() as (lock: Lock | null) => unknown;
      return shared.request(name, (args[0] ?? {}) as LockOptions, (lock) => Promise.race([callback(lock), closed]));
    },
    query: () => shared.query(),
  } as unknown as LockManager;
  return { locks, close };
}
