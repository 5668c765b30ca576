import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { MEDIA_CACHE } from '../../../src/core/cacheNames.ts';
import { sha256Of, STALLED_READ_MS, storeFetchedEpisode, wholeBodyDigestLimit } from '../../../sw/storeFetchedEpisode.ts';
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

const MiB = 1024 * 1024;

/** A blob whose stream is not a byte stream (as in older Chromium): a fresh one at each call. */
function plainStreamBlob(bytes: Uint8Array): Blob {
  const stream = () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 100_000) controller.enqueue(bytes.slice(at, at + 100_000));
        controller.close();
      },
    });
  return { size: bytes.length, stream } as unknown as Blob;
}

/** Stores with a given device memory, WebCrypto's digest watched: whether the body was hashed whole. */
async function storeWith(deviceMemory: number | undefined, bytes: Uint8Array<ArrayBuffer>, sha256: string) {
  vi.stubGlobal('navigator', { deviceMemory });
  const digested = vi.spyOn(crypto.subtle, 'digest');
  try {
    const result = await storeFetchedEpisode(blobCaches().caches, { cacheKey: url, expectedBytes: bytes.length, sha256 }, new Response(bytes));
    return { result, hashedWhole: digested.mock.calls.length > 0 };
  } finally {
    digested.mockRestore();
    vi.unstubAllGlobals();
  }
}

describe('hashing in WebAssembly', () => {
  it('gives the SHA-256 of a byte stream read a megabyte at a time, and of a plain stream', async () => {
    const big = patternBytes(3 * MiB + 17);
    const expected = createHash('sha256').update(big).digest('hex');
    expect(await sha256Of(new Blob([big]), 0)).toBe(expected);
    expect(await sha256Of(plainStreamBlob(big), 0)).toBe(expected);
  });
});

