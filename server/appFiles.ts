import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import sirv from 'sirv';
import { chosenEncoding, type Encoding } from './compression.ts';

/** Text the app (and the captions) are made of: sent compressed to a browser that accepts it. */
const TEXT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
};

/**
 * How long a browser may keep a file: a hashed asset never changes under its name (a year,
 * immutable); everything else — index.html, sw.js, the manifest, icons — is checked each time, so
 * a deploy is seen at once (the worker's own update check relies on it).
 */
export function cacheControlFor(pathname: string): string {
  return pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

interface Compressed {
  mtimeMs: number;
  size: number;
  etag: string;
  bodies: Record<Encoding, Buffer>;
}

/** Shared by every server in the process (the tests start many over one build). */
const compressed = new Map<string, Compressed>();

/** Answers a request, or calls `next` for a file it does not have. */
export type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void | Promise<void>;

/** The built app: index.html for its own paths, cache lifetimes by cacheControlFor. */
export function appFiles(dir: string): Handler {
  return compressedFiles(dir, { cacheControl: cacheControlFor, single: true });
}

export interface FilesOptions {
  cacheControl(pathname: string): string;
  /** Paths without a file (and no extension) get index.html. */
  single?: boolean;
}

/**
 * A folder's files: text compressed with node:zlib (once per file version, kept in memory),
 * everything else, every miss and every range by sirv.
 */
export function compressedFiles(dir: string, { cacheControl, single = false }: FilesOptions): Handler {
  const plain = sirv(dir, {
    dev: false,
    etag: true,
    single,
    setHeaders: (res, pathname) => {
      res.setHeader('Cache-Control', cacheControl(pathname));
      const type = TEXT_TYPES[extname(pathname)];
      if (type) res.setHeader('Content-Type', type).setHeader('Vary', 'Accept-Encoding');
    },
  });
  async function compressedFile(path: string): Promise<Compressed | undefined> {
    const stats = await stat(path).catch(() => undefined);
    if (!stats?.isFile()) return undefined;
    const known = compressed.get(path);
    if (known && known.mtimeMs === stats.mtimeMs && known.size === stats.size) return known;
    const body = await readFile(path);
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
    const entry: Compressed = {
      mtimeMs: stats.mtimeMs,
      size: stats.size,
      etag: hash,
      bodies: {
        br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        gzip: gzipSync(body, { level: 9 }),
      },
    };
    compressed.set(path, entry);
    return entry;
  }

  return async (req, res, next) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const encoding = chosenEncoding(req.headers['accept-encoding']);
    const relative = pathname === '/' ? 'index.html' : safeDecode(pathname.slice(1));
    const path = normalize(join(dir, relative ?? ''));
    const type = TEXT_TYPES[extname(path)];
    const inside = relative !== undefined && path.startsWith(normalize(dir) + sep);
    const whole = (req.method === 'GET' || req.method === 'HEAD') && req.headers.range === undefined;
    const file = encoding && type && inside && whole ? await compressedFile(path) : undefined;
    if (!encoding || !type || !file) return plain(req, res, next);
    // One ETag per representation: a cache must not answer a gzip request with brotli bytes.
    const etag = `"${file.etag}-${encoding}"`;
    const headers = {
      'Content-Type': type,
      'Content-Encoding': encoding,
      Vary: 'Accept-Encoding',
      ETag: etag,
      'Cache-Control': cacheControl(pathname),
    };
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, headers).end();
    const body = file.bodies[encoding];
    res.writeHead(200, { ...headers, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
