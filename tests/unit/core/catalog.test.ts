import { describe, expect, it } from 'vitest';
import { CatalogChecker, CatalogError, catalogEntries, parseCatalog, type CatalogContext } from '../../../src/core/catalog.ts';

const context: CatalogContext = {
  catalogUrl: 'https://episodes.test/api/catalog.json',
  allowedOrigins: ['https://episodes.test', 'https://media.episodes.test'],
};
const good = {
  id: 'ep1',
  title: ' First ',
  description: 'About it',
  durationSeconds: 20,
  bytes: 1000,
  mediaUrl: '/media/ep1',
  artworkUrl: '/artwork/ep1.jpg',
};

/** Parses a catalog of `good` followed by one variant, and returns why the variant was skipped. */
function whySkipped(variant: unknown): string | undefined {
  const { episodes, skipped } = parseCatalog({ episodes: [good, variant] }, context);
  expect(episodes.map((episode) => episode.id)).toEqual(['ep1']);
  return skipped[0]?.replace(/^Episode 2: /, '');
}

describe('catalog parsing', () => {
  it('resolves URLs against the catalog and trims titles', () => {
    const { episodes, skipped } = parseCatalog({ episodes: [good] }, context);
    expect(skipped).toEqual([]);
    expect(episodes).toEqual([
      { ...good, title: 'First', mediaUrl: 'https://episodes.test/media/ep1', artworkUrl: 'https://episodes.test/artwork/ep1.jpg' },
    ]);
  });

  it('keeps subscribersOnly, and skips an entry whose subscribersOnly is not a boolean', () => {
    const { episodes } = parseCatalog({ episodes: [{ ...good, subscribersOnly: true }] }, context);
    expect(episodes[0]?.subscribersOnly).toBe(true);
    expect(whySkipped({ ...good, id: 'ep2', subscribersOnly: 'yes' })).toBe('invalid subscribersOnly');
  });

  it('keeps captions that are well formed and on an allowed origin, and drops the others (not the episode)', () => {
    const captions = [
      { lang: 'en', label: 'English', url: '/captions/ep1.en.vtt' },
      { lang: 'pt-BR', label: ' Português ', url: 'https://media.episodes.test/ep1.pt.vtt' },
      { lang: 'de', label: 'Deutsch', url: 'javascript:alert(1)' },
      { lang: 'fr', label: 'Français', url: 'https://evil.test/ep1.fr.vtt' },
      { lang: 'not a language', label: 'X', url: '/x.vtt' },
      { lang: 'es', label: '', url: '/es.vtt' },
      { lang: 'en', label: 'English again', url: '/captions/other.vtt' },
      'nonsense',
    ];
    const { episodes, skipped } = parseCatalog({ episodes: [{ ...good, captions }] }, context);
    expect(skipped).toEqual([]);
    expect(episodes[0]?.captions).toEqual([
      { lang: 'en', label: 'English', url: 'https://episodes.test/captions/ep1.en.vtt' },
      { lang: 'pt-BR', label: 'Português', url: 'https://media.episodes.test/ep1.pt.vtt' },
    ]);
    expect(parseCatalog({ episodes: [good] }, context).episodes[0]).not.toHaveProperty('captions');
    expect(whySkipped({ ...good, id: 'ep2', captions: 'en.vtt' })).toBe('invalid captions');
  });

  it('gives the artwork’s widths as a srcset: each well formed and on an allowed origin, one per width; the others dropped (not the episode)', () => {
    const artwork = [
      { url: '/artwork/ep1-160w.jpg', width: 160 },
      { url: 'https://media.episodes.test/ep1-320w.jpg', width: 320 },
      { url: '/artwork/ep1-160w-again.jpg', width: 160 },
      { url: 'javascript:alert(1)', width: 240 },
      { url: 'https://evil.test/ep1-480w.jpg', width: 480 },
      { url: '/artwork/ep1-fractional.jpg', width: 200.5 },
      { url: '/artwork/ep1-zero.jpg', width: 0 },
      { url: '/artwork/ep1-huge.jpg', width: 100_000 },
      { url: '/artwork/ep1-a b.jpg', width: 640 },
      { url: '/artwork/ep1-no-width.jpg' },
      'nonsense',
    ];
    const { episodes, skipped } = parseCatalog({ episodes: [{ ...good, artwork }] }, context);
    expect(skipped).toEqual([]);
    expect(episodes[0]?.artworkUrl).toBe('https://episodes.test/artwork/ep1.jpg');
    // URLs are serialised (a space is %20): a srcset's candidates stay apart.
    expect(episodes[0]?.artworkSrcset).toBe(
      'https://episodes.test/artwork/ep1-160w.jpg 160w, https://media.episodes.test/ep1-320w.jpg 320w, https://episodes.test/artwork/ep1-a%20b.jpg 640w',
    );
    expect(parseCatalog({ episodes: [good] }, context).episodes[0]).not.toHaveProperty('artworkSrcset');
    expect(parseCatalog({ episodes: [{ ...good, artwork: [artwork[3]] }] }, context).episodes[0]).not.toHaveProperty('artworkSrcset');
    expect(whySkipped({ ...good, id: 'ep2', artwork: '/artwork/ep2.jpg' })).toBe('invalid artwork');
    expect(whySkipped({ ...good, id: 'ep2', artwork: Array.from({ length: 21 }, (_, i) => ({ url: `/a${i}.jpg`, width: i + 1 })) })).toBe('more than 20 artwork widths');
  });

  it('skips entries with wrong types or missing fields, each with a reason', () => {
    expect(whySkipped('nonsense')).toBe('not an object');
    expect(whySkipped([good])).toBe('not an object');
    expect(whySkipped({ ...good, id: 'ep2', title: 42 })).toBe('missing title');
    expect(whySkipped({ ...good, id: 'ep2', title: '   ' })).toBe('missing title');
    const { title: _title, ...untitled } = good;
    expect(whySkipped({ ...untitled, id: 'ep2' })).toBe('missing title');
    expect(whySkipped({ ...good, id: 'ep2', bytes: '1000' })).toBe('invalid size');
    expect(whySkipped({ ...good, id: 'ep2', durationSeconds: null })).toBe('invalid duration');
    expect(whySkipped({ ...good, id: '../../etc' })).toBe('missing or invalid id');
    expect(whySkipped({ ...good, id: 'ep2', mediaUrl: undefined })).toBe('invalid media URL');
  });

  it('a missing size or duration is "not known" (0), as feeds often leave them out', () => {
    const { bytes: _bytes, durationSeconds: _duration, ...bare } = good;
    const { episodes } = parseCatalog({ episodes: [{ ...bare, id: 'ep2' }, { ...good, id: 'ep3', bytes: 0, durationSeconds: 0 }] }, context);
    expect(episodes.map((e) => [e.id, e.bytes, e.durationSeconds])).toEqual([
      ['ep2', 0, 0],
      ['ep3', 0, 0],
    ]);
  });

  it('skips negative, fractional and huge sizes', () => {
    expect(whySkipped({ ...good, id: 'ep2', bytes: -5 })).toBe('invalid size');
    expect(whySkipped({ ...good, id: 'ep2', bytes: 1.5 })).toBe('invalid size');
    expect(whySkipped({ ...good, id: 'ep2', bytes: 1e300 })).toBe('invalid size');
    expect(whySkipped({ ...good, id: 'ep2', bytes: 65 * 1024 ** 3 })).toBe('invalid size (over 64 GB)');
    expect(whySkipped({ ...good, id: 'ep2', durationSeconds: Infinity })).toBe('invalid duration');
  });

  it('skips media that is not http(s) on an allowed origin, and drops such artwork', () => {
    expect(whySkipped({ ...good, id: 'ep2', mediaUrl: 'javascript:alert(1)' })).toBe('invalid media URL');
    expect(whySkipped({ ...good, id: 'ep2', mediaUrl: 'data:video/webm;base64,AAAA' })).toBe('invalid media URL');
    expect(whySkipped({ ...good, id: 'ep2', mediaUrl: 'https://user:pw@episodes.test/media/x' })).toBe('invalid media URL');
    expect(whySkipped({ ...good, id: 'ep2', mediaUrl: 'https://evil.test/media/ep2' })).toBe(
      'media on an origin that is not allowed (https://evil.test)',
    );
    const { episodes } = parseCatalog(
      {
        episodes: [
          { ...good, id: 'cdn', mediaUrl: 'https://media.episodes.test/ep', artworkUrl: 'javascript:alert(1)' },
          { ...good, id: 'far', artworkUrl: 'https://evil.test/pixel.gif' },
          // Empty references resolve to the catalog itself: no artwork, no media.
          { ...good, id: 'none', artworkUrl: '' },
          { ...good, id: 'blank', artworkUrl: '  ' },
        ],
      },
      context,
    );
    expect(episodes.map((e) => [e.id, e.mediaUrl, e.artworkUrl])).toEqual([
      ['cdn', 'https://media.episodes.test/ep', ''],
      ['far', 'https://episodes.test/media/ep1', ''],
      ['none', 'https://episodes.test/media/ep1', ''],
      ['blank', 'https://episodes.test/media/ep1', ''],
    ]);
    expect(whySkipped({ ...good, id: 'ep2', mediaUrl: '' })).toBe('invalid media URL');
  });

  it('keeps markup in titles as plain text (the UI renders text, never HTML)', () => {
    const title = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const { episodes } = parseCatalog({ episodes: [{ ...good, title }] }, context);
    expect(episodes[0]?.title).toBe(title);
  });

  it('keeps a SHA-256 in lowercase and skips an entry whose SHA-256 is malformed', () => {
    const digest = 'AB'.repeat(32);
    const { episodes, skipped } = parseCatalog(
      { episodes: [{ ...good, sha256: digest }, { ...good, id: 'ep2', sha256: 'abc' }, { ...good, id: 'ep3', sha256: 7 }] },
      context,
    );
    expect(episodes.map((e) => [e.id, e.sha256])).toEqual([['ep1', digest.toLowerCase()]]);
    expect(skipped).toEqual(['Episode 2: invalid sha256', 'Episode 3: invalid sha256']);
  });

  it('skips a repeated id, keeping the first', () => {
    expect(whySkipped({ ...good, title: 'Again' })).toBe('the id "ep1" is used twice');
  });

  it('rejects a document that is not a catalog', () => {
    for (const document of [{ items: [] }, null, [], 'episodes', { episodes: 'all' }]) {
      expect(() => parseCatalog(document, context)).toThrow(CatalogError);
    }
    expect(() => parseCatalog({ items: [] }, context)).toThrow('it is not in the expected format (no "episodes" list)');
  });

  it('checked a slice at a time, gives what one pass gives: repeats and numbering across slices included', () => {
    const document = {
      episodes: [good, { ...good, id: 'ep2' }, { ...good, id: 'ep3', bytes: -1 }, { ...good, id: 'ep2', title: 'Again' }, { ...good, id: 'ep5' }],
    };
    const checker = new CatalogChecker(catalogEntries(document), context);
    const seenPerSlice: number[] = [];
    while (!checker.done) {
      checker.check(2);
      seenPerSlice.push(checker.episodes.length + checker.skipped.length);
    }
    expect(seenPerSlice).toEqual([2, 4, 5]);
    expect({ episodes: checker.episodes, skipped: checker.skipped }).toEqual(parseCatalog(document, context));
    expect(checker.skipped).toEqual(['Episode 3: invalid size', 'Episode 4: the id "ep2" is used twice']);
  });
});
