// SHA-256 in WebAssembly (hash-wasm): several times the speed of the JavaScript one the page
// uses (README, Performance: P1).
// The worker's script is served with 'wasm-unsafe-eval' in its policy; the pages' policy allows no WebAssembly.
import { createSHA256 } from 'hash-wasm';
import { MEDIA_CACHE } from '../src/core/cacheNames.ts';
import type { DownloadFailure } from '../src/core/downloadState.ts';
import { putFailure, sizeMismatch, type ExpectedBytes, type StoreResult } from '../src/core/storeResult.ts';

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
  const hashing = expected.sha256 ? response.clone().blob().then((blob) => sha256Of(blob.stream())) : undefined;
  hashing?.catch(() => undefined); // awaited below, unless storing fails first
  try {
    await cache.put(expected.cacheKey, response);
  } catch (error) {
    return { ok: false, failure: putFailure(error, expected) };
  }
  const storedBytes = (await (await cache.match(expected.cacheKey))?.blob())?.size ?? 0;
  let failure: DownloadFailure | undefined;
  if (storedBytes !== expected.expectedBytes) failure = sizeMismatch(storedBytes, expected.expectedBytes);
  else if (hashing) {
    const digest = await hashing;
    if (digest !== expected.sha256) failure = { reason: 'hash-mismatch', detail: `SHA-256 ${digest}, expected ${expected.sha256}` };
  }
  if (failure) return { ok: false, failure };
  return { ok: true, storedBytes };
}

/**
 * Hashes a stream. A blob's stream is a byte stream: read into one reused megabyte (BYOB) it
 * allocates nothing per chunk (garbage left per chunk grows the browser's memory by much of the
 * episode's size: README, Performance: P7).
 */
export async function sha256Of(stream: ReadableStream<Uint8Array>): Promise<string> {
  const hash = await createSHA256(); // the compiled module is kept for the next episode
  let reader: ReadableStreamBYOBReader | undefined;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream: read it as it comes.
  }
  if (!reader) {
    const plain = stream.getReader();
    for (let next = await plain.read(); !next.done; next = await plain.read()) hash.update(next.value);
    return hash.digest('hex');
  }
  let buffer = new ArrayBuffer(1024 * 1024);
  for (;;) {
    const { done, value } = await reader.read(new Uint8Array(buffer));
    if (done || !value) break;
    hash.update(value);
    buffer = value.buffer as ArrayBuffer; // the same memory, handed back
  }
  return hash.digest('hex');
}
