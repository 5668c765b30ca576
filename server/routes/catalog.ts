import type { MediaFiles } from '../mediaFiles.ts';
import type { Answer } from '../router.ts';
import { sendRevalidated } from '../revalidated.ts';
import type { Faults } from '../serverHooks.ts';

/** `/api/catalog.json`: every episode with its size, hash and URLs; a test's faults may replace it. */
export function catalogAnswer(media: MediaFiles, faults?: Faults): Answer {
  return (req, res) => {
    const body = faults?.catalogBody ?? JSON.stringify(catalogOf(media, faults?.advertisedBytes ?? {}));
    // The ETag lets the app skip parsing a catalog it already has (and the network a 304).
    const headers = { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'ETag' };
    return sendRevalidated(req, res, body, headers, faults?.catalogStatus ?? 200);
  };
}

function catalogOf(media: MediaFiles, advertisedBytes: Record<string, number>): unknown {
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
      artworkUrl: `/artwork/${episode.file.replace(/\.webm$/, '.jpg')}`,
      ...(episode.captions ? { captions: episode.captions.map(({ file, ...caption }) => ({ ...caption, url: `/captions/${file}` })) } : {}),
    })),
  };
}
