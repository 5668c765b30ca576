import type { Episode } from '../core/catalog.ts';

/**
 * The episodes before and after one in catalog order, skipping those that cannot play now
 * (offline: the ones not downloaded). Up next and the lock screen's previous/next use these.
 */
export function neighbours(
  episodes: readonly Episode[],
  currentId: string,
  canPlay: (episode: Episode) => boolean,
): { previous?: Episode; next?: Episode } {
  const at = episodes.findIndex((episode) => episode.id === currentId);
  if (at === -1) return {};
  const previous = episodes.slice(0, at).findLast(canPlay);
  const next = episodes.slice(at + 1).find(canPlay);
  return { previous, next };
}
