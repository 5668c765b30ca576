// @stablelib/sha256 rather than @noble/hashes: 2.1× faster in Chromium (146 vs 70 MB/s, bench
// notes in the README) and smaller (1.8 vs 2.3 kB gzip).
import { SHA256 } from '@stablelib/sha256';
import { MEDIA_CACHE } from './cacheNames.ts';
import type { DownloadFailure } from './downloadState.ts';

/** What must be true of the bytes before an episode counts as downloaded. */
export interface ExpectedBytes {
  /** Canonical URL: the Cache Storage key, whatever URL the bytes came from. */
  mediaUrl: string;
  expectedBytes: number;
  /** Lowercase hex SHA-256, when the catalog gives one. */
  sha256?: string;
}

export type StoreResult = { ok: true; storedBytes: number } | { ok: false; failure: DownloadFailure };

/** Thrown inside the stream so that `cache.put` rejects and commits nothing. */
class VerificationError extends Error {
  constructor(failure: DownloadFailure) {
    super(`${failure.reason}: ${failure.detail ?? ''}`);
  }
}

/**
 * Streams an episode's body into the media cache under its canonical URL, counting and hashing
 * every chunk on the way. The check runs before the stream closes: a wrong size or digest errors
 * the stream, so `cache.put` rejects and the cache never holds a corrupt episode, not even
 * briefly. Nothing here holds more than one chunk in memory.
 *
 * Shared by both transports: the service worker's backgroundfetchsuccess and the in-page download.
 */
export async function storeEpisode(
  caches: CacheStorage,
  expected: ExpectedBytes,
  body: ReadableStream<Uint8Array>,
  headers: Headers,
): Promise<StoreResult> {
  let storedBytes = 0;
  // Kept here as well as thrown: cache.put may reject with its own error for an errored body.
  let rejected: DownloadFailure | undefined;
  const reject = (failure: DownloadFailure): VerificationError => {
    rejected = failure;
    return new VerificationError(failure);
  };
  const hash = expected.sha256 ? new SHA256() : undefined;
  const verify = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      storedBytes += chunk.byteLength;
      // Past the expected size already: stop now rather than store the excess.
      if (storedBytes > expected.expectedBytes) throw reject(sizeMismatch(storedBytes, expected.expectedBytes));
      hash?.update(chunk);
      controller.enqueue(chunk);
    },
    flush() {
      if (storedBytes !== expected.expectedBytes) throw reject(sizeMismatch(storedBytes, expected.expectedBytes));
      const digest = hash && toHex(hash.digest());
      if (digest && digest !== expected.sha256) {
        throw reject({ reason: 'hash-mismatch', detail: `SHA-256 ${digest}, expected ${expected.sha256}` });
      }
    },
  });
  const stored = new Headers(headers);
  // A fresh, complete 200: no Content-Range or redirect flag from however the bytes arrived.
  stored.delete('Content-Range');
  stored.set('Content-Length', String(expected.expectedBytes));
  const cache = await caches.open(MEDIA_CACHE);
  try {
    await cache.put(expected.mediaUrl, new Response(body.pipeThrough(verify), { status: 200, headers: stored }));
    return { ok: true, storedBytes };
  } catch (error) {
    return { ok: false, failure: rejected ?? putFailure(error, expected) };
  }
}

/**
 * Stores a complete response the browser already holds (a background fetch's), and checks it.
 * The response goes to the cache as it is, so Chromium copies it inside the browser without
 * passing a byte through JavaScript (streaming it through a TransformStream took 2–3× as long).
 * The SHA-256, when the catalog gives one, is taken from a clone at the same time: it is the one
 * cost the reference does not pay (~1.4 s for 200 MB here, bench P1). The stored copy's size is
 * checked too. A mismatch deletes the copy before the record can say Downloaded (reconciliation
 * never trusts an unverified copy: see reconcileDownloads.ts).
 */
export async function storeFetchedEpisode(caches: CacheStorage, expected: ExpectedBytes, response: Response): Promise<StoreResult> {
  try {
    return await storeAndCheck(caches, expected, response);
  } catch (error) {
    // Whatever else went wrong (the cache unavailable, a read failing): a clear failure with
    // Retry, never a download left saying "downloading" with no event to come.
    await (await caches.open(MEDIA_CACHE)).delete(expected.mediaUrl).catch(() => false);
    return { ok: false, failure: { reason: 'could-not-store', detail: error instanceof Error ? error.message : String(error) } };
  }
}

async function storeAndCheck(caches: CacheStorage, expected: ExpectedBytes, response: Response): Promise<StoreResult> {
  const cache = await caches.open(MEDIA_CACHE);
  // With a digest to check, a clone is hashed while the cache copies the response. Chromium clones
  // a body the browser holds as a blob into two blob readers (no tee buffering in memory: bench P7).
  const hashing = expected.sha256 ? response.clone().blob().then((blob) => sha256Of(blob.stream())) : undefined;
  hashing?.catch(() => undefined); // awaited below, unless storing fails first
  try {
    await cache.put(expected.mediaUrl, response);
  } catch (error) {
    return { ok: false, failure: putFailure(error, expected) };
  }
  const storedBytes = (await (await cache.match(expected.mediaUrl))?.blob())?.size ?? 0;
  let failure: DownloadFailure | undefined;
  if (storedBytes !== expected.expectedBytes) failure = sizeMismatch(storedBytes, expected.expectedBytes);
  else if (hashing) {
    const digest = await hashing;
    if (digest !== expected.sha256) failure = { reason: 'hash-mismatch', detail: `SHA-256 ${digest}, expected ${expected.sha256}` };
  }
  if (failure) {
    await cache.delete(expected.mediaUrl);
    return { ok: false, failure };
  }
  return { ok: true, storedBytes };
}

/**
 * Hashes a stream. A blob's stream is a byte stream: read into one reused megabyte (BYOB) it
 * allocates nothing per chunk. Chunk by chunk instead, the garbage grew the browser's memory by
 * 270 MB while a 500 MB episode was hashed (bench P7).
 */
async function sha256Of(stream: ReadableStream<Uint8Array>): Promise<string> {
  const hash = new SHA256();
  let reader: ReadableStreamBYOBReader | undefined;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream: read it as it comes.
  }
  if (!reader) {
    const plain = stream.getReader();
    for (let next = await plain.read(); !next.done; next = await plain.read()) hash.update(next.value);
    return toHex(hash.digest());
  }
  let buffer = new ArrayBuffer(1024 * 1024);
  for (;;) {
    const { done, value } = await reader.read(new Uint8Array(buffer));
    if (done || !value) break;
    hash.update(value);
    buffer = value.buffer as ArrayBuffer; // the same memory, handed back
  }
  return toHex(hash.digest());
}

/** Why `cache.put` refused: the browser's quota, or the body failing on the way. */
function putFailure(error: unknown, expected: ExpectedBytes): DownloadFailure {
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return { reason: 'quota-exceeded', neededBytes: expected.expectedBytes };
  }
  return { reason: 'fetch-error', detail: error instanceof Error ? error.message : String(error) };
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function sizeMismatch(stored: number, expected: number): DownloadFailure {
  return { reason: 'size-mismatch', detail: `${stored} bytes, expected ${expected}` };
}
