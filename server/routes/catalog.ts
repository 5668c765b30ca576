import type { Artwork } from '../artworkFiles.ts';
import type { MediaFile, MediaFiles } from '../mediaFiles.ts';
import type { Answer } from '../router.ts';
import { sendRevalidated } from '../revalidated.ts';
import type { Faults } from '../serverHooks.ts';

/** `/api/catalog.json`: every episode with its size, hash and URLs; a test's faults may replace it. */
export function catalogAnswer(media: MediaFiles, artwork: Artwork, faults?: Faults): Answer {
  return (req, res) => {
    const body = faults?.catalogBody ?? JSON.stringify(catalogOf(media, artwork, faults?.advertisedBytes ?? {}));
    // The ETag lets the app skip parsing a catalog it already has (and the network a 304).
    const headers = { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'ETag' };
    return sendRevalidated(req, res, body, headers, faults?.catalogStatus ?? 200);
  };
}

function catalogOf(media: MediaFiles, artwork: Artwork, advertisedBytes: Record<string, number>): unknown {
  return {
    episodes: [...media.values()].map((media) => ({ media, ...media })).map(({ media, episode, size, sha256 }) => ({
      id: episode.id,
      title: episode.title,
      description: episode.description,
      durationSeconds: episode.durationSeconds,
      bytes: advertisedBytes[episode.id] ?? size,
      ...(episode.subscribersOnly ? { subscribersOnly: true } : {}),
      ...(episode.sha256 === false ? {} : { sha256 }),
      mediaUrl: `/media/${episode.id}`,
      ...sourcesOf(media, advertisedBytes[episode.id] ?? size),
      ...artworkOf(artwork, episode.file.replace(/\.webm$/, '.jpg')),
      ...(episode.captions ? { captions: episode.captions.map(({ file, ...caption }) => ({ ...caption, url: `/captions/${file}` })) } : {}),
    })),
  };
}

/** The picture's hashed URL and every width it comes in (a srcset); its plain name when the server has no such picture. */
function artworkOf(artwork: Artwork, file: string): { artworkUrl: string; artwork?: { url: string; width: number }[] } {
  const urls = artwork.urls(file);
  return urls ? { artworkUrl: urls.url, artwork: urls.widths } : { artworkUrl: `/artwork/${file}` };
}

/**
 * With renditions (npm start): the episode's own file and each rendition, as sources, with what
 * a player is asked about (type and codecs, size in pixels, bitrate) and what a download checks
 * (size, SHA-256). mediaUrl stays the episode's own file: every current caller gets what it got.
 */
function sourcesOf(file: MediaFile, ownBytes: number): { sources?: unknown[] } {
  const { episode, renditions, video } = file;
  if (!renditions?.length || !video) return {};
  const hash = (sha256: string) => (episode.sha256 === false ? {} : { sha256 });
  const bitrate = (bytes: number) => (episode.durationSeconds ? { bitrate: Math.round((bytes * 8) / episode.durationSeconds) } : {});
  const own = {
    url: `/media/${episode.id}`,
    type: `video/webm; codecs="${video.codecs}"`,
    width: video.width,
    height: video.height,
    ...bitrate(ownBytes),
    size: ownBytes,
    ...hash(file.sha256),
    label: `${video.height}p`,
  };
  return {
    sources: [
      own,
      ...renditions.flatMap(({ name, size, sha256, rendition }) =>
        rendition
          ? [{ url: `/media/${name}`, type: `video/mp4; codecs="${rendition.codecs}"`, width: rendition.rung.width, height: rendition.rung.height, ...bitrate(size), size, ...hash(sha256), label: rendition.rung.name }]
          : [],
      ),
    ],
  };
}
