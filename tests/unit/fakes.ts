/**
 * Small stand-ins for the browser parts the download logic is handed as arguments: Cache Storage,
 * Web Locks, a Background Fetch registration, and a fresh fake-indexeddb for each test. They
 * behave as the real ones do where the code under test can tell (a put commits whole, or not at
 * all; a match returns a fresh body each time), and let a test run code at a chosen moment.
 */
import 'fake-indexeddb/auto'; // IndexedDB's globals (idb checks instanceof IDBRequest and others)
import { IDBFactory } from 'fake-indexeddb';
import { openAppDb, type AppDB } from '../../src/core/db.ts';
import { transition, type DownloadEvent, type DownloadRecord, type EpisodeToDownload } from '../../src/core/downloadState.ts';

/** A database of the app's current schema, in a fresh in-memory IndexedDB. */
export function freshDb(): Promise<AppDB> {
  useFreshIndexedDb();
  return openAppDb();
}

/** A fresh in-memory IndexedDB as the global one (idb's openDB reads the global). */
export function useFreshIndexedDb(): void {
  Object.assign(globalThis, { indexedDB: new IDBFactory() });
}

interface StoredEntry {
  bytes: Uint8Array;
  headers: Headers;
  status: number;
}

export interface MemoryCaches {
  caches: CacheStorage;
  /** Every cache's entries, by cache name then URL. */
  entries: Map<string, Map<string, StoredEntry>>;
  /** The bytes under a URL in a cache, if any. */
  bytes(cacheName: string, url: string): Uint8Array | undefined;
  /** Runs after each put has committed (a test's chance to interleave). */
  afterPut?: (url: string) => Promise<void>;
}

/** Cache Storage in memory: put reads the whole body and commits only if it could. */
export function memoryCaches(): MemoryCaches {
  const entries = new Map<string, Map<string, StoredEntry>>();
  const keyOf = (request: RequestInfo | URL): string =>
    typeof request === 'string' ? request : request instanceof URL ? request.href : request.url;
  const memory: MemoryCaches = {
    entries,
    bytes: (cacheName, url) => entries.get(cacheName)?.get(url)?.bytes,
    caches: undefined as unknown as CacheStorage,
  };
  const cacheNamed = (name: string): Cache => {
    let stored = entries.get(name);
    if (!stored) entries.set(name, (stored = new Map()));
    const cache = {
      async put(request: RequestInfo | URL, response: Response) {
        const bytes = new Uint8Array(await response.arrayBuffer());
        stored.set(keyOf(request), { bytes, headers: new Headers(response.headers), status: response.status });
        await memory.afterPut?.(keyOf(request));
      },
      async match(request: RequestInfo | URL) {
        const entry = stored.get(keyOf(request));
        return entry && new Response(entry.bytes.slice(), { status: entry.status, headers: entry.headers });
      },
      async delete(request: RequestInfo | URL) {
        return stored.delete(keyOf(request));
      },
      async keys() {
        return [...stored.keys()].map((url) => new Request(url));
      },
      async add(request: RequestInfo | URL) {
        stored.set(keyOf(request), { bytes: new Uint8Array(), headers: new Headers(), status: 200 });
      },
    };
    return cache as unknown as Cache;
  };
  memory.caches = {
    async open(name: string) {
      return cacheNamed(name);
    },
    async has(name: string) {
      return entries.has(name);
    },
    async delete(name: string) {
      return entries.delete(name);
    },
    async keys() {
      return [...entries.keys()];
    },
    async match(request: RequestInfo | URL) {
      for (const name of entries.keys()) {
        const found = await cacheNamed(name).match(request);
        if (found) return found;
      }
      return undefined;
    },
  } as CacheStorage;
  return memory;
}

/** Web Locks as reconciliation reads them: which names some context holds or waits for. */
export function locksHolding(...names: string[]): LockManager {
  return {
    async query() {
      return { held: names.map((name) => ({ name, mode: 'exclusive' as const })), pending: [] };
    },
    request() {
      throw new Error('not used by this test');
    },
  } as unknown as LockManager;
}

/** A finished Background Fetch registration with one record whose response is `response`. */
export function finishedFetch(
  id: string,
  response: Response | undefined,
  failureReason: BackgroundFetchFailureReason = '',
): BackgroundFetchRegistration {
  const record = { request: new Request('https://episodes.test/media/x'), responseReady: response ? Promise.resolve(response) : Promise.reject(new TypeError('no response')) };
  record.responseReady.catch(() => undefined);
  return {
    id,
    failureReason,
    async matchAll() {
      return [record];
    },
  } as unknown as BackgroundFetchRegistration;
}

/** Bytes that differ at every offset (a chunk moved or repeated changes them). */
export function patternBytes(length: number, seed = 0): Uint8Array {
  return new Uint8Array(length).map((_, i) => (i * 31 + (i >> 8) + seed) & 255);
}

export function episodeToDownload(overrides: Partial<EpisodeToDownload> = {}): EpisodeToDownload {
  return { id: 'ep', title: 'Episode', mediaUrl: 'https://episodes.test/media/ep', bytes: 1000, ...overrides };
}

/** Writes a record as the state machine would make it from these events, in order. */
export async function putRecord(db: AppDB, ...events: DownloadEvent[]): Promise<DownloadRecord> {
  let record: DownloadRecord | undefined;
  for (const event of events) {
    const result = transition(record, event);
    if (!result.ok) throw new Error(result.refusal.message);
    record = result.record;
  }
  if (!record) throw new Error('no record');
  await db.put('downloads', record);
  return record;
}
