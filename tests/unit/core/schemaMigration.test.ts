import { openDB } from 'idb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Episode } from '../../../src/core/catalog.ts';
import { DB_NAME, DB_VERSION, downloadsIn, loadCatalog, loadPlaybackPositions, openAppDb, preferencesStore } from '../../../src/core/db.ts';
import { loadPreferences } from '../../../src/player/preferences.ts';
import type { DownloadRecord } from '../../../src/core/downloadState.ts';
import { useFreshIndexedDb } from '../fakes.ts';

const episode = (id: string): Episode => ({
  id,
  title: `Episode ${id}`,
  description: '',
  durationSeconds: 60,
  bytes: 1000,
  mediaUrl: `https://episodes.test/media/${id}`,
  artworkUrl: '',
});

const downloaded: DownloadRecord = {
  episodeId: 'b',
  downloadId: 'bf-1',
  state: 'downloaded',
  mediaUrl: 'https://episodes.test/media/b',
  expectedBytes: 1000,
  title: 'Episode b',
  automaticRetries: 0,
  createdAt: 1,
  updatedAt: 2,
  storedBytes: 1000,
};
const downloading: DownloadRecord = { ...downloaded, episodeId: 'c', downloadId: 'bf-2', state: 'downloading', storedBytes: undefined };

/** A database as schema 2 wrote it: the catalog one row per episode, with its position. */
async function writeV2Database(): Promise<void> {
  const v2 = await openDB(DB_NAME, 2, {
    upgrade(db) {
      db.createObjectStore('episodes', { keyPath: 'id' });
      db.createObjectStore('downloads', { keyPath: 'episodeId' }).createIndex('byDownloadId', 'downloadId', { unique: true });
      db.createObjectStore('partials', { keyPath: 'episodeId' });
      db.createObjectStore('chunks', { keyPath: ['episodeId', 'offset'] });
    },
  });
  // Stored out of catalog order: the key order (id) is not the catalog's.
  for (const [position, id] of ['c', 'a', 'b'].entries()) await v2.put('episodes', { ...episode(id), position });
  await v2.put('downloads', downloaded);
  await v2.put('downloads', downloading);
  v2.close();
}

describe('schema v2 → v4', () => {
  beforeEach(useFreshIndexedDb);

  it('moves the saved catalog into one record, in catalog order, and keeps every download', async () => {
    await writeV2Database();
    const db = await openAppDb();
    expect(db.version).toBe(4);
    expect(await loadPlaybackPositions(db)).toEqual([]); // v4: positions start empty, preferences at defaults
    expect(await loadPreferences(preferencesStore(db))).toEqual({ rate: 1 });
    expect(await loadCatalog(db)).toEqual({ episodes: [episode('c'), episode('a'), episode('b')], skipped: [] });
    expect([...db.objectStoreNames]).not.toContain('episodes');
    expect(await db.getAll('downloads')).toEqual([downloaded, downloading]);
    expect(await downloadsIn(db, 'downloading')).toEqual([downloading]); // the new index covers old records
    expect(await db.getFromIndex('downloads', 'byDownloadId', 'bf-1')).toEqual(downloaded);
  });

  it('starts a new database empty, with no catalog', async () => {
    const db = await openAppDb();
    expect(await loadCatalog(db)).toBeUndefined();
    expect(await db.count('downloads')).toBe(0);
  });

  it('lets go of an open connection when a newer version asks, and tells the caller', async () => {
    let told = 0;
    const db = await openAppDb({ onBlocking: () => told++ });
    const newer = await openDB(DB_NAME, 5);
    expect(told).toBe(1);
    expect(newer.version).toBe(5);
    expect(() => db.transaction('downloads')).toThrow(); // closed, so it never blocks the upgrade
    newer.close();
  });
});

/** A database as schema 1 wrote it: the catalog one row per episode, downloads by id. */
async function writeV1Database(): Promise<void> {
  const v1 = await openDB(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('episodes', { keyPath: 'id' });
      db.createObjectStore('downloads', { keyPath: 'episodeId' }).createIndex('byDownloadId', 'downloadId', { unique: true });
    },
  });
  for (const [position, id] of ['b', 'a'].entries()) await v1.put('episodes', { ...episode(id), position });
  await v1.put('downloads', downloaded);
  await v1.put('downloads', downloading);
  v1.close();
}

const partial = { episodeId: 'c', mediaUrl: 'https://episodes.test/media/c', contentType: 'video/webm', storedBytes: 3 };
const chunk = { episodeId: 'c', offset: 0, data: new Uint8Array([7, 8, 9]).buffer };

