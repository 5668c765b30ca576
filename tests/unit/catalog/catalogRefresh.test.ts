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
