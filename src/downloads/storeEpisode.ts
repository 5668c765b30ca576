// In the page, JavaScript: its policy allows no WebAssembly (the worker hashes with hash-wasm,
// sw/storeFetchedEpisode.ts). @stablelib/sha256 is the fastest small one (README, Performance: P1).
import { SHA256 } from '@stablelib/sha256';
import { MEDIA_CACHE } from '../core/cacheNames.ts';
import type { DownloadFailure } from '../core/downloadState.ts';
import { putFailure, sizeMismatch, toHex, type ExpectedBytes, type StoreResult } from '../core/storeResult.ts';

/** Thrown inside the stream so that `cache.put` rejects and commits nothing. */
class VerificationError extends Error {
  constructor(failure: DownloadFailure) {
    super(`${failure.reason}: ${failure.detail ?? ''}`);
  }
}

/**
 * Streams an episode's body into the media cache under the attempt's key, counting and hashing
 * every chunk on the way. The check runs before the stream closes: a wrong size or digest errors
 * the stream, so `cache.put` rejects and the cache never holds a corrupt episode, not even
 * briefly. Nothing here holds more than one chunk in memory.
 *
 * The in-page download's way in; a background fetch's response goes in whole (sw/storeFetchedEpisode.ts).
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
    await cache.put(expected.cacheKey, new Response(body.pipeThrough(verify), { status: 200, headers: stored }));
    return { ok: true, storedBytes };
  } catch (error) {
    return { ok: false, failure: rejected ?? putFailure(error, expected) };
  }
}
