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
export function patternBytes(length: number, seed = 0): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + (i >> 8) + seed) & 255;
  return bytes;
}

/** Byte equality without a diff of millions of elements (vitest's toEqual is slow on big arrays). */
export function sameBytes(actual: Uint8Array | undefined, expected: Uint8Array): boolean {
  return actual !== undefined && Buffer.from(actual).equals(Buffer.from(expected));
}

export function episodeToDownload(overrides: Partial<EpisodeToDownload> = {}): EpisodeToDownload {
  return { id: 'ep', title: 'Episode', mediaUrl: 'https://episodes.test/media/ep', bytes: 1000, ...overrides };
}

/** Writes a record as the state machine would make it from these events, in order. */
export async function putRecord(db: AppDB, ...events: DownloadEvent[]): Promise<DownloadRecord> {
  let record: DownloadRecord | undefined;
  for (const event of events) {
    const result = transition(record, event);
    if (!result.ok) throw new Error(`refused: ${result.refusal}`);
    record = result.record;
  }
  if (!record) throw new Error('no record');
  await db.put('downloads', record);
  return record;
}

/** Web Locks with their real rules: exclusive, granted in request order, ifAvailable answers null when held. */
export function memoryLocks(): LockManager {
  const held = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  const queue = (name: string) => waiting.get(name) ?? (waiting.set(name, []).get(name) as (() => void)[]);
  async function request(name: string, ...args: unknown[]): Promise<unknown> {
    const callback = args.pop() as (lock: Lock | null) => unknown;
    const options = (args[0] ?? {}) as LockOptions;
    if (held.has(name)) {
      if (options.ifAvailable) return callback(null);
      await new Promise<void>((resolve) => queue(name).push(resolve));
    }
    held.add(name);
    try {
      return await callback({ name, mode: 'exclusive' } as Lock);
    } finally {
      const next = queue(name).shift();
      if (next) next();
      else held.delete(name);
    }
  }
  return {
    request,
    async query() {
      return { held: [...held].map((name) => ({ name, mode: 'exclusive' as const })), pending: [] };
    },
  } as unknown as LockManager;
}

export interface MediaServer {
  fetch: typeof fetch;
  /** The Range header of each request, '' for none. */
  ranges: string[];
  /** Drop the connection once the file has been sent up to this offset (once). */
  cutAt?: number;
  /** Stop sending at this offset until released: `reached` resolves when the body gets there. */
  holdAt(offset: number): { reached: Promise<void>; release: () => void };
}

/**
 * A media server in memory: strong ETag, Range, bodies in 64 KB pieces, and a cut connection on
 * demand. As a CDN on another origin that answers no preflight: a request with a header that is
 * not CORS-safelisted (If-Range, say) fails as a network error.
 */
export function mediaServer(bytes: Uint8Array, etag = '"v1"'): MediaServer {
  let hold: { at: number; arrive: () => void; released: Promise<void> } | undefined;
  const server: MediaServer = {
    ranges: [],
    holdAt(at) {
      let arrive!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => (arrive = resolve));
      hold = { at, arrive, released: new Promise<void>((resolve) => (release = resolve)) };
      return { reached, release };
    },
    fetch: async (_input, init) => {
      const headers = new Headers(init?.headers);
      if ([...headers.keys()].some((name) => name !== 'range')) throw new TypeError('Failed to fetch (CORS preflight refused)');
      const range = headers.get('Range') ?? '';
      server.ranges.push(range);
      const match = /^bytes=(\d+)-$/.exec(range);
      const start = match ? Number(match[1]) : 0;
      const cutAt = server.cutAt;
      server.cutAt = undefined;
      let offset = start;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (hold && offset >= hold.at) {
            const { arrive, released } = hold;
            hold = undefined;
            arrive();
            await released;
          }
          if (cutAt !== undefined && offset >= cutAt) {
            controller.error(new TypeError('network error'));
            return;
          }
          const end = Math.min(offset + 64 * 1024, cutAt ?? bytes.length, hold && hold.at > offset ? hold.at : bytes.length, bytes.length);
          controller.enqueue(bytes.slice(offset, end));
          offset = end;
          if (offset === bytes.length) controller.close();
        },
      });
      const responseHeaders = new Headers({ ETag: etag, 'Content-Type': 'video/webm' });
      if (start > 0) responseHeaders.set('Content-Range', `bytes ${start}-${bytes.length - 1}/${bytes.length}`);
      return new Response(body, { status: start > 0 ? 206 : 200, headers: responseHeaders });
    },
  };
  return server;
}
