import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { compressedFiles, type Handler } from '../appFiles.ts';
import type { Artwork } from '../artworkFiles.ts';
import type { AppPolicies } from '../contentSecurityPolicy.ts';
import { notFound, under, type Route } from '../router.ts';
import type { ServerHooks } from '../serverHooks.ts';

const CAPTIONS_DIR = fileURLToPath(new URL('../captions', import.meta.url));

/**
 * `/artwork/<name>`: the episodes' pictures, a lookup by name (never a path). A hashed name is
 * cached for a year, immutable; a picture's own name is revalidated.
 */
export function artworkRoute(artwork: Artwork): Route {
  return under('artwork', (req, res, _url, name) => {
    const file = artwork.file(name);
    if (!file) return notFound(res);
    const headers = { 'Content-Type': file.type, ETag: file.etag, 'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache' };
    if (req.headers['if-none-match'] === file.etag) return void res.writeHead(304, headers).end();
    res.writeHead(200, { ...headers, 'Content-Length': file.body.length }).end(req.method === 'HEAD' ? undefined : file.body);
  });
}

/** `/captions/<file>`: the episodes' WebVTT files, compressed, revalidated (an edit shows at once). */
export function captionsRoute(hooks?: ServerHooks): Route {
  const files = compressedFiles(CAPTIONS_DIR, { cacheControl: () => 'no-cache' });
  return under('captions', (req, res, url) => {
    hooks?.captionRequested(url.pathname);
    if (hooks?.faults.mediaCors) res.setHeader('Access-Control-Allow-Origin', '*');
    return serveBelow('/captions/', files, req, res, url);
  });
}

/** Extra folders by URL prefix (the benchmark's reference page). */
export function mountRoutes(mounts: Record<string, string>, policies: () => AppPolicies): Route[] {
  return Object.entries(mounts).map(([prefix, dir]) => {
    const files = sirv(dir, { dev: false, etag: true });
    return async (req, res, url) => {
      if (!url.pathname.startsWith(prefix)) return false;
      // Pages with scripts and a worker of their own: not sandboxed.
      res.setHeader('Content-Security-Policy', policies().page);
      await serveBelow(prefix, files, req, res, url);
      return true;
    };
  });
}

/** Serves the file the path names below `prefix` (sirv sees the rest of the path, without the query). */
async function serveBelow(prefix: string, files: Handler, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  req.url = `/${url.pathname.slice(prefix.length)}`;
  await files(req, res, () => notFound(res));
}
