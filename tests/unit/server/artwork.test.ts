import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { imageWidth } from '../../../server/artworkFiles.ts';
import { demoEpisodes } from '../../../server/demoCatalog.ts';
import { startEpisodeServer, type EpisodeServer } from '../../../server/episodeServer.ts';

const picture = join(import.meta.dirname, '../../../server/artwork/ep1-service-workers.jpg');

describe('a picture’s width, from its header', () => {
  it('reads JPEG and PNG, and nothing else', async () => {
    expect(imageWidth(await readFile(picture))).toBe(426);
    expect(imageWidth(await readFile(join(import.meta.dirname, '../../../public/icon-192.png')))).toBe(192);
    expect(imageWidth(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(imageWidth(Buffer.from([0xff, 0xd8, 0xff]))).toBeUndefined();
  });
});

describe('the demo’s artwork', () => {
  let server: EpisodeServer;
  beforeAll(async () => {
    server = await startEpisodeServer({ demo: true, episodes: demoEpisodes.slice(0, 1) });
  });
  afterAll(() => server.close());

  it('the catalog names a hashed URL and every width, each drawn at that width and cached for a year', async () => {
    const { episodes } = (await (await fetch(`${server.origin}/api/catalog.json`)).json()) as { episodes: { artworkUrl: string; artwork: { url: string; width: number }[] }[] };
    const [{ artworkUrl, artwork }] = episodes as [(typeof episodes)[0]];
    expect(artworkUrl).toMatch(/^\/artwork\/ep1-service-workers\.[0-9a-f]{10}\.jpg$/);
    expect(artwork.map(({ width }) => width)).toEqual([160, 240, 320, 426]);
    expect(artwork.at(-1)?.url).toBe(artworkUrl);
    for (const { url, width } of artwork) {
      const answer = await fetch(new URL(url, server.origin));
      expect(answer.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable');
      expect(answer.headers.get('content-type')).toBe('image/jpeg');
      expect(imageWidth(Buffer.from(await answer.arrayBuffer())), url).toBe(width);
    }
    const full = Buffer.from(await (await fetch(new URL(artworkUrl, server.origin))).arrayBuffer());
    expect(full.equals(await readFile(picture))).toBe(true);
  });

  it('still serves the picture’s own name (saved pages and records), revalidated; 304 for its ETag; nothing else', async () => {
    const plain = await fetch(`${server.origin}/artwork/ep1-service-workers.jpg`);
    expect(plain.headers.get('cache-control')).toBe('no-cache');
    expect(Buffer.from(await plain.arrayBuffer()).equals(await readFile(picture))).toBe(true);
    const again = await fetch(`${server.origin}/artwork/ep1-service-workers.jpg`, { headers: { 'if-none-match': plain.headers.get('etag')! } });
    expect(again.status).toBe(304);
    for (const path of ['/artwork/nope.jpg', '/artwork/ep1-service-workers.0000000000.jpg', '/artwork/..%2Fdemo.rss', '/artwork/']) {
      expect((await fetch(`${server.origin}${path}`)).status, path).toBe(404);
    }
  });
});

describe('the demo’s artwork on a machine without ffmpeg', () => {
  const saved = { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR };
  let temporary: string;
  beforeAll(async () => {
    temporary = await mkdtemp(join(tmpdir(), 'artwork-no-ffmpeg-'));
  });
  afterAll(async () => {
    Object.assign(process.env, saved);
    vi.resetModules();
    await rm(temporary, { recursive: true });
  });

  it('offers each picture at its own size only, and says why', async () => {
    // Nothing scaled before (an empty temporary folder) and no ffmpeg to scale with.
    Object.assign(process.env, { PATH: temporary, TMPDIR: temporary });
    vi.resetModules();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { prepareArtwork } = await import('../../../server/artworkFiles.ts');
    const artwork = await prepareArtwork();
    const urls = artwork.urls('ep1-service-workers.jpg');
    expect(urls?.widths).toEqual([{ url: urls?.url, width: 426 }]);
    expect(artwork.file(urls!.url.replace('/artwork/', ''))?.immutable).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ffmpeg'));
    warn.mockRestore();
  });
});
