import type { Caption, EpisodeSource } from '../../core/catalog.ts';
import { MAX_SOURCES } from '../../core/catalogSources.ts';
import { clip, feedEpisodeId } from './feedText.ts';

/**
 * A file of an item as a feed gives it (an enclosure, a media:content, an attachment), before the
 * catalog check: a source with no digest (feeds give none; its type '' when not known, guessed
 * from the extension where it can be), and whether it is for subscribers.
 */
export type FeedSource = Omit<EpisodeSource, 'sha256'> & { subscribersOnly?: boolean };

/** One feed item as read from any format, before it becomes an entry of the app's catalog. */
export interface FeedItem {
  /** The guid (or id); the enclosure URL when the item has none. */
  key: string | undefined;
  title: string;
  description: string;
  durationSeconds: number;
  bytes: number | undefined;
  mediaUrl: string | undefined;
  /** undefined: no playable enclosure; '': one whose type is not known. */
  mediaType: string | undefined;
  artworkUrl: string | undefined;
  captions: Caption[];
  season?: number;
  episodeNumber?: number;
  /** Every playable file of the item, in the feed's order, the one above (mediaUrl's) first. */
  sources?: FeedSource[];
}

/**
 * The app's catalog entry for a feed item, or why it has none. URLs stay as the feed wrote them:
 * the catalog check resolves relative ones against the feed's URL and applies the usual rules.
 */
export function feedEntry(item: FeedItem): { entry: Record<string, unknown> } | string {
  if (!item.mediaUrl || item.mediaType === undefined) return 'no audio or video enclosure';
  const key = item.key || item.mediaUrl;
  const entry = {
    id: feedEpisodeId(key),
    // A podcast item may have only a description: its start stands in for the title.
    title: item.title || clip(item.description, 80),
    description: item.description,
    durationSeconds: item.durationSeconds,
    bytes: item.bytes ?? 0,
    mediaUrl: item.mediaUrl,
    ...(item.mediaType ? { mediaType: item.mediaType } : {}),
    artworkUrl: item.artworkUrl ?? '',
    captions: item.captions,
    ...(item.season !== undefined ? { season: item.season } : {}),
    ...(item.episodeNumber !== undefined ? { episodeNumber: item.episodeNumber } : {}),
    ...sourcesOf(item.mediaUrl, item.sources ?? []),
  };
  return { entry };
}

/**
 * The item's renditions when it has more than one: files of the kind mediaUrl's is (a video
 * podcast's MP3 is another programme, not a smaller rendition), each URL once, at most as many
 * as a catalog entry may list. One file: no `sources` (the entry is today's).
 */
function sourcesOf(mediaUrl: string, sources: readonly FeedSource[]): { sources?: Record<string, unknown>[] } {
  const kind = (source: FeedSource | undefined) => source?.type.split('/')[0] ?? '';
  const first = kind(sources.find((source) => source.url === mediaUrl));
  const kept: FeedSource[] = [];
  for (const source of sources) {
    const other = kind(source);
    if (first && other && other !== first) continue;
    if (!kept.some((known) => known.url === source.url)) kept.push(source);
  }
  if (kept.length < 2) return {};
  return { sources: kept.slice(0, MAX_SOURCES).map(({ type, ...rest }) => ({ ...rest, ...(type ? { type } : {}) })) };
}

export function itemLabel(index: number, title: string): string {
  return title ? `Item ${index + 1} (“${clip(title, 60)}”)` : `Item ${index + 1}`;
}
