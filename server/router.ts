import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { SANDBOX_POLICY } from './contentSecurityPolicy.ts';

/** Answers a request it is for (true), or leaves it to the next route (false). */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

/** Answers every request it is given, a 404 included. */
export type Answer = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

/** Answers every request under `/<area>/`, given the next segment of the path (percent-decoded, '' when none). */
export type AreaAnswer = (req: IncomingMessage, res: ServerResponse, url: URL, id: string) => void | Promise<void>;

/** A route for one exact path. */
export function at(path: string, answer: Answer): Route {
  return async (req, res, url) => {
    if (url.pathname !== path) return false;
    await answer(req, res, url);
    return true;
  };
}

/** A route for every path whose first segment is `area` (`/media/<id>`, `/cdn/<id>`). */
export function under(area: string, answer: AreaAnswer): Route {
  return async (req, res, url) => {
    const segments = pathSegments(url);
    if (segments.area !== area) return false;
    await answer(req, res, url, segments.id ?? '');
    return true;
  };
}

/** Serves one origin: the first route that takes a request answers it; when none does, 404. */
export function routeRequests(routes: readonly Route[]): RequestListener {
  return (req, res) => {
    // Every answer, errors included, before any route can send one. What is not the app (feeds,
    // JSON, media, errors) is sandboxed: a document among them, such as an XHTML feed with a
    // <script>, runs nothing in this origin. The app's routes replace the policy with the app's.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', SANDBOX_POLICY);
    res.setHeader('Referrer-Policy', 'no-referrer');
    dispatch(routes, req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
}

async function dispatch(routes: readonly Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (pathSegments(url).id === undefined) return plainText(res, 400, 'Malformed URL');
  for (const route of routes) if (await route(req, res, url)) return;
  notFound(res);
}

/** The path's first segment and its second, percent-decoded; `id` is undefined when its encoding is broken. */
function pathSegments(url: URL): { area: string | undefined; id: string | undefined } {
  const [, area, rawId] = url.pathname.split('/');
  try {
    return { area, id: rawId ? decodeURIComponent(rawId) : '' };
  } catch {
    return { area, id: undefined };
  }
}

export function notFound(res: ServerResponse): void {
  plainText(res, 404, 'Not found');
}

/** A plain-text answer (an error a person may read). */
export function plainText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain' });
  res.end(text);
}
