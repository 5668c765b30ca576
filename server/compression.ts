import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Smaller bodies are sent as they are: compressing them saves no round trip (nginx's gzip_min_length). */
export const MIN_COMPRESSED_BYTES = 512;

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

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Bodies made per request (catalogs, feeds): off the event loop, at settings quick enough for megabytes (as nginx's level 6). */
function compressNow(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipped(body, { level: 6 });
}

/** The last bodies compressed, by content hash and encoding: a catalog asked for again is not compressed again. */
const recent = new Map<string, Promise<Buffer>>();
const RECENT_LIMIT = 32;

/** `body` (whose content hash is `hash`) compressed, once while it is among the recent ones. */
export function compressedBody(hash: string, body: Buffer, encoding: Encoding): Promise<Buffer> {
  const key = `${hash}-${encoding}`;
  let made = recent.get(key);
  if (!made) {
    made = compressNow(body, encoding);
    made.catch(() => recent.delete(key));
    recent.set(key, made);
    for (const oldest of recent.keys()) {
      if (recent.size <= RECENT_LIMIT) break;
      recent.delete(oldest);
    }
  }
  return made;
}
