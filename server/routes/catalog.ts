import type { Artwork } from '../artworkFiles.ts';
import type { MediaFiles } from '../mediaFiles.ts';
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
    episodes: [...media.values()].map(({ episode, size, sha256 }) => ({
      id: episode.id,
      title: episode.title,
      description: episode.description,
      durationSeconds: episode.durationSeconds,
      bytes: advertisedBytes[episode.id] ?? size,
      ...(episode.subscribersOnly ? { subscribersOnly: true } : {}),
      ...(episode.sha256 === false ? {} : { sha256 }),
      mediaUrl: `/media/${episode.id}`,
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
