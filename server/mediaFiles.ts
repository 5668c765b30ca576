import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import etag from 'etag';
import type { DemoEpisode } from './demoCatalog.ts';
import { GENERATED_MEDIA_DIR } from './generatedMedia.ts';
import { writePaddedWebm } from './paddedWebm.ts';

const MEDIA_DIR = fileURLToPath(new URL('media', import.meta.url));

/** An episode's file on disk, with what the catalog and the CDN say about it. */
export interface MediaFile {
  episode: DemoEpisode;
  path: string;
  size: number;
  etag: string;
  sha256: string;
}

/** The episodes' files by episode id, in catalog order. */
export type MediaFiles = ReadonlyMap<string, MediaFile>;

/** Finds (or, for a padded episode, writes) each episode's file and hashes it. */
export async function prepareMediaFiles(episodes: DemoEpisode[]): Promise<MediaFiles> {
  await mkdir(GENERATED_MEDIA_DIR, { recursive: true });
  const media = new Map<string, MediaFile>();
  for (const episode of episodes) {
    let path = episode.path ?? join(MEDIA_DIR, episode.file);
    if (episode.padTo) {
      const padded = join(GENERATED_MEDIA_DIR, `${episode.id}-${episode.padTo}-offsets.webm`);
      await writePaddedWebm(path, padded, episode.padTo);
      path = padded;
    }
    const stats = await stat(path);
    // Strong ETag: If-Range must not resume on a weak validator (RFC 9110 §13.1.5).
    media.set(episode.id, { episode, path, size: stats.size, etag: etag(stats, { weak: false }), sha256: await fileSha256(path) });
  }
  return media;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
