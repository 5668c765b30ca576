import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MEDIA_CACHE } from '../../../src/core/cacheNames.ts';
import { sha256Of, storeFetchedEpisode } from '../../../sw/storeFetchedEpisode.ts';
import { patternBytes } from '../fakes.ts';

const body = patternBytes(10_000);
const digest = createHash('sha256').update(body).digest('hex');
const url = 'https://episodes.test/media/ep';

/** A cache that keeps bodies as Blobs and answers match() from them, as Cache Storage does. */
function blobCaches(): { caches: CacheStorage; stored: Map<string, Blob> } {
  const stored = new Map<string, Blob>();
  const cache = {
    async put(url: string, response: Response) {
      stored.set(url, await response.blob());
    },
    async match(url: string) {
      const blob = stored.get(url);
      return blob && new Response(blob);
    },
    async delete(url: string) {
      return stored.delete(url);
    },
  };
  return { caches: { open: async () => cache } as unknown as CacheStorage, stored };
}

describe('storing a background-fetched episode', () => {
  it('keeps it when size and SHA-256 match', async () => {
    const { caches, stored } = blobCaches();
    const result = await storeFetchedEpisode(caches, { cacheKey: url, expectedBytes: body.length, sha256: digest }, new Response(body));
    expect(result).toEqual({ ok: true, storedBytes: body.length });
    expect(new Uint8Array(await stored.get(url)!.arrayBuffer())).toEqual(body);
  });

  // The handler then deletes the attempt's copy before the record says Failed (backgroundFetchHandlers.test.ts).
  it('refuses a copy with one wrong byte, or the wrong size', async () => {
    const corrupt = body.slice();
    corrupt[10] = (corrupt[10] ?? 0) ^ 1;
    for (const [bytes, reason] of [
      [corrupt, 'hash-mismatch'],
      [body.slice(0, 5000), 'size-mismatch'],
    ] as const) {
      const { caches } = blobCaches();
      const result = await storeFetchedEpisode(caches, { cacheKey: url, expectedBytes: body.length, sha256: digest }, new Response(bytes));
      expect(result).toMatchObject({ ok: false, failure: { reason } });
    }
  });

  it('ends in a clear failure when the stored copy cannot be read back', async () => {
    const { caches } = blobCaches();
    const cache = await caches.open(MEDIA_CACHE);
    cache.match = () => Promise.reject(new DOMException('The cache is gone', 'UnknownError'));
    const result = await storeFetchedEpisode(caches, { cacheKey: url, expectedBytes: body.length }, new Response(body));
    expect(result).toEqual({ ok: false, failure: { reason: 'could-not-store', detail: 'The cache is gone' } });
  });
});

describe('hashing in WebAssembly', () => {
  it('gives the SHA-256 of a byte stream read a megabyte at a time, and of a plain stream', async () => {
    const big = patternBytes(3 * 1024 * 1024 + 17);
    const expected = createHash('sha256').update(big).digest('hex');
    expect(await sha256Of(new Blob([big]).stream())).toBe(expected);
    const pieces = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < big.length; at += 100_000) controller.enqueue(big.slice(at, at + 100_000));
        controller.close();
      },
    });
    expect(await sha256Of(pieces)).toBe(expected);
  });
});
