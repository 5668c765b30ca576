import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MEDIA_CACHE } from '../../../src/core/cacheNames.ts';
import type { ExpectedBytes } from '../../../src/core/storeResult.ts';
import { storeEpisode } from '../../../src/downloads/storeEpisode.ts';

/** Cache Storage as far as storeEpisode uses it: put reads the whole body, and commits only if it could. */
function memoryCaches(): { caches: CacheStorage; stored: Map<string, Uint8Array> } {
  const stored = new Map<string, Uint8Array>();
  const cache = {
    async put(url: string, response: Response) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      stored.set(url, bytes);
    },
  };
  const caches = {
    async open(name: string) {
      if (name !== MEDIA_CACHE) throw new Error(`unexpected cache ${name}`);
      return cache;
    },
  } as unknown as CacheStorage;
  return { caches, stored };
}

function streamOf(bytes: Uint8Array, pieces = 4): ReadableStream<Uint8Array> {
  const size = Math.ceil(bytes.length / pieces);
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += size) controller.enqueue(bytes.slice(at, at + size));
      controller.close();
    },
  });
}

const body = new Uint8Array(10_000).map((_, i) => (i * 7) & 255);
const digest = createHash('sha256').update(body).digest('hex');
const url = 'https://episodes.test/media/ep';

describe('storing an episode', () => {
  it('stores exact bytes under the canonical URL when size and SHA-256 match', async () => {
    const { caches, stored } = memoryCaches();
    const result = await storeEpisode(caches, { cacheKey: url, expectedBytes: body.length, sha256: digest }, streamOf(body), new Headers());
    expect(result).toEqual({ ok: true, storedBytes: body.length });
    expect(stored.get(url)).toEqual(body);
  });

  it('stores nothing when one byte is wrong, and calls it a hash mismatch', async () => {
    const { caches, stored } = memoryCaches();
    const corrupt = body.slice();
    corrupt[5000] = (corrupt[5000] ?? 0) ^ 0xff;
    const result = await storeEpisode(caches, { cacheKey: url, expectedBytes: body.length, sha256: digest }, streamOf(corrupt), new Headers());
    expect(result).toMatchObject({ ok: false, failure: { reason: 'hash-mismatch' } });
    expect(stored.size).toBe(0);
  });

  it('stores nothing when the size is short or long, hash or no hash', async () => {
    const withHash: ExpectedBytes = { cacheKey: url, expectedBytes: body.length, sha256: digest };
    const noHash: ExpectedBytes = { cacheKey: url, expectedBytes: body.length };
    for (const expected of [withHash, noHash]) {
      for (const [bytes, detail] of [
        [body.slice(0, 9_999), '9999 bytes, expected 10000'],
        [new Uint8Array([...body, 1]), '10001 bytes, expected 10000'],
      ] as const) {
        const { caches, stored } = memoryCaches();
        const result = await storeEpisode(caches, expected, streamOf(bytes), new Headers());
        expect(result, `${expected.sha256 ? 'with' : 'without'} a hash, ${bytes.length} bytes`).toEqual({
          ok: false,
          failure: { reason: 'size-mismatch', detail },
        });
        expect(stored.size).toBe(0);
      }
    }
  });

  it('stores exact bytes when the catalog gives no hash', async () => {
    const { caches, stored } = memoryCaches();
    const result = await storeEpisode(caches, { cacheKey: url, expectedBytes: body.length }, streamOf(body), new Headers());
    expect(result).toEqual({ ok: true, storedBytes: body.length });
    expect(stored.get(url)).toEqual(body);
  });
});
