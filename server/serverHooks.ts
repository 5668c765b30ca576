import type { IncomingMessage } from 'node:http';
import type { BodyFaults } from './bodyFaults.ts';

/**
 * What a test wrapper (testServer.ts) installs in a server to change its answers and watch its
 * requests. A production server (main.ts) has none: no faults to read, nothing logged.
 */
export interface ServerHooks {
  readonly faults: Faults;
  /** A request for `/media/…` or `/cdn/…`; the entry's status is 0 until a body being sent has ended. */
  mediaRequested(entry: MediaRequestLog): void;
  /** What a test does to a media body as it is sent (`start`: the body's offset in the file); `episodeId` is a rendition's name for a rendition. */
  alterBody(episodeId: string, start: number, source: AsyncIterable<Buffer>): AsyncIterable<Buffer>;
  /** The path of a caption file asked for. */
  captionRequested(path: string): void;
  /** A media body began to be sent. */
  bodyOpened(): void;
  /** A media body ended: sent whole, cut, or left by its client. */
  bodyClosed(): void;
  /** The last byte of that episode's file (or rendition's, by its name) went out. */
  lastByteSent(episodeId: string): void;
}

/** Knobs a test turns while the server runs; background fetches are made by the browser, so faults live here. */
export interface Faults {
  /** Answer every canonical media URL with this status instead of a redirect. */
  mediaStatus?: number;
  /** Bytes per second for media bodies; 0 = unthrottled. */
  throttleBytesPerSecond: number;
  /** Sizes the catalog claims instead of the real ones, by episode id. */
  advertisedBytes: Record<string, number>;
  /** Wrong bytes or dropped connections in media bodies, by episode id or rendition name (see bodyFaults.ts). */
  body: Record<string, BodyFaults>;
  /** Serve this text as the catalog instead of the real one (hostile or broken catalogs). */
  catalogBody?: string;
  /** Answer the catalog with this status instead. */
  catalogStatus?: number;
  /** Send CORS headers with media (needed when the app is on another origin). Off by default. */
  mediaCors?: boolean;
  /** Signed links that the CDN will refuse (403): a wrong signature, or one already expired. */
  signedLinks?: 'tampered' | 'expired';
  /** The CDN origin's `Access-Control-Allow-Origin: *` (cdnPort only; on by default, as a CDN must). */
  cdnCors: boolean;
  /** Serve this text as config.json (a publisher's broken edit). */
  configBody?: string;
}

export interface MediaRequestLog {
  /** The origin asked (from Host): the app's, or the CDN's. */
  origin: string;
  path: string;
  /** Path and query, as requested. */
  url: string;
  range?: string;
  status: number;
}

export function mediaRequestEntry(req: IncomingMessage, url: URL, status: number): MediaRequestLog {
  return { origin: `http://${req.headers.host}`, path: url.pathname, url: req.url ?? '', range: req.headers.range, status };
}