describe('hashing whole or streamed', () => {
  it('takes a 32nd of the device memory as the bound, at most 256 MiB, and 32 MiB when the browser gives no figure', () => {
    expect(wholeBodyDigestLimit(0.25)).toBe(8 * MiB);
    expect(wholeBodyDigestLimit(2)).toBe(64 * MiB);
    expect(wholeBodyDigestLimit(4)).toBe(128 * MiB);
    expect(wholeBodyDigestLimit(8)).toBe(256 * MiB);
    expect(wholeBodyDigestLimit(16)).toBe(256 * MiB); // Chromium's cap, whatever the machine has
    expect(wholeBodyDigestLimit(undefined)).toBe(32 * MiB);
    // A figure that is no size holds nothing whole: every body streams.
    for (const nonsense of [0, -1, Number.NaN]) expect(wholeBodyDigestLimit(nonsense) >= 1, `${nonsense}`).toBe(false);
  });

  it('hashes a body at or under the bound whole with WebCrypto, and streams one byte above it', async () => {
    const bytes = patternBytes(2 * MiB + 5, 7);
    const expected = createHash('sha256').update(bytes).digest('hex');
    const digested = vi.spyOn(crypto.subtle, 'digest');
    try {
      expect(await sha256Of(new Blob([bytes]), bytes.length)).toBe(expected);
      expect(digested).toHaveBeenCalledOnce();
      expect((digested.mock.calls[0]?.[1] as ArrayBuffer).byteLength).toBe(bytes.length);
      digested.mockClear();
      expect(await sha256Of(new Blob([bytes]), bytes.length - 1)).toBe(expected);
      expect(digested).not.toHaveBeenCalled();
    } finally {
      digested.mockRestore();
    }
  });

  it('streams when WebCrypto refuses (none, or no memory for the whole body)', async () => {
    const bytes = patternBytes(MiB + 3, 1);
    const expected = createHash('sha256').update(bytes).digest('hex');
    const refused = vi.spyOn(crypto.subtle, 'digest').mockRejectedValue(new RangeError('Array buffer allocation failed'));
    try {
      expect(await sha256Of(new Blob([bytes]), Infinity)).toBe(expected);
      expect(refused).toHaveBeenCalledOnce();
    } finally {
      refused.mockRestore();
    }
  });

  it('gives the same hex digest both ways for the same bytes', async () => {
    // Bytes that vary with their offset (three seeds, lengths off the megabyte), never zeros.
    for (const [length, seed] of [
      [1, 3],
      [MiB - 1, 0],
      [3 * MiB + 17, 11],
    ] as const) {
      const bytes = patternBytes(length, seed);
      const whole = await sha256Of(new Blob([bytes]), length);
      expect(whole).toMatch(/^[0-9a-f]{64}$/);
      expect(await sha256Of(new Blob([bytes]), length - 1)).toBe(whole);
      expect(await sha256Of(plainStreamBlob(bytes), 0)).toBe(whole);
      expect(whole).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it("decides while storing, from the worker's navigator.deviceMemory: whole under the bound, streamed above it, a wrong byte refused either way", async () => {
    // 0.25 GiB (the least Chromium reports) allows 8 MiB whole; no figure, 32 MiB.
    const bytes = patternBytes(8 * MiB + 1, 5);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const corrupt = bytes.slice();
    corrupt[8 * MiB] = (corrupt[8 * MiB] ?? 0) ^ 1;
    const stored = { ok: true, storedBytes: bytes.length };
    const refused = { ok: false, failure: { reason: 'hash-mismatch' } };
    expect(await storeWith(0.25, bytes, sha256)).toEqual({ result: stored, hashedWhole: false });
    expect(await storeWith(0.25, corrupt, sha256)).toMatchObject({ result: refused, hashedWhole: false });
    expect(await storeWith(undefined, bytes, sha256)).toEqual({ result: stored, hashedWhole: true });
    expect(await storeWith(undefined, corrupt, sha256)).toMatchObject({ result: refused, hashedWhole: true });
  });
});

/**
 * A blob over `bytes` whose byte stream stops for good (a pull that never returns) when it reaches
 * one of `stallAt`; each offset stalls once, shared with its slices, which start where asked.
 */
function stallingBlob(bytes: Uint8Array, stallAt: number[]): Blob {
  const stalls = new Set(stallAt);
  const from = (start: number): Blob =>
    ({
      size: bytes.length - start,
      slice: (offset: number) => from(start + offset),
      stream: () => {
        let at = start;
        return new ReadableStream({
          type: 'bytes',
          pull(controller) {
            if (stalls.delete(at)) return new Promise<void>(() => {}); // never answers
            if (at >= bytes.length) {
              controller.close();
              controller.byobRequest?.respond(0);
              return;
            }
            const end = Math.min(bytes.length, at + 100_000, ...[...stalls].filter((stall) => stall > at));
            controller.enqueue(bytes.slice(at, end));
            at = end;
          },
        });
      },
    }) as unknown as Blob;
  return from(0);
}

describe('a stream of the body that stalls', () => {
  it('is left after the stall bound, and the rest is read from a fresh stream where it stopped: the right SHA-256', async () => {
    const bytes = patternBytes(3 * MiB + 17, 9);
    const expected = createHash('sha256').update(bytes).digest('hex');
    // Two stalls, off chunk and megabyte boundaries.
    expect(await sha256Of(stallingBlob(bytes, [1_234_567, 2_500_001]), 0, 20)).toBe(expected);
  });

  it('read whole, one that never ends is left for the stream past its bound: the right SHA-256, no hang', async () => {
    const bytes = patternBytes(300_000, 5);
    const expected = createHash('sha256').update(bytes).digest('hex');
    const blob = Object.assign(stallingBlob(bytes, []), { arrayBuffer: () => new Promise<ArrayBuffer>(() => {}) });
    // Under the whole-body limit: arrayBuffer() is asked first, and waited for 20 ms + 30 ms (its size at 10 MB/s).
    expect(await sha256Of(blob, Infinity, 20)).toBe(expected);
  });

  it('that keeps stalling fails the store with a clear reason (Retry), never a download left saving', async () => {
    const bytes = patternBytes(2 * MiB, 4);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await expect(sha256Of(stallingBlob(bytes, [100_000, 200_000, 300_000, 400_000]), 0, 20)).rejects.toThrow('reading the episode back stalled at byte 400000 of 2097152');
    // Stored as the worker stores it: its clone read through such a stream, the bound its own.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const response = new Response(bytes);
      const stalling = stallingBlob(bytes, [0, 1, 2, 3].map((n) => n * 100_000));
      response.clone = () => ({ blob: async () => stalling }) as unknown as Response;
      vi.stubGlobal('navigator', { deviceMemory: 0 }); // a figure that holds nothing whole: it streams
      const storing = storeFetchedEpisode(blobCaches().caches, { cacheKey: url, expectedBytes: bytes.length, sha256 }, response);
      await vi.advanceTimersByTimeAsync(4 * STALLED_READ_MS + 100);
      expect(await storing).toEqual({ ok: false, failure: { reason: 'could-not-store', detail: 'reading the episode back stalled at byte 300000 of 2097152' } });
    } finally {
      vi.useRealTimers();
      vi.unstubAllGlobals();
    }
  });
});
