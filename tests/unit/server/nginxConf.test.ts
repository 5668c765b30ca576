import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, SANDBOX_POLICY } from '../../../server/contentSecurityPolicy.ts';
import type { EpisodeServer } from '../../../server/episodeServer.ts';
import { startNginxTopology } from '../../e2e/nginxTopology.ts';

const CONFIG = resolve(import.meta.dirname, '../../../deploy/nginx.conf');
const NGINX = process.env.NGINX_PATH ?? 'nginx';
const hasNginx = spawnSync(NGINX, ['-v']).status === 0;

describe('deploy/nginx.conf', () => {
  it('sends the policies the server builds, for the same CDN origin, and no hand-written one', async () => {
    const cdn = 'https://cdn.example.com';
    const config = (await readFile(CONFIG, 'utf8')).replaceAll('{{CDN_ORIGIN}}', cdn);
    const variable = (name: string) => new RegExp(`^\\s*set \\$${name} "([^"]*)";`, 'm').exec(config)?.[1];
    expect(variable('csp')).toBe(buildContentSecurityPolicy([cdn]));
    expect(variable('worker_csp')).toBe(buildContentSecurityPolicy([cdn], { wasm: true }));
    expect(variable('sandbox_csp')).toBe(SANDBOX_POLICY);
    const sent = [...config.matchAll(/add_header Content-Security-Policy (\S+)/g)].map((match) => match[1]);
    expect(sent.length).toBeGreaterThan(0);
    for (const value of sent) expect(['$csp', '$worker_csp', '$sandbox_csp']).toContain(value);
  });
});

describe.skipIf(!hasNginx)('nginx in front of a --catalog site', () => {
  let dir: string;
  let site: EpisodeServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nginx-site-'));
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><title>App</title>');
    await writeFile(join(dir, 'dist', 'manifest.webmanifest'), JSON.stringify({ name: 'Offline Episodes', short_name: 'Episodes' }));
    await writeFile(join(dir, 'dist', 'config.json'), '{}\n'); // the build's own: the authorizing origin's comes first
    await writeFile(join(dir, 'show.rss'), '<?xml version="1.0"?><rss version="2.0"><channel><title>The show</title></channel></rss>');
    site = await startNginxTopology({ appDir: join(dir, 'dist'), episodes: [], site: { catalog: join(dir, 'show.rss'), name: 'The show' } });
  });
  afterAll(async () => {
    await site?.close();
    await rm(dir, { recursive: true });
  });

  it('serves the feed config.json points at, sandboxed, and the manifest with the site’s name, not index.html', async () => {
    const config = (await (await fetch(`${site.origin}/config.json`)).json()) as { catalogUrl: string; name: string };
    expect(config).toMatchObject({ catalogUrl: '/catalog/show.rss', name: 'The show' });
    const feed = await fetch(new URL(config.catalogUrl, site.origin));
    expect(feed.headers.get('content-type')).toBe('application/rss+xml');
    expect(await feed.text()).toContain('<title>The show</title>');
    expect(feed.headers.get('content-security-policy')).toContain('sandbox');
    expect(feed.headers.get('x-content-type-options')).toContain('nosniff');
    const manifest = await fetch(`${site.origin}/manifest.webmanifest`);
    expect(await manifest.json()).toMatchObject({ name: 'The show', short_name: 'The show' });
  });
});

describe.skipIf(!hasNginx)('nginx in front of a site without settings of its own', () => {
  let dir: string;
  let site: EpisodeServer;
  const edited = JSON.stringify({ name: 'Edited in dist' });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nginx-plain-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>App</title>');
    await writeFile(join(dir, 'config.json'), edited);
    site = await startNginxTopology({ appDir: dir, episodes: [] });
  });
  afterAll(async () => {
    await site?.close();
    await rm(dir, { recursive: true });
  });

  it('serves dist/config.json (the build’s, or the publisher’s edit) when the authorizing origin writes none, revalidated each time and sandboxed', async () => {
    const config = await fetch(`${site.origin}/config.json`);
    expect(config.status).toBe(200);
    expect(await config.text()).toBe(edited);
    expect(config.headers.get('cache-control')).toBe('no-cache');
    expect(config.headers.get('content-security-policy')).toContain('sandbox');
  });
});
