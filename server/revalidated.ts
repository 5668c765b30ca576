import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Sends a body that is revalidated every time (an edited feed or catalog shows at the next start),
 * cheaply: its ETag is its content's hash, and a client that has it gets a 304.
 */
export function sendRevalidated(req: IncomingMessage, res: ServerResponse, body: string | Buffer, headers: OutgoingHttpHeaders, status = 200): void {
  const tag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const sent = { 'Cache-Control': 'no-cache', ...headers, ETag: tag };
  if (status === 200 && req.headers['if-none-match'] === tag) res.writeHead(304, sent).end();
  else res.writeHead(status, sent).end(body);
}
