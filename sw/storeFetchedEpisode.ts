// SHA-256 two ways (README, Performance: P1, P7). WebCrypto's digest is native and the fastest,
// but takes the whole body in memory: it is used up to a size the device's memory allows. Above
// it, the body is streamed a megabyte at a time through SHA-256 in WebAssembly (hash-wasm),
// several times the speed of the JavaScript one the page uses. The worker's script is served with
// 'wasm-unsafe-eval' in its policy; the pages' policy allows no WebAssembly.
import { createSHA256 } from 'hash-wasm';
import { MEDIA_CACHE } from '../src/core/cacheNames.ts';
import type { DownloadFailure } from '../src/core/downloadState.ts';
import { putFailure, sizeMismatch, toHex, type ExpectedBytes, type StoreResult } from '../src/core/storeResult.ts';

/**
 * The largest body hashed whole, in bytes. Hashed whole, a body is held about twice at the peak
 * (the ArrayBuffer, and the copy WebCrypto takes of it: README, Performance: P7). A 32nd of the
 * device's memory keeps that peak near a 16th of it; never more than 256 MiB, because the figure
 * is rounded down to a power of two and capped by the browser and says nothing of what else the
 * device is running. A browser that gives no figure is taken for a 1 GiB device: 32 MiB.
 * Streaming costs only time.
 */
export function wholeBodyDigestLimit(deviceMemoryGiB = 1): number {
  return Math.min(deviceMemoryGiB * 32, 256) * 1024 * 1024; // a 32nd of a GiB is 32 MiB
}

/**
 * Stores a complete response the browser already holds (a background fetch's), and checks it.
 * The response goes to the cache as it is, so Chromium copies it inside the browser without
 * passing a byte through JavaScript (streaming it through a TransformStream took 2–3× as long).
 * The SHA-256, when the catalog gives one, is taken from a clone at the same time. The stored
 * copy's size is checked too. A failure may leave a copy under the attempt's own key: the caller
 * deletes it through mediaCopies.ts before the record says Failed (reconciliation never trusts
 * an unverified copy: see reconcileDownloads.ts).
 */
export async function storeFetchedEpisode(caches: CacheStorage, expected: ExpectedBytes, response: Response): Promise<StoreResult> {
  try {
    return await storeAndCheck(caches, expected, response);
  } catch (error) {
    // Whatever else went wrong (the cache unavailable, a read failing): a clear failure with
    // Retry, never a download left saying "downloading" with no event to come.
    return { ok: false, failure: { reason: 'could-not-store', detail: error instanceof Error ? error.message : String(error) } };
  }
}

async function storeAndCheck(caches: CacheStorage, expected: ExpectedBytes, response: Response): Promise<StoreResult> {
  const cache = await caches.open(MEDIA_CACHE);
  // With a digest to check, a clone is hashed while the cache copies the response. Chromium clones
  // a body the browser holds as a blob into two blob readers (no tee buffering in memory).
  // `then` passes the blob alone: the bound is the worker's own (sha256Of's default).
  const digesting = expected.sha256 ? response.clone().blob().then(sha256Of) : undefined;
  digesting?.catch(() => undefined); // awaited below, unless storing fails first
  try {
    await cache.put(expected.cacheKey, response);
  } catch (error) {
    return { ok: false, failure: putFailure(error, expected) };
  }
  const storedBytes = (await (await cache.match(expected.cacheKey))?.blob())?.size ?? 0;
  let failure: DownloadFailure | undefined;
  if (storedBytes !== expected.expectedBytes) failure = sizeMismatch(storedBytes, expected.expectedBytes);
  else if (digesting) {
    const digest = await digesting;
    if (digest !== expected.sha256) failure = { reason: 'hash-mismatch', detail: `SHA-256 ${digest}, expected ${expected.sha256}` };
  }
  if (failure) return { ok: false, failure };
  return { ok: true, storedBytes };
}

