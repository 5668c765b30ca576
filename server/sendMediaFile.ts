import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import parseRange from 'range-parser';
import type { MediaFile } from './mediaFiles.ts';
import type { ServerHooks } from './serverHooks.ts';
import { throttle } from './throttle.ts';

export interface MediaBodyOptions {
  /** The pace of the body, read as it is sent; 0 = as fast as possible. */
  bytesPerSecond: () => number;
  hooks?: ServerHooks;
}

/** Sends a media file, or the one byte range asked for (If-Range honoured); resolves with the status once the body has ended. */
export async function sendMediaFile(req: IncomingMessage, res: ServerResponse, file: MediaFile, { bytesPerSecond, hooks }: MediaBodyOptions): Promise<number> {
  const headers: Record<string, string | number> = {
    'Content-Type': file.path.endsWith('.mp4') ? 'video/mp4' : 'video/webm',
    'Accept-Ranges': 'bytes',
    ETag: file.etag,
    'Cache-Control': 'private, no-transform',
  };
  let start = 0;
  let end = file.size - 1;
  let status = 200;
  const rangeHeader = req.headers.range;
  const ifRange = req.headers['if-range'];
  // A Range in a unit other than bytes is ignored (RFC 9110 §14.2): the whole file is sent.
  const bytesRange = rangeHeader && /^\s*bytes\s*=/i.test(rangeHeader) ? rangeHeader : undefined;
  if (bytesRange && (!ifRange || ifRange === file.etag)) {
    const ranges = parseRange(file.size, bytesRange, { combine: true });
    if (ranges === -2) {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end('Malformed Range header');
      return 400;
    }
    if (ranges === -1) {
      res.writeHead(416, { 'Content-Range': `bytes */${file.size}` });
      res.end();
      return 416;
    }
    // Several ranges left after combining: answered with the whole file (a 200 is allowed).
    const [range] = ranges;
    if (range && ranges.length === 1) {
      ({ start, end } = range);
      status = 206;
      headers['Content-Range'] = `bytes ${start}-${end}/${file.size}`;
    }
  }
  headers['Content-Length'] = end - start + 1;
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || end < start) {
    res.end();
    return status;
  }
  const body = createReadStream(file.path, { start, end, highWaterMark: 256 * 1024 });
  const paced = (source: AsyncIterable<Buffer>) => throttle(source, bytesPerSecond);
  hooks?.bodyOpened();
  try {
    if (hooks) await pipeline(body, (source: Readable) => hooks.alterBody(file.name, start, source), paced, res);
    else await pipeline(body, paced, res);
    if (end === file.size - 1) hooks?.lastByteSent(file.name);
  } catch {
    // Cut mid-body by a test's fault, or the client went away, or the server went down: the
    // connection ends, and there is nothing to answer any more.
    res.destroy();
  } finally {
    hooks?.bodyClosed();
  }
  return status;
}
