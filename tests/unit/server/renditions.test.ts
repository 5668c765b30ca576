import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalog, type Episode } from '../../../src/core/catalog.ts';
import { chooseSource } from '../../../src/core/chooseSource.ts';
import { demoEpisodes } from '../../../server/demoCatalog.ts';
import { startTestServer, type TestServer } from '../../../server/testServer.ts';

// The first run on a machine encodes three renditions with ffmpeg (~7 s on two cores); later ones read them.
const ENCODING = 180_000;
const episodes = [demoEpisodes[0]!, demoEpisodes[3]!]; // service-workers, and long-download (its own file padded to 48 MB)

describe('the demo server’s renditions (npm start)', () => {
  let server: TestServer;
  let plain: TestServer;
  let catalog: { episodes: Record<string, unknown>[] };
  const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

  beforeAll(async () => {
    [server, plain] = await Promise.all([startTestServer({ demo: true, episodes, renditions: true }), startTestServer({ demo: true, episodes })]);
    catalog = (await (await fetch(`${server.origin}/api/catalog.json`)).json()) as typeof catalog;
  }, ENCODING);
  afterAll(async () => Promise.all([server?.close(), plain?.close()]));

  it('lists the episode’s own file and three H.264 renditions as sources, each with its real size, hash and codecs; mediaUrl is the same as without', async () => {
    const entry = catalog.episodes[0]!;
    expect(entry.mediaUrl).toBe('/media/service-workers');
    const sources = entry.sources as { url: string; type: string; width: number; height: number; size: number; sha256: string; bitrate: number; label: string }[];
    expect(sources.map(({ url, height, label }) => [url, height, label])).toEqual([
      ['/media/service-workers', 240, '240p'],
      ['/media/service-workers.360p.mp4', 360, '360p'],
      ['/media/service-workers.720p.mp4', 720, '720p'],
      ['/media/service-workers.1080p.mp4', 1080, '1080p'],
    ]);
    expect(sources[0]?.type).toBe('video/webm; codecs="vp9, opus"');
    for (const source of sources.slice(1)) expect(source.type).toMatch(/^video\/mp4; codecs="avc1\.[0-9a-f]{6}, mp4a\.40\.2"$/);
    for (const source of sources) {
      const name = decodeURIComponent(source.url.replace('/media/', ''));
      expect(source.size).toBe(server.mediaSize(name));
      expect(source.sha256).toBe(await sha256(server.mediaPath(name)));
      expect(source.bitrate).toBe(Math.round((source.size * 8) / 20));
    }
    // Sizes that differ, growing with the picture.
    const sizes = sources.slice(1).map((source) => source.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(sizes[2]! / sizes[0]!).toBeGreaterThan(3);
  });

  it('every source passes the app’s catalog check, and the rule picks 720p for Standard and 360p for Data saver', () => {
    const { episodes: checked, skipped } = parseCatalog(catalog, { catalogUrl: `${server.origin}/api/catalog.json`, allowedOrigins: [server.origin] });
    expect(skipped).toEqual([]);
    const [small, long] = checked as [Episode, Episode];
    expect(small.sources).toHaveLength(4);
    // The padded long one is there to be large: no renditions a few MB in size stand in for its 48 MB.
    expect(long.sources).toBeUndefined();
    expect(long.bytes).toBe(server.mediaSize('long-download'));
    expect(chooseSource(small.sources ?? [], 'standard')?.url).toBe(`${server.origin}/media/service-workers.720p.mp4`);
    expect(chooseSource(small.sources ?? [], 'best')?.url).toBe(`${server.origin}/media/service-workers.1080p.mp4`);
    // The episode's own 240p WebM is the fewest bytes.
    expect(chooseSource(small.sources ?? [], 'data-saver')?.url).toBe(`${server.origin}/media/service-workers`);
  });

  it('serves each rendition as it serves the episode: a signed redirect, then the bytes (ranges too) as video/mp4', async () => {
    const redirect = await fetch(`${server.origin}/media/service-workers.360p.mp4`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toMatch(/^\/cdn\/service-workers\.360p\.mp4\?expires=\d+&signature=[0-9a-f]{64}$/);
    const bytes = await fetch(`${server.origin}${redirect.headers.get('location')}`, { headers: { Range: 'bytes=0-7' } });
    expect(bytes.status).toBe(206);
    expect(bytes.headers.get('content-type')).toBe('video/mp4');
    expect(bytes.headers.get('content-range')).toBe(`bytes 0-7/${server.mediaSize('service-workers.360p.mp4')}`);
    // Unsigned, or signed for another file: refused, as the episode's own are.
    expect((await fetch(`${server.origin}/cdn/service-workers.360p.mp4`)).status).toBe(403);
    const other = redirect.headers.get('location')!.replace('360p', '1080p');
    expect((await fetch(`${server.origin}${other}`)).status).toBe(403);
    expect((await fetch(`${server.origin}/media/service-workers.480p.mp4`, { redirect: 'manual' })).status).toBe(404);
  });

  it('without renditions (the tests’ default) the catalog has none and serves none', async () => {
    const without = (await (await fetch(`${plain.origin}/api/catalog.json`)).json()) as typeof catalog;
    for (const entry of without.episodes) expect(entry).not.toHaveProperty('sources');
    expect((await fetch(`${plain.origin}/media/service-workers.360p.mp4`, { redirect: 'manual' })).status).toBe(404);
    // The episode's own file is the same either way.
    expect(plain.mediaSize('service-workers')).toBe(server.mediaSize('service-workers'));
  });
});
