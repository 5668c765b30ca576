import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Episode } from '../../../src/core/catalog.ts';
import { DB_NAME, downloadsIn, loadCatalog, loadPlaybackPositions, openAppDb } from '../../../src/core/db.ts';
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
    expect(await loadPreferences(db)).toEqual({ rate: 1 });
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