/**
 * How long a read of the body may bring nothing before it counts as stalled. Chromium's byte
 * stream of a background fetch's body has stopped for good part-way (28 MiB into 500 MiB, 2 stores
 * in about 60, the cache's copy of the same body complete: docs/background-fetch-in-chromium.md);
 * a local read that brings no byte for this long is not going to.
 */
export const STALLED_READ_MS = 10_000;
/** Fresh streams tried after stalls before the store fails (with Retry) rather than hang. */
const STALLS_ALLOWED = 3;
/**
 * The slowest whole read waited for, in bytes a millisecond (10 MB/s; 200 MB read back in
 * 160–316 ms here: README, Performance): `arrayBuffer()` says nothing until it has every byte, so
 * a body that stopped part-way is left, past this, for the stream, which finds where.
 */
const WHOLE_READ_BYTES_PER_MS = 10_000;

/**
 * A body's SHA-256. Within the limit, whole with WebCrypto: decided on the bytes there are (the
 * blob's size, what `arrayBuffer()` allocates), not the catalog's figure, so a body larger than
 * it says is never taken whole. Above it, streamed: read into one reused megabyte (BYOB, where a
 * blob's stream is a byte stream) it allocates nothing per chunk (garbage left per chunk grows
 * the browser's memory by much of the episode's size: README, Performance: P7). A stream that
 * stalls is left, and the rest is read from a fresh one where it stopped (`blob.slice`).
 */
export async function sha256Of(
  blob: Blob,
  // In bytes: from the device's memory as the browser gives it (`navigator.deviceMemory`, a worker's too).
  wholeBodyLimit = wholeBodyDigestLimit((globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory),
  stalledReadMs = STALLED_READ_MS,
): Promise<string> {
  if (blob.size <= wholeBodyLimit) {
    try {
      const whole = await within(blob.arrayBuffer(), stalledReadMs + blob.size / WHOLE_READ_BYTES_PER_MS);
      if (whole) return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', whole)));
    } catch {
      // No WebCrypto (outside a secure context), or no memory for the body after all (the
      // allocation refused): streaming needs a megabyte.
    }
  }
  const hash = await createSHA256(); // the compiled module is kept for the next episode
  let at = 0;
  for (let stalls = 0; ; stalls += 1) {
    const part = await hashStream(at === 0 ? blob : blob.slice(at), hash, stalledReadMs);
    at += part.bytes;
    if (!part.stalled) return hash.digest('hex');
    if (stalls === STALLS_ALLOWED) throw new Error(`reading the episode back stalled at byte ${at} of ${blob.size}`);
  }
}

/** What `promise` gives within `ms`, else undefined (the promise is left to settle unheard). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  promise.catch(() => undefined);
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Feeds a blob's stream to the hash until it ends, or until a read brings nothing for `stalledReadMs`. */
async function hashStream(blob: Blob, hash: { update(data: Uint8Array): unknown }, stalledReadMs: number): Promise<{ bytes: number; stalled: boolean }> {
  let reader: ReadableStreamBYOBReader | ReadableStreamDefaultReader<Uint8Array>;
  let byob = true;
  try {
    reader = blob.stream().getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream (older Chromium): read one as it comes.
    reader = blob.stream().getReader();
    byob = false;
  }
  // A fresh megabyte per stream: a stalled read keeps the one it was handed.
  let buffer = new ArrayBuffer(1024 * 1024);
  let bytes = 0;
  for (;;) {
    const reading = byob ? (reader as ReadableStreamBYOBReader).read(new Uint8Array(buffer)) : (reader as ReadableStreamDefaultReader<Uint8Array>).read();
    const next = await within(reading, stalledReadMs);
    if (next === undefined) {
      reader.cancel().catch(() => undefined); // not awaited: a stalled stream may not answer that either
      return { bytes, stalled: true };
    }
    if (next.done || !next.value) return { bytes, stalled: false };
    hash.update(next.value);
    bytes += next.value.byteLength;
    if (byob) buffer = next.value.buffer as ArrayBuffer; // the same memory, handed back
  }
}
