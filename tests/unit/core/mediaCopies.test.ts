import { beforeEach, describe, expect, it } from 'vitest';
import { CAPTIONS_CACHE, MEDIA_CACHE } from '../../../src/core/cacheNames.ts';
import { copyKeyOf } from '../../../src/core/copyKeys.ts';
import type { AppDB } from '../../../src/core/db.ts';
import type { DownloadRecord, EpisodeToDownload } from '../../../src/core/downloadState.ts';
import { applyDownloadEvent } from '../../../src/core/downloadEvents.ts';
import { anyCopyOf, deleteCaptionsOf, deleteMediaCopy, recordsWithoutCopy, storedCopyFor } from '../../../src/core/mediaCopies.ts';
import { episodeToDownload, freshDb, memoryCaches, patternBytes, putRecord, type MemoryCaches } from '../fakes.ts';

let db: AppDB;
let memory: MemoryCaches;
const shared = 'https://episodes.test/media/shared';
const captions = [{ url: 'https://episodes.test/captions/shared.vtt', lang: 'en', label: 'English' }];

beforeEach(async () => {
  db = await freshDb();
  memory = memoryCaches();
});

/** A downloaded record with its copy stored (under its own key, or, legacy, under the media URL). */
async function downloaded(id: string, bytes: Uint8Array, overrides: Partial<EpisodeToDownload> = {}, legacy = false): Promise<DownloadRecord> {
  const episode = episodeToDownload({ id, title: id, mediaUrl: shared, bytes: bytes.length, ...overrides });
  let record = await putRecord(
    db,
    { type: 'start', downloadId: `bf-${id}`, episode, transport: 'background-fetch', at: 1 },
    { type: 'succeeded', downloadId: `bf-${id}`, storedBytes: bytes.length, at: 2 },
  );
  if (legacy) {
    // A record of the shared-key era: no copyKey, its bytes under the canonical URL.
    const { copyKey: _copyKey, ...old } = record;
    record = old;
    await db.put('downloads', record);
  }
  await (await memory.caches.open(MEDIA_CACHE)).put(copyKeyOf(record), new Response(bytes.slice()));
  return record;
}

