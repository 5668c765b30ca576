import type { Caption } from '../../core/catalog.ts';
import { clip, feedEpisodeId } from './feedText.ts';

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
  };
  return { entry };
}

export function itemLabel(index: number, title: string): string {
  return title ? `Item ${index + 1} (“${clip(title, 60)}”)` : `Item ${index + 1}`;
}
