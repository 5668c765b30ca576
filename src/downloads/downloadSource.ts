import type { Episode, EpisodeSource } from '../core/catalog.ts';
import { chooseSource, preselectSource, type DownloadQuality } from '../core/chooseSource.ts';
import type { DownloadFailure, Rendition } from '../core/downloadState.ts';
import { episodeSources, playableSources, type PlaybackProbe } from '../core/playableSources.ts';

/** An episode as its download takes it: mediaUrl and the facts of the source chosen. */
export type EpisodeWithSource = Episode & { rendition?: Rendition };

/**
 * The rendition a download of `episode` takes under the quality setting, among those this device
 * can play: the episode with that source's URL, size, SHA-256 and type in place of the default's.
 * An episode with one file is downloaded as it is (nothing to choose; the player says if it cannot
 * play it). With none playable, a refusal naming the types, recorded with Retry as any preflight's.
 * 'ask' takes the sheet's preselection (the last choice's height, else Standard's).
 */
export async function withChosenSource(
  episode: Episode,
  quality: DownloadQuality,
  probe: PlaybackProbe,
  lastHeight?: number,
): Promise<{ episode: EpisodeWithSource; refusal?: DownloadFailure }> {
  if (!episode.sources || episode.sources.length < 2) return { episode };
  const playable = await playableSources(episodeSources(episode), probe);
  const source = quality === 'ask' ? preselectSource(playable.sources, lastHeight) : chooseSource(playable.sources, quality);
  if (!source) return { episode, refusal: { reason: 'unplayable', detail: 'none' in playable ? playable.none.types.filter(Boolean).join(', ') : '' } };
  return { episode: withSource(episode, source) };
}

/** The episode as a download of `source` (one of its renditions) takes it: that source's URL, size, SHA-256, type and name. */
export function withSource(episode: Episode, { url, size, sha256, type, height, label }: EpisodeSource): EpisodeWithSource {
  const rendition: Rendition = { ...(height ? { height } : {}), ...(label ? { label } : {}) };
  return {
    ...episode,
    mediaUrl: url,
    // A size the catalog does not give is asked of the server (HEAD) as for any episode.
    bytes: size ?? 0,
    sha256,
    ...(type ? { mediaType: type } : {}),
    ...(height || label ? { rendition } : {}),
  };
}