describe('who owns a media copy', () => {
  it('gives two episodes with one media URL a copy each: deleting one keeps the other', async () => {
    const first = await downloaded('first', patternBytes(100, 1));
    const rerun = await downloaded('rerun', patternBytes(100, 2));
    expect(copyKeyOf(first)).not.toBe(copyKeyOf(rerun));
    await db.delete('downloads', 'first');
    expect(await deleteMediaCopy(db, memory.caches, copyKeyOf(first))).toBe(true);
    expect(memory.bytes(MEDIA_CACHE, copyKeyOf(rerun))).toEqual(patternBytes(100, 2));
    expect(memory.bytes(MEDIA_CACHE, copyKeyOf(first))).toBeUndefined();
  });

  it('never deletes a copy that a record says is downloaded, even when asked to', async () => {
    const record = await downloaded('ep', patternBytes(100));
    expect(await deleteMediaCopy(db, memory.caches, copyKeyOf(record))).toBe(false);
    expect(memory.bytes(MEDIA_CACHE, copyKeyOf(record))).toEqual(patternBytes(100));
  });

  it('keeps a legacy shared copy while any record still holds it', async () => {
    await downloaded('old-1', patternBytes(100), {}, true);
    await downloaded('old-2', patternBytes(100), {}, true);
    await db.delete('downloads', 'old-1');
    expect(await deleteMediaCopy(db, memory.caches, shared)).toBe(false);
    expect(memory.bytes(MEDIA_CACHE, shared)).toEqual(patternBytes(100));
    await db.delete('downloads', 'old-2');
    expect(await deleteMediaCopy(db, memory.caches, shared)).toBe(true);
    expect(memory.bytes(MEDIA_CACHE, shared)).toBeUndefined();
  });

  it('keeps captions another episode still lists', async () => {
    const first = await downloaded('first', patternBytes(10), { captions });
    await downloaded('second', patternBytes(10), { captions });
    await (await memory.caches.open(CAPTIONS_CACHE)).put(captions[0]!.url, new Response('WEBVTT'));
    await db.delete('downloads', 'first');
    await deleteCaptionsOf(db, memory.caches, first);
    expect(memory.bytes(CAPTIONS_CACHE, captions[0]!.url)).toBeDefined();
    await db.delete('downloads', 'second');
    await deleteCaptionsOf(db, memory.caches, first);
    expect(memory.bytes(CAPTIONS_CACHE, captions[0]!.url)).toBeUndefined();
  });

  it('plays a canonical URL from whichever downloaded record holds it, legacy or not', async () => {
    await downloaded('new', patternBytes(50, 3), { mediaUrl: 'https://episodes.test/media/new' });
    await downloaded('old', patternBytes(60, 4), { mediaUrl: 'https://episodes.test/media/old' }, true);
    const bytesOf = async (url: string) => new Uint8Array(await (await storedCopyFor(db, memory.caches, url))!.arrayBuffer());
    expect(await bytesOf('https://episodes.test/media/new')).toEqual(patternBytes(50, 3));
    expect(await bytesOf('https://episodes.test/media/old')).toEqual(patternBytes(60, 4));
    expect(await storedCopyFor(db, memory.caches, 'https://episodes.test/media/none')).toBeUndefined();
  });

  it('finds the downloaded records whose copy the browser removed, and only those', async () => {
    const kept = await downloaded('kept', patternBytes(10));
    const evicted = await downloaded('evicted', patternBytes(10));
    await (await memory.caches.open(MEDIA_CACHE)).delete(copyKeyOf(evicted));
    expect((await recordsWithoutCopy(db, memory.caches)).map((record) => record.episodeId)).toEqual(['evicted']);
    expect(kept.state).toBe('downloaded');
  });

  it('finds an evicted copy a change of quality keeps, named by the kept download (its lost event drops it)', async () => {
    const old = await downloaded('changing', patternBytes(10));
    await applyDownloadEvent(db, 'changing', { type: 'start', downloadId: 'bf-hd', episode: episodeToDownload({ id: 'changing', mediaUrl: `${shared}.720p` }), transport: 'background-fetch', replace: true, at: 3 });
    expect(await recordsWithoutCopy(db, memory.caches)).toEqual([]);
    await (await memory.caches.open(MEDIA_CACHE)).delete(copyKeyOf(old));
    const lost = await recordsWithoutCopy(db, memory.caches);
    expect(lost.map((record) => [record.episodeId, record.downloadId])).toEqual([['changing', old.downloadId]]);
    await applyDownloadEvent(db, 'changing', { type: 'lost', downloadId: lost[0]!.downloadId, at: 4 });
    expect(await db.get('downloads', 'changing')).toMatchObject({ state: 'downloading', downloadId: 'bf-hd' });
    expect(await db.get('downloads', 'changing')).not.toHaveProperty('previous');
  });

  it('finds a copy by its key alone, for a worker that cannot read the records', async () => {
    await downloaded('new', patternBytes(50, 5), { mediaUrl: 'https://episodes.test/media/new?v=2' });
    await downloaded('old', patternBytes(60, 6), { mediaUrl: 'https://episodes.test/media/old' }, true);
    const bytesOf = async (url: string) => new Uint8Array(await (await anyCopyOf(memory.caches, url))!.arrayBuffer());
    expect(await bytesOf('https://episodes.test/media/new?v=2')).toEqual(patternBytes(50, 5));
    expect(await bytesOf('https://episodes.test/media/old')).toEqual(patternBytes(60, 6));
    expect(await anyCopyOf(memory.caches, 'https://episodes.test/media/new')).toBeUndefined();
  });
});
