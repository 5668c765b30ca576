import type { ServerResponse } from 'node:http';
import { sessionIdFrom, type SessionStore } from '../accounts.ts';
import { servedFile, type MediaFiles } from '../mediaFiles.ts';
import { plainText, type AreaAnswer } from '../router.ts';
import { mediaRequestEntry, type Faults, type ServerHooks } from '../serverHooks.ts';
import { exposeMediaToAnyOrigin } from './cdn.ts';

export interface MediaRouteOptions {
  media: MediaFiles;
  sessions: SessionStore;
  /** The signature that lets `path` be read until `expires` (seconds since the epoch). */
  sign(path: string, expires: number): string;
  signedUrlTtlSeconds: number;
  /** Where signed links point: the CDN's origin, or '' on one origin (a relative Location, right behind any proxy or host name). */
  cdnBase(): string;
  hooks?: ServerHooks;
}

/** `/media/<id>`, the catalog's canonical URL: 302 to a freshly signed CDN link. */
export function mediaAnswer(options: MediaRouteOptions): AreaAnswer {
  return (req, res, url, id) => {
    const faults = options.hooks?.faults;
    if (faults?.mediaCors) exposeMediaToAnyOrigin(res);
    const file = servedFile(options.media, id);
    // A subscriber's episode: the canonical URL signs only for a session (401 without one).
    const signedIn = options.sessions.get(sessionIdFrom(req.headers.cookie)) !== undefined;
    const status = !file ? 404 : file.episode.subscribersOnly && !signedIn ? 401 : (faults?.mediaStatus ?? 302);
    options.hooks?.mediaRequested(mediaRequestEntry(req, url, status));
    if (status === 302) return redirectToCdn(res, id, options, faults);
    plainText(res, status, status === 404 ? 'No such episode' : status === 401 ? 'Sign in to watch this episode' : `Media unavailable (${status})`);
  };
}

function redirectToCdn(res: ServerResponse, id: string, options: MediaRouteOptions, faults: Faults | undefined): void {
  const path = `/cdn/${encodeURIComponent(id)}`;
  const expires = Math.floor(Date.now() / 1000) + (faults?.signedLinks === 'expired' ? -60 : options.signedUrlTtlSeconds);
  const signed = options.sign(path, expires);
  const signature = faults?.signedLinks === 'tampered' ? `${signed[0] === '0' ? '1' : '0'}${signed.slice(1)}` : signed;
  res.writeHead(302, { Location: `${options.cdnBase()}${path}?expires=${expires}&signature=${signature}`, 'Cache-Control': 'no-store' });
  res.end();
}
