import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEpisodes } from '../../../server/demoCatalog.ts';
import { startEpisodeServer, type EpisodeServer } from '../../../server/episodeServer.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw request: the path goes out as written (fetch would normalise it). */
function send(origin: string, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(`${origin}${path}`, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    })
      .on('error', reject)
      .end();
  });
}

// An RSS feed that is also XHTML: opened as a page, its script would run in the app's origin.
const HOSTILE_FEED = `<?xml version="1.0"?>
<rss version="2.0" xmlns:h="http://www.w3.org/1999/xhtml"><channel><title>Feed</title>
<h:script>document.title = document.cookie</h:script></channel></rss>`;

describe('every response of the server', () => {
  let dir: string;
  let server: EpisodeServer;
  let signedLink: string;
  const episode = demoEpisodes[0]!;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'security-headers-'));
    const app = join(dir, 'dist');
    await mkdir(join(app, 'assets'), { recursive: true });
    await writeFile(join(app, 'index.html'), '<!doctype html><title>App</title>');
    await writeFile(join(app, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    await writeFile(join(app, 'assets', 'index-abc.js'), 'export {};');
    await writeFile(join(app, 'manifest.webmanifest'), JSON.stringify({ name: 'Offline Episodes' }));
    await writeFile(join(dir, 'feed.xml'), HOSTILE_FEED);
    server = await startEpisodeServer({ demo: true, appDir: app, episodes: [episode], cdnPort: 0, site: { catalog: join(dir, 'feed.xml'), name: 'Show' } });
    const redirect = await send(server.origin, `/media/${episode.id}`);
    signedLink = String(redirect.headers.location);
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true });
  });

  const policy = (answer: Answer) => String(answer.headers['content-security-policy'] ?? '');

  it('says nosniff and has a policy; everything but the app is sandboxed, the feed first', async () => {
    const app: [string, string, number][] = [
      ['GET', '/', 200],
      ['GET', '/sw.js', 200],
      ['GET', '/assets/index-abc.js', 200],
      ['GET', '/some/page/of/the/app', 200],
    ];
    const other: [string, string, number][] = [
      ['GET', '/catalog/feed.xml', 200],
      ['GET', '/config.json', 200],
      ['GET', '/manifest.webmanifest', 200],
      ['GET', '/api/catalog.json', 200],
      ['GET', '/api/session', 200],
      ['POST', '/api/session', 403],
      ['PUT', '/api/session', 405],
      ['GET', `/media/${episode.id}`, 302],
      ['GET', '/media/no-such-episode', 404],
      ['GET', `/artwork/${episode.file.replace(/\.webm$/, '.jpg')}`, 200],
      ['GET', `/captions/${episode.captions![0]!.file}`, 200],
      ['GET', '/media/%E0%A4%A', 400],
      ['GET', `/cdn/${episode.id}`, 404], // the CDN's path, asked of the app's origin
    ];
    const cdn: [string, string, number][] = [
      ['GET', new URL(signedLink).pathname + new URL(signedLink).search, 200],
      ['GET', `/cdn/${episode.id}?expires=1&signature=${'0'.repeat(64)}`, 403],
      ['OPTIONS', `/cdn/${episode.id}`, 204],
      ['GET', '/', 404],
    ];
    for (const [origin, routes, sandboxed] of [
      [server.origin, app, false],
      [server.origin, other, true],
      [server.cdnOrigin, cdn, true],
    ] as const) {
      for (const [method, path, status] of routes) {
        const answer = await send(origin, path, method);
        const name = `${method} ${origin}${path}`;
        expect(answer.status, name).toBe(status);
        expect(answer.headers['x-content-type-options'], name).toBe('nosniff');
        expect(policy(answer), name).toMatch(/default-src '(self|none)'/);
        expect(policy(answer).split(/;\s*/).includes('sandbox'), name).toBe(sandboxed);
      }
    }
  });

  it('gives the feed a policy under which nothing runs', async () => {
    const feed = await send(server.origin, '/catalog/feed.xml');
    expect(feed.headers['content-type']).toBe('application/xml');
    expect(policy(feed)).toMatch(/(^|; )sandbox(;|$)/);
    expect(policy(feed)).toContain("default-src 'none'");
    expect(policy(feed)).not.toContain('script-src');
  });
});
