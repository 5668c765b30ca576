import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chosenEncoding } from '../../../server/compression.ts';
import { demoEpisodes } from '../../../server/demoCatalog.ts';
import { startEpisodeServer, type EpisodeServer } from '../../../server/episodeServer.ts';
import { rawGet, type RawAnswer } from './rawRequest.ts';

describe('which encoding a request gets', () => {
  it('prefers brotli, then gzip, and honours q=0 and *', () => {
    expect(chosenEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chosenEncoding('gzip, deflate')).toBe('gzip');
    expect(chosenEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chosenEncoding('*')).toBe('br');
    expect(chosenEncoding('*, br;q=0')).toBe('gzip');
    expect(chosenEncoding('identity')).toBeUndefined();
    expect(chosenEncoding(undefined)).toBeUndefined();
  });
});

const get = rawGet;

const decoded = ({ headers, body }: RawAnswer) =>
  headers['content-encoding'] === 'br' ? brotliDecompressSync(body) : headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;

describe('the server’s text answers', () => {
  let dir: string;
  let server: EpisodeServer;
  let site: EpisodeServer;
  const feed = join(import.meta.dirname, '../../../server/feeds/demo.rss');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'compression-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>App</title>');
    server = await startEpisodeServer({ demo: true, episodes: demoEpisodes.slice(0, 3) });
    site = await startEpisodeServer({ demo: true, appDir: dir, episodes: [], site: { catalog: feed, name: 'The show' } });
  });
  afterAll(async () => {
    await Promise.all([server.close(), site.close()]);
    await rm(dir, { recursive: true });
  });

  it('sends the catalog gzip-encoded when asked, byte for byte the plain one once decoded, with its length and Vary', async () => {
    const plain = await get(`${server.origin}/api/catalog.json`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const gzip = await get(`${server.origin}/api/catalog.json`, { 'accept-encoding': 'gzip' });
    expect(gzip.status).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toBe('Accept-Encoding');
    expect(Number(gzip.headers['content-length'])).toBe(gzip.body.length);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 2);
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    const br = await get(`${server.origin}/api/catalog.json`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    // One ETag per representation, each its own 304.
    expect(new Set([plain.headers.etag, gzip.headers.etag, br.headers.etag]).size).toBe(3);
    const again = await get(`${server.origin}/api/catalog.json`, { 'accept-encoding': 'gzip', 'if-none-match': String(gzip.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(gzip.headers.etag);
    const otherTag = await get(`${server.origin}/api/catalog.json`, { 'accept-encoding': 'gzip', 'if-none-match': String(br.headers.etag) });
    expect(otherTag.status).toBe(200);
  });

  it('compresses the captions, a publisher’s feed and its manifest; leaves a small config.json and the media as they are', async () => {
    const captions = await get(`${server.origin}/captions/ep1-service-workers.en.vtt`, { 'accept-encoding': 'gzip' });
    expect(captions.headers['content-encoding']).toBe('gzip');
    expect(captions.headers['content-type']).toBe('text/vtt; charset=utf-8');
    expect(decoded(captions).equals(await readFile(join(import.meta.dirname, '../../../server/captions/ep1-service-workers.en.vtt')))).toBe(true);
    const cached = await get(`${server.origin}/captions/ep1-service-workers.en.vtt`, { 'accept-encoding': 'gzip', 'if-none-match': String(captions.headers.etag) });
    expect(cached.status).toBe(304);

    const config = await get(`${site.origin}/config.json`, { 'accept-encoding': 'br' });
    const feedAnswer = await get(new URL(JSON.parse(config.body.toString()).catalogUrl, site.origin).href, { 'accept-encoding': 'br' });
    expect(config.headers['content-encoding']).toBeUndefined();
    expect(feedAnswer.headers['content-encoding']).toBe('br');
    expect(decoded(feedAnswer).equals(await readFile(feed))).toBe(true);

    const signed = await get(`${server.origin}/media/${demoEpisodes[0]!.id}`);
    const media = await get(new URL(String(signed.headers.location), server.origin).href, { 'accept-encoding': 'gzip, br' });
    expect(media.status).toBe(200);
    expect(media.headers['content-encoding']).toBeUndefined();
    const range = await get(new URL(String(signed.headers.location), server.origin).href, { 'accept-encoding': 'gzip, br', range: 'bytes=0-99' });
    expect(range.status).toBe(206);
    expect(range.headers['content-encoding']).toBeUndefined();
    expect(range.body.length).toBe(100);
  });
});
