import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFiles, cacheControlFor } from '../../../server/appFiles.ts';
import { rawGet } from './rawRequest.ts';

describe('how long a browser keeps a file', () => {
  it('a hashed asset for a year, immutable; the page, the worker and the manifest checked each time', () => {
    expect(cacheControlFor('/assets/index-BBvPcxXA.js')).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest', '/icon-192.png']) expect(cacheControlFor(path)).toBe('no-cache');
  });
});

describe('the built app over HTTP', () => {
  let dir: string;
  let server: Server;
  let origin: string;
  // Text that compresses, different at every offset (a wrong slice or encoding shows).
  const script = Array.from({ length: 1000 }, (_, i) => `export const v${i} = ${i * 7919};`).join('\n');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'app-files-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>App</title><script type="module" src="/assets/index-abc.js"></script>');
    await writeFile(join(dir, 'assets', 'index-abc.js'), script);
    await writeFile(join(dir, 'config.json'), JSON.stringify({ name: 'First' }));
    await writeFile(join(dir, 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    ({ server, origin } = await serve(dir));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true });
  });

  const get = (path: string, headers: Record<string, string>) => rawGet(`${origin}${path}`, headers);

  it('sends text compressed as asked, byte for byte the file once decoded', async () => {
    const br = await get('/assets/index-abc.js', { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    const gzip = await get('/assets/index-abc.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(script);
    expect(gzip.headers.etag).not.toBe(br.headers.etag);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers a matching ETag with 304, and a changed file with its new bytes', async () => {
    const first = await get('/', { 'accept-encoding': 'br' });
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const before = await get('/config.json', { 'accept-encoding': 'br' });
    const changed = JSON.stringify({ name: 'Deployed again' });
    await writeFile(join(dir, 'config.json'), changed);
    await utimes(join(dir, 'config.json'), new Date(), new Date(Date.now() + 5000));
    const after = await get('/config.json', { 'accept-encoding': 'br', 'if-none-match': String(before.headers.etag) });
    expect(after.status).toBe(200);
    expect(brotliDecompressSync(after.body).toString()).toBe(changed);
  });

  it('sends plain bytes to a client that accepts no encoding, and images as they are', async () => {
    const plain = await get('/assets/index-abc.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    const icon = await get('/icon.png', { 'accept-encoding': 'br' });
    expect(icon.headers['content-encoding']).toBeUndefined();
    expect(icon.body).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  });

  it('never reads outside its folder', async () => {
    for (const path of ['/..%2F..%2Fetc%2Fpasswd', '/%2E%2E/%2E%2E/etc/passwd', '/%E0%A4%A']) {
      const escaped = await get(path, { 'accept-encoding': 'br' });
      expect(escaped.body.toString(), path).not.toContain('root:');
      expect(escaped.headers['content-encoding']).toBeUndefined();
    }
  });
});

describe('the built app next to other files', () => {
  let root: string;
  let server: Server;
  let origin: string;
  const SECRET = 'not-for-the-web: the publisher’s keys';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'app-files-outside-'));
    await mkdir(join(root, 'app'));
    await writeFile(join(root, 'app', 'index.html'), '<!doctype html><title>App</title>');
    // Text the compressing path would read (a .json), beside the folder and in one whose name starts like it.
    await writeFile(join(root, 'secret.json'), JSON.stringify({ SECRET }));
    await mkdir(join(root, 'app-private'));
    await writeFile(join(root, 'app-private', 'secret.json'), JSON.stringify({ SECRET }));
    ({ server, origin } = await serve(join(root, 'app')));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(root, { recursive: true });
  });

  it('never sends them, compressed or not, to a request that climbs out with an encoded slash', async () => {
    for (const path of ['/..%2Fsecret.json', '/..%2F..%2F' + root.split('/').pop() + '%2Fsecret.json', '/..%2Fapp-private%2Fsecret.json']) {
      for (const acceptEncoding of ['br', 'gzip', 'identity']) {
        const answer = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
          // An encoded slash is no separator to a URL parser: it reaches the server, whose decoding makes it one.
          request(`${origin}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
          })
            .on('error', reject)
            .end();
        });
        const text = answer.encoding === 'br' ? brotliDecompressSync(answer.body) : answer.encoding === 'gzip' ? gunzipSync(answer.body) : answer.body;
        expect(text.toString(), `${path} (${acceptEncoding})`).not.toContain('not-for-the-web');
      }
    }
  });
});

/** The app's files from `dir` on a port of their own; anything they do not serve is a 404. */
async function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const handler = appFiles(dir);
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res, () => res.writeHead(404).end())).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
