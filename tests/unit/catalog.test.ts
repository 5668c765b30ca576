import { describe, expect, it } from 'vitest';
import { CatalogError, parseCatalog } from '../../src/core/catalog.ts';

const base = 'https://episodes.test/api/catalog.json';
const good = {
  id: 'ep1',
  title: ' First ',
  description: 'About it',
  durationSeconds: 20,
  bytes: 1000,
  mediaUrl: '/media/ep1',
  artworkUrl: '/artwork/ep1.jpg',
};

describe('catalog parsing', () => {
  it('resolves URLs against the catalog and trims titles', () => {
    const { episodes, skipped } = parseCatalog({ episodes: [good] }, base);
    expect(skipped).toEqual([]);
    expect(episodes).toEqual([
      { ...good, title: 'First', mediaUrl: 'https://episodes.test/media/ep1', artworkUrl: 'https://episodes.test/artwork/ep1.jpg' },
    ]);
  });

  it('skips bad entries with a reason and keeps the good ones', () => {
    const { episodes, skipped } = parseCatalog(
      {
        episodes: [
          good,
          { ...good, id: 'ep2', bytes: -5 },
          { ...good, id: 'ep3', mediaUrl: 'javascript:alert(1)' },
          { ...good, id: 'ep4', title: 42 },
          'nonsense',
          { ...good },
        ],
      },
      base,
    );
    expect(episodes.map((e) => e.id)).toEqual(['ep1']);
    expect(skipped).toEqual([
      'Episode 2: invalid size',
      'Episode 3: invalid media URL',
      'Episode 4: missing title',
      'Episode 5: not an object',
      'Episode 6: the id "ep1" is used twice',
    ]);
  });

  it('keeps a SHA-256 in lowercase and skips an entry whose SHA-256 is malformed', () => {
    const digest = 'AB'.repeat(32);
    const { episodes, skipped } = parseCatalog(
      { episodes: [{ ...good, sha256: digest }, { ...good, id: 'ep2', sha256: 'abc' }, { ...good, id: 'ep3', sha256: 7 }] },
      base,
    );
    expect(episodes.map((e) => [e.id, e.sha256])).toEqual([['ep1', digest.toLowerCase()]]);
    expect(skipped).toEqual(['Episode 2: invalid sha256', 'Episode 3: invalid sha256']);
  });

  it('rejects a document that is not a catalog', () => {
    expect(() => parseCatalog({ items: [] }, base)).toThrow(CatalogError);
    expect(() => parseCatalog(null, base)).toThrow(CatalogError);
  });
});
