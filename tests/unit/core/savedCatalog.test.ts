import { beforeEach, describe, expect, it } from 'vitest';
import type { Episode } from '../../../src/core/catalog.ts';
import { CATALOG_HEAD_LENGTH, loadCatalog, loadCatalogHead, openAppDb, saveCatalog } from '../../../src/core/db.ts';
import { useFreshIndexedDb } from '../fakes.ts';

const episode = (index: number): Episode => ({
  id: `ep-${index}`,
  title: `Episode ${index}`,
  description: '',
  durationSeconds: 60,
  bytes: 1000,
  mediaUrl: `https://episodes.test/media/${index}`,
  artworkUrl: '',
});
const episodes = (count: number) => Array.from({ length: count }, (_, index) => episode(index));

describe("the saved catalog's first screen", () => {
  beforeEach(useFreshIndexedDb);

  it('is saved with the catalog: its first episodes in catalog order, replaced by the next save', async () => {
    const db = await openAppDb();
    expect(await loadCatalogHead(db)).toBeUndefined();
    await saveCatalog(db, { episodes: episodes(1000), skipped: ['entry 7: no media'], etag: '"v1"' });
    expect((await loadCatalogHead(db))?.map((saved) => saved.id)).toEqual(episodes(CATALOG_HEAD_LENGTH).map((saved) => saved.id));
    expect((await loadCatalog(db))?.episodes).toHaveLength(1000);

    await saveCatalog(db, { episodes: [episode(5), episode(2)], skipped: [] });
    expect(await loadCatalogHead(db)).toEqual([episode(5), episode(2)]);
  });

  it('is absent for a catalog an earlier version saved (the app reads the whole one then)', async () => {
    const db = await openAppDb();
    await db.put('catalog', { episodes: episodes(3), skipped: [] }, 'current');
    expect(await loadCatalogHead(db)).toBeUndefined();
  });
});
