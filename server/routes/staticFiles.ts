import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import type { AppPolicies } from '../contentSecurityPolicy.ts';
import { notFound, under, type Route } from '../router.ts';
import type { ServerHooks } from '../serverHooks.ts';

type Handler = ReturnType<typeof sirv>;

const ARTWORK_DIR = fileURLToPath(new URL('../artwork', import.meta.url));
const CAPTIONS_DIR = fileURLToPath(new URL('../captions', import.meta.url));

/** `/artwork/<file>`: the episodes' pictures. */
export function artworkRoute(): Route {
  const files = sirv(ARTWORK_DIR, { dev: false, etag: true, maxAge: 3600 });
  return under('artwork', (req, res, url) => serveBelow('/artwork/', files, req, res, url));
}

/** `/captions/<file>`: the episodes' WebVTT files. */
export function captionsRoute(hooks?: ServerHooks): Route {
  const files = sirv(CAPTIONS_DIR, { dev: false, etag: true, setHeaders: (res) => res.setHeader('Content-Type', 'text/vtt; charset=utf-8') });
  return under('captions', (req, res, url) => {
    hooks?.captionRequested(url.pathname);
    if (hooks?.faults.mediaCors) res.setHeader('Access-Control-Allow-Origin', '*');
    serveBelow('/captions/', files, req, res, url);
  });
}

/** Extra folders by URL prefix (the benchmark's reference page). */
export function mountRoutes(mounts: Record<string, string>, policies: () => AppPolicies): Route[] {
  return Object.entries(mounts).map(([prefix, dir]) => {
    const files = sirv(dir, { dev: false, etag: true });
    return (req, res, url) => {
      if (!url.pathname.startsWith(prefix)) return false;
      // Pages with scripts and a worker of their own: not sandboxed.
      res.setHeader('Content-Security-Policy', policies().page);
      serveBelow(prefix, files, req, res, url);
      return true;
    };
  });
}

/** Serves the file the path names below `prefix` (sirv sees the rest of the path, without the query). */
function serveBelow(prefix: string, files: Handler, req: IncomingMessage, res: ServerResponse, url: URL): void {
  req.url = `/${url.pathname.slice(prefix.length)}`;
  files(req, res, () => notFound(res));
}