/** A database as schema 3 wrote it: the catalog in one record, downloads indexed by state. */
async function writeV3Database(): Promise<void> {
  const v3 = await openDB(DB_NAME, 3, {
    upgrade(db) {
      const downloads = db.createObjectStore('downloads', { keyPath: 'episodeId' });
      downloads.createIndex('byDownloadId', 'downloadId', { unique: true });
      downloads.createIndex('byState', 'state');
      db.createObjectStore('partials', { keyPath: 'episodeId' });
      db.createObjectStore('chunks', { keyPath: ['episodeId', 'offset'] });
      db.createObjectStore('catalog');
    },
  });
  await v3.put('catalog', { episodes: [episode('b'), episode('a')], skipped: ['entry 3: no media'], etag: '"v3"' }, 'current');
  await v3.put('downloads', downloaded);
  await v3.put('downloads', downloading);
  await v3.put('partials', partial);
  await v3.put('chunks', chunk);
  v3.close();
}

describe('schema v1 → v4 and v3 → v4', () => {
  beforeEach(useFreshIndexedDb);

  it('from v1: the catalog moves into one record in catalog order, downloads are kept and indexed by state', async () => {
    await writeV1Database();
    const db = await openAppDb();
    expect(db.version).toBe(DB_VERSION);
    expect(await loadCatalog(db)).toEqual({ episodes: [episode('b'), episode('a')], skipped: [] });
    expect(await db.getAll('downloads')).toEqual([downloaded, downloading]);
    expect(await downloadsIn(db, 'downloading')).toEqual([downloading]);
    expect(await db.count('partials')).toBe(0);
    expect(await loadPlaybackPositions(db)).toEqual([]);
  });

  it('from v3: the catalog, downloads and a partial in-page download are kept as they were', async () => {
    await writeV3Database();
    const db = await openAppDb();
    expect(db.version).toBe(DB_VERSION);
    expect(await loadCatalog(db)).toEqual({ episodes: [episode('b'), episode('a')], skipped: ['entry 3: no media'], etag: '"v3"' });
    expect(await db.getAll('downloads')).toEqual([downloaded, downloading]);
    expect(await downloadsIn(db, 'downloaded')).toEqual([downloaded]);
    expect(await db.get('partials', 'c')).toEqual(partial);
    expect(new Uint8Array((await db.get('chunks', ['c', 0]))!.data)).toEqual(new Uint8Array([7, 8, 9]));
    expect(await loadPreferences(preferencesStore(db))).toEqual({ rate: 1 });
  });
});

describe('an upgrade that does not complete', () => {
  beforeEach(useFreshIndexedDb);

  it('aborted midway (the tab closes during it): fails saying so, the v3 library is untouched', async () => {
    await writeV3Database();
    abortNextUpgrade();
    await expect(openAppDb()).rejects.toThrow('The saved library (schema v3) could not be upgraded to v4; it is kept as it was. AbortError');
    const v3 = await openDB(DB_NAME);
    expect(v3.version).toBe(3);
    expect([...v3.objectStoreNames]).not.toContain('playback');
    expect(await v3.getAll('downloads')).toEqual([downloaded, downloading]);
    expect(await v3.get('catalog', 'current')).toMatchObject({ etag: '"v3"' });
    v3.close();
    // The next start upgrades the same data.
    const db = await openAppDb();
    expect(await db.get('partials', 'c')).toEqual(partial);
  });

  it('an empty v1 database (as a versionless open makes one) fails to upgrade and is left at v1, saying a store is missing', async () => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(DB_NAME);
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
    await expect(openAppDb()).rejects.toThrow(/^The saved library \(schema v1\) could not be upgraded to v4; it is kept as it was\. NotFoundError: /);
    const left = await openDB(DB_NAME);
    expect(left.version).toBe(1);
    expect([...left.objectStoreNames]).toEqual([]);
    left.close();
  });
});

/** Aborts the next upgrade transaction once the app's upgrade code has run, as a closing tab would. */
function abortNextUpgrade(): void {
  const factory = globalThis.indexedDB;
  const open = factory.open.bind(factory);
  vi.spyOn(factory, 'open').mockImplementationOnce((name: string, version?: number) => {
    const request = open(name, version);
    // Listeners run in the order added: this one after idb's, which the caller adds next.
    queueMicrotask(() => request.addEventListener('upgradeneeded', () => request.transaction!.abort()));
    return request;
  });
}
