// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { MAX_CATALOG_BYTES } from '../../../src/catalog/catalogBody.ts';
import { refreshCatalog, type CatalogChecking } from '../../../src/catalog/catalogRefresh.ts';
import { loadCatalog, type AppDB } from '../../../src/core/db.ts';
import { freshDb } from '../fakes.ts';

const CATALOG_URL = 'https://site.example/catalog.json';
const loadChecker: CatalogChecking = () => import('../../../src/catalog/pageCatalogSource.ts');
const encode = (text: string) => new TextEncoder().encode(text);

function catalogJson(mediaUrl: string): string {
  return JSON.stringify({ episodes: [{ id: 'ep1', title: 'Episode one', durationSeconds: 60, bytes: 1000, mediaUrl, artworkUrl: '' }] });
}

/** Fetches the catalog as the app does, with the response given, and checks it against `mediaOrigins`. */
async function refresh(db: AppDB, response: Response, mediaOrigins: readonly string[], checker: CatalogChecking = loadChecker) {
  const update = await refreshCatalog(db, { url: CATALOG_URL, response: Promise.resolve(response) }, mediaOrigins, await loadCatalog(db), () => undefined, checker);
  await update.saved;
  return update;
}

describe('a catalog body past the size cap', () => {
  it('is refused with a notice as soon as it passes the cap, the rest never read, and the saved library kept', async () => {
    const db = await freshDb();
    await refresh(db, new Response(catalogJson('/media/ep1.mp4'), { headers: { ETag: '"v1"' } }), []);

    // A valid catalog (an empty list, padded with spaces) of the cap and more, sent a megabyte at a time.
    const megabyte = new Uint8Array(1_000_000).fill(0x20);
    const chunks = MAX_CATALOG_BYTES / megabyte.byteLength + 8;
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => controller.enqueue(encode('{"episodes": [')),
        pull(controller) {
          pulled += 1;
          if (pulled <= chunks) controller.enqueue(megabyte.slice());
          else {
            controller.enqueue(encode(']}'));
            controller.close();
          }
        },
        cancel: () => void (cancelled = true),
      },
      { highWaterMark: 0 },
    );
    await expect(refresh(db, new Response(body, { headers: { ETag: '"v2"' } }), [])).rejects.toThrow('it is larger than 32 MB');
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThanOrEqual(MAX_CATALOG_BYTES / megabyte.byteLength + 1);
    expect((await loadCatalog(db))?.episodes.map((episode) => episode.title)).toEqual(['Episode one']);
    expect((await loadCatalog(db))?.etag).toBe('"v1"');
  });
});

describe('an unchanged catalog (the same ETag) after config.json changed the media origins', () => {
  const catalog = catalogJson('https://cdn-a.example/ep1.mp4');
  const unchanged = () => new Response(catalog, { headers: { ETag: '"same"' } });

  it('is checked again: media on an origin no longer allowed is dropped with a notice', async () => {
    const db = await freshDb();
    expect((await refresh(db, unchanged(), ['https://cdn-a.example'])).episodes?.map((episode) => episode.mediaUrl)).toEqual(['https://cdn-a.example/ep1.mp4']);

    // config.json narrows mediaOrigins; the server's catalog is byte for byte the same.
    const narrowed = await refresh(db, unchanged(), ['https://cdn-b.example']);
    expect(narrowed.episodes).toEqual([]);
    expect(narrowed.skipped).toEqual(['Episode 1: media on an origin that is not allowed (https://cdn-a.example)']);
    expect(await loadCatalog(db)).toMatchObject({ episodes: [], etag: '"same"' });
  });

  it('with the same settings again, is neither checked nor written', async () => {
    const db = await freshDb();
    await refresh(db, unchanged(), ['https://cdn-a.example', 'https://cdn-b.example']);
    let checkerLoaded = false;
    const update = await refresh(db, unchanged(), ['https://cdn-b.example', 'https://cdn-a.example'], () => ((checkerLoaded = true), loadChecker()));
    expect(update.episodes).toBeUndefined();
    expect(checkerLoaded).toBe(false);
    expect((await loadCatalog(db))?.episodes).toHaveLength(1);
  });
});

describe('a first visit to a long catalog', () => {
  const entries = (count: number) =>
    Array.from({ length: count }, (_, index) => ({ id: `ep${index}`, title: `Episode ${index}`, durationSeconds: 60, bytes: 1000, mediaUrl: `/media/ep${index}.mp4`, artworkUrl: '' }));
  /** The body's first 100 KB, then the rest (or `ending` instead) once `more` is called. */
  function arriving(text: string, ending?: string) {
    let more!: () => void;
    const held = new Promise<void>((resolve) => (more = resolve));
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encode(text.slice(0, 100_000)));
        await held;
        controller.enqueue(encode(ending ?? text.slice(100_000)));
        controller.close();
      },
    });
    return { response: new Response(body, { headers: { ETag: '"long"' } }), more };
  }

  it('shows its first entries from the first bytes, before the rest has arrived, then all of it', async () => {
    const db = await freshDb();
    const text = JSON.stringify({ episodes: entries(2000) });
    const { response, more } = arriving(text);
    const shown: string[][] = [];
    const refreshing = refreshCatalog(db, { url: CATALOG_URL, response: Promise.resolve(response) }, [], undefined, (first) => {
      shown.push(first.map((episode) => episode.id));
      more();
    }, loadChecker);
    const update = await refreshing;
    expect(shown).toEqual([entries(48).map((entry) => entry.id)]);
    expect(update.episodes).toHaveLength(2000);
  });

  it('that turns out broken takes back what it showed, and says why', async () => {
    const db = await freshDb();
    const text = JSON.stringify({ episodes: entries(2000) });
    const { response, more } = arriving(text, '{"id": "cut off"');
    const shown: number[] = [];
    const refreshing = refreshCatalog(db, { url: CATALOG_URL, response: Promise.resolve(response) }, [], undefined, (first) => {
      shown.push(first.length);
      more();
    }, loadChecker);
    await expect(refreshing).rejects.toThrow('it is not valid JSON');
    expect(shown).toEqual([48, 0]);
    expect(await loadCatalog(db)).toBeUndefined();
  });
});
