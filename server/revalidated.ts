import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { chosenEncoding, compressedBody, MIN_COMPRESSED_BYTES } from './compression.ts';

/**
 * Sends a body that is revalidated every time (an edited feed or catalog shows at the next start),
 * cheaply: its ETag is its content's hash, and a client that has it gets a 304. Text is sent
 * compressed (brotli or gzip) to a client that accepts it.
 */
export async function sendRevalidated(req: IncomingMessage, res: ServerResponse, body: string | Buffer, headers: OutgoingHttpHeaders, status = 200): Promise<void> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 27);
  const compressible = bytes.length >= MIN_COMPRESSED_BYTES;
  const encoding = compressible ? chosenEncoding(req.headers['accept-encoding']) : undefined;
  // One ETag per representation: a cache must never answer a gzip request with brotli bytes.
  const tag = `"${hash}${encoding ? `-${encoding}` : ''}"`;
  const sent = { 'Cache-Control': 'no-cache', ...headers, ...(compressible ? { Vary: 'Accept-Encoding' } : {}), ETag: tag };
  if (status === 200 && req.headers['if-none-match'] === tag) return void res.writeHead(304, sent).end();
  const payload = encoding ? await compressedBody(hash, bytes, encoding) : bytes;
  res.writeHead(status, { ...sent, ...(encoding ? { 'Content-Encoding': encoding } : {}), 'Content-Length': payload.length }).end(payload);
}
