import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import sirv from 'sirv';

/** Text the app is made of: sent compressed to a browser that accepts it. */
const TEXT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
};

/**
 * How long a browser may keep a file: a hashed asset never changes under its name (a year,
 * immutable); everything else — index.html, sw.js, the manifest, icons — is checked each time, so
 * a deploy is seen at once (the worker's own update check relies on it).
 */
export function cacheControlFor(pathname: string): string {
  return pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

type Encoding = 'br' | 'gzip';

/** The best encoding the request accepts (brotli before gzip); q=0 refuses one. */
export function chosenEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (name: Encoding) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return undefined;
}

interface Compressed {
  mtimeMs: number;
  size: number;
  etag: string;
  bodies: Record<Encoding, Buffer>;
}

/** Shared by every server in the process (the tests start many over one build). */
const compressed = new Map<string, Compressed>();

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void | Promise<void>;

/**
 * The built app: text compressed with node:zlib (once per file version, kept in memory),
 * everything else and every miss by sirv; cache lifetimes by cacheControlFor.
 */
export function appFiles(dir: string): Handler {
  const plain = sirv(dir, {
    dev: false,
    etag: true,
    single: true,
    setHeaders: (res, pathname) => res.setHeader('Cache-Control', cacheControlFor(pathname)),
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
    const file = encoding && type && inside && (req.method === 'GET' || req.method === 'HEAD') ? await compressedFile(path) : undefined;
    if (!encoding || !type || !file) return plain(req, res, next);
    // One ETag per representation: a cache must not answer a gzip request with brotli bytes.
    const etag = `"${file.etag}-${encoding}"`;
    const headers = {
      'Content-Type': type,
      'Content-Encoding': encoding,
      Vary: 'Accept-Encoding',
      ETag: etag,
      'Cache-Control': cacheControlFor(pathname),
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
