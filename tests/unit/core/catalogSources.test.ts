import { describe, expect, it } from 'vitest';
import { parseCatalog, type CatalogContext } from '../../../src/core/catalog.ts';

const context: CatalogContext = {
  catalogUrl: 'https://episodes.test/api/catalog.json',
  allowedOrigins: ['https://episodes.test', 'https://media.episodes.test'],
};
const base = { id: 'ep1', title: 'First', artworkUrl: '/a.jpg' };
const digest = 'ab'.repeat(32);
const sources = [
  { url: '/media/ep1-360.mp4', type: 'video/mp4', width: 640, height: 360, bitrate: 800_000, size: 2_000_000, label: 'SD' },
  { url: 'https://media.episodes.test/ep1-720.mp4', type: 'Video/MP4; codecs="avc1.64001F"', height: 720, size: 6_000_000, sha256: digest.toUpperCase(), isDefault: true },
  { url: '/media/ep1-1080.mp4', type: 'video/mp4', height: 1080 },
];

describe('the app’s JSON: sources beside mediaUrl', () => {
  it('mediaUrl stays the file (and bytes, type, hash stay its); the sources are listed, URLs resolved, types’ names in lowercase', () => {
    const { episodes, skipped } = parseCatalog({ episodes: [{ ...base, mediaUrl: '/media/ep1-360.mp4', bytes: 2_000_000, sources }] }, context);
    expect(skipped).toEqual([]);
    expect(episodes[0]).toMatchObject({ mediaUrl: 'https://episodes.test/media/ep1-360.mp4', bytes: 2_000_000 });
    expect(episodes[0]).not.toHaveProperty('sha256');
    expect(episodes[0]?.sources).toEqual([
      { url: 'https://episodes.test/media/ep1-360.mp4', type: 'video/mp4', width: 640, height: 360, bitrate: 800_000, size: 2_000_000, label: 'SD' },
      { url: 'https://media.episodes.test/ep1-720.mp4', type: 'video/mp4; codecs="avc1.64001F"', height: 720, size: 6_000_000, sha256: digest, isDefault: true },
      { url: 'https://episodes.test/media/ep1-1080.mp4', type: 'video/mp4', height: 1080 },
    ]);
  });

  it('a mediaUrl the sources leave out is listed first, described by the entry’s own fields', () => {
    const { episodes } = parseCatalog({ episodes: [{ ...base, mediaUrl: '/media/ep1.webm', mediaType: 'video/webm', bytes: 900, sha256: digest, sources: sources.slice(0, 1) }] }, context);
    expect(episodes[0]?.mediaUrl).toBe('https://episodes.test/media/ep1.webm');
    expect(episodes[0]?.sources?.map((source) => source.url)).toEqual(['https://episodes.test/media/ep1.webm', 'https://episodes.test/media/ep1-360.mp4']);
    expect(episodes[0]?.sources?.[0]).toEqual({ url: 'https://episodes.test/media/ep1.webm', type: 'video/webm', size: 900, sha256: digest });
  });

  it('without mediaUrl, the isDefault source is the file (else the first), and size, type and hash are that source’s', () => {
    const { episodes } = parseCatalog({ episodes: [{ ...base, bytes: 1, sources }, { ...base, id: 'ep2', sources: [sources[2], sources[0]] }] }, context);
    expect(episodes[0]).toMatchObject({ mediaUrl: 'https://media.episodes.test/ep1-720.mp4', bytes: 6_000_000, mediaType: 'video/mp4', sha256: digest });
    expect(episodes[1]).toMatchObject({ mediaUrl: 'https://episodes.test/media/ep1-1080.mp4', bytes: 0, mediaType: 'video/mp4' });
    expect(episodes[1]).not.toHaveProperty('sha256');
  });

  it('a bad source is dropped with a notice naming it; the episode stays while any passes', () => {
    const bad = [
      sources[0],
      { url: 'javascript:alert(1)', type: 'video/mp4' },
      { url: 'https://evil.test/ep1.mp4', type: 'video/mp4' },
      { url: '/hls/ep1.m3u8', type: 'application/x-mpegURL' },
      { url: '/x.mp4', type: 'video/mp4', height: 720.5 },
      { url: '/y.mp4', type: 'video/mp4', size: '6000000' },
      { url: '/z.mp4', type: 'video/mp4', sha256: 'abc' },
      { url: '/w.mp4', type: 'video/mp4', label: '   ' },
      { type: 'video/mp4' },
      'nonsense',
      sources[0],
    ];
    const { episodes, skipped } = parseCatalog({ episodes: [{ ...base, mediaUrl: '/media/ep1-360.mp4', sources: bad }] }, context);
    expect(episodes[0]?.sources).toHaveLength(1);
    expect(skipped).toEqual([
      'Episode 1, source 2: invalid media URL',
      'Episode 1, source 3: media on an origin that is not allowed (https://evil.test)',
      'Episode 1, source 4: invalid media type',
      'Episode 1, source 5: invalid height',
      'Episode 1, source 6: invalid size',
      'Episode 1, source 7: invalid sha256',
      'Episode 1, source 8: invalid label',
      'Episode 1, source 9: invalid media URL',
      'Episode 1, source 10: not an object',
    ]);
  });

  it('a bad mediaUrl with a good source: the source is the file and the mediaUrl gets the notice', () => {
    const { episodes, skipped } = parseCatalog({ episodes: [{ ...base, mediaUrl: 'https://evil.test/ep1.mp4', bytes: 5, sha256: digest, sources: [sources[2]] }] }, context);
    expect(episodes[0]).toMatchObject({ mediaUrl: 'https://episodes.test/media/ep1-1080.mp4', bytes: 0 });
    // The entry's size and hash were the refused file's: they are not carried over.
    expect(episodes[0]).not.toHaveProperty('sha256');
    expect(skipped).toEqual(['Episode 1, mediaUrl: media on an origin that is not allowed (https://evil.test)']);
  });

  it('an entry none of whose files passes is skipped, saying why', () => {
    const { episodes, skipped } = parseCatalog(
      {
        episodes: [
          { ...base, id: 'one', sources: [{ url: 'javascript:x', type: 'video/mp4' }] },
          { ...base, id: 'two', mediaUrl: 'https://evil.test/a.mp4', sources: [{ url: '/a.m3u8', type: 'application/vnd.apple.mpegurl' }] },
          { ...base, id: 'none', sources: [] },
          { ...base, id: 'many', mediaUrl: '/m.mp4', sources: Array.from({ length: 21 }, (_, index) => ({ url: `/m${index}.mp4`, type: 'video/mp4' })) },
          { ...base, id: 'kind', mediaUrl: '/m.mp4', sources: 'all of them' },
        ],
      },
      context,
    );
    expect(episodes).toEqual([]);
    expect(skipped).toEqual([
      'Episode 1: source 1: invalid media URL',
      'Episode 2: no source passed the checks (mediaUrl: media on an origin that is not allowed (https://evil.test); source 1: invalid media type)',
      'Episode 3: invalid media URL',
      'Episode 4: more than 20 sources',
      'Episode 5: invalid sources',
    ]);
  });

  it('an entry with mediaUrl alone is what it always was: no sources', () => {
    const { episodes } = parseCatalog({ episodes: [{ ...base, mediaUrl: '/m.mp4' }, { ...base, id: 'ep2', mediaUrl: '/m.mp4', sources: [] }] }, context);
    for (const episode of episodes) expect(episode).not.toHaveProperty('sources');
  });
});
