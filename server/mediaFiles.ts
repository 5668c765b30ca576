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
import { probeVideo, renditionsOf, type Rung } from './renditions.ts';

const MEDIA_DIR = fileURLToPath(new URL('media', import.meta.url));

/** An episode's file on disk, with what the catalog and the CDN say about it. */
export interface MediaFile {
  episode: DemoEpisode;
  /** Its name in `/media/<name>` and `/cdn/<name>`: the episode's id, or `<id>.<rung>.mp4` for a rendition. */
  name: string;
  path: string;
  size: number;
  etag: string;
  sha256: string;
  /** A rendition's rung and codecs. */
  rendition?: { rung: Rung; codecs: string };
  /** The episode's renditions (EpisodeServerOptions.renditions), smallest first. */
  renditions?: MediaFile[];
  /** With renditions: this file's own size in pixels and codecs, so the catalog lists it among them. */
  video?: { width: number; height: number; codecs: string };
}

/** The episodes' files by episode id, in catalog order. */
export type MediaFiles = ReadonlyMap<string, MediaFile>;

/**
 * Finds (or, for a padded episode, writes) each episode's file and hashes it; with `renditions`,
 * makes each episode's renditions too (from its own file). Not for one whose file is elsewhere on
 * disk (the benchmark's long ones: minutes of encoding), nor for a padded one: it is there to be
 * large ("The long download (48 MB)"), and its source's renditions would be a few MB. Without
 * ffmpeg there are none, as there are no scaled pictures (artworkFiles.ts).
 */
export async function prepareMediaFiles(episodes: DemoEpisode[], options: { renditions?: boolean } = {}): Promise<MediaFiles> {
  await mkdir(GENERATED_MEDIA_DIR, { recursive: true });
  const media = new Map<string, MediaFile>();
  let ffmpeg = options.renditions === true;
  for (const episode of episodes) {
    const own = join(MEDIA_DIR, episode.file);
    let path = episode.path ?? own;
    if (episode.padTo) {
      const padded = join(GENERATED_MEDIA_DIR, `${episode.id}-${episode.padTo}-offsets.webm`);
      await writePaddedWebm(path, padded, episode.padTo);
      path = padded;
    }
    const file = await described(episode, episode.id, path);
    if (ffmpeg && !episode.path && !episode.padTo) {
      try {
        file.renditions = await Promise.all(
          (await renditionsOf(own)).map(async ({ rung, path, codecs }) => ({ ...(await described(episode, `${episode.id}.${rung.name}.mp4`, path)), rendition: { rung, codecs } })),
        );
        file.video = await probeVideo(own);
      } catch (error) {
        console.warn('[media] no renditions (is ffmpeg installed?):', error instanceof Error ? error.message : error);
        ffmpeg = false;
      }
    }
    media.set(episode.id, file);
  }
  return media;
}

async function described(episode: DemoEpisode, name: string, path: string): Promise<MediaFile> {
  const stats = await stat(path);
  // Strong ETag: If-Range must not resume on a weak validator (RFC 9110 §13.1.5).
  return { episode, name, path, size: stats.size, etag: etag(stats, { weak: false }), sha256: await fileSha256(path) };
}

/** The file `/media/<name>` names: an episode's own, or one of its renditions (`<id>.<rung>.mp4`). */
export function servedFile(media: MediaFiles, name: string): MediaFile | undefined {
  const own = media.get(name);
  if (own) return own;
  const rendition = /^([\w-]+)\.\w+\.mp4$/.exec(name);
  return rendition ? media.get(rendition[1] ?? '')?.renditions?.find((file) => file.name === name) : undefined;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
