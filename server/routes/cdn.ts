import type { ServerResponse } from 'node:http';
import { servedFile, type MediaFiles } from '../mediaFiles.ts';
import { plainText, type AreaAnswer } from '../router.ts';
import { sendMediaFile } from '../sendMediaFile.ts';
import { mediaRequestEntry, type ServerHooks } from '../serverHooks.ts';
import type { SignatureCheck } from '../signing.ts';

export interface CdnRouteOptions {
  media: MediaFiles;
  /** Checks a signed link's query against its path. */
  check(path: string, query: URLSearchParams): SignatureCheck;
  /** On a CDN origin of its own, which any origin may read from. */
  ownOrigin: boolean;
  /** The pace of media bodies; 0 = as fast as possible. */
  bytesPerSecond(): number;
  hooks?: ServerHooks;
}

/** `/cdn/<id>?expires=…&signature=…`: the file's bytes (a range of them) for a valid signed link, 403 for any other. */
export function cdnAnswer(options: CdnRouteOptions): AreaAnswer {
  return async (req, res, url, id) => {
    const faults = options.hooks?.faults;
    if (options.ownOrigin && (faults?.cdnCors ?? true)) {
      // Signed URLs and no credentials: any origin may read them (README, For publishers).
      exposeMediaToAnyOrigin(res);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': 'Range', 'Access-Control-Max-Age': '600' });
        res.end();
        return;
      }
    }
    if (faults?.mediaCors) exposeMediaToAnyOrigin(res);
    const file = servedFile(options.media, id);
    const check = options.check(url.pathname, url.searchParams);
    if (!file || check !== 'valid') {
      const status = !file ? 404 : 403;
      options.hooks?.mediaRequested(mediaRequestEntry(req, url, status));
      return plainText(res, status, !file ? 'No such file' : `Signature ${check}`);
    }
    // Logged as the body starts; its status once it has ended.
    const entry = mediaRequestEntry(req, url, 0);
    options.hooks?.mediaRequested(entry);
    entry.status = await sendMediaFile(req, res, file, { bytesPerSecond: options.bytesPerSecond, hooks: options.hooks });
  };
}

export function exposeMediaToAnyOrigin(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Accept-Ranges, ETag');
}
