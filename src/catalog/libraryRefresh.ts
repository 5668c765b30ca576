import type { Episode } from '../core/catalog.ts';
import { type DownloadRecord } from '../core/downloadState.ts';
import { episodeOf } from '../core/downloadRecords.ts';
import type { CatalogUpdate } from './catalogRefresh.ts';

/** The library: the catalog, then every downloaded episode it no longer lists (kept, playable). */
export function libraryEpisodes(catalog: readonly Episode[], records: Iterable<DownloadRecord>): Episode[] {
  const listed = new Set(catalog.map((episode) => episode.id));
  const orphans: Episode[] = [...records]
    .filter((record) => record.state === 'downloaded' && !listed.has(record.episodeId))
    .map((record) => ({
      ...episodeOf(record),
      description: 'No longer in the catalog; your download is kept.',
      durationSeconds: 0,
      artworkUrl: record.artworkUrl ?? '',
    }));
  return [...catalog, ...orphans];
}

/** The line under the header after a catalog refresh: entries skipped, or why the saved catalog shows. */
export function catalogNotice(outcome: { update: CatalogUpdate } | { error: unknown }, online: boolean): string {
  if ('update' in outcome) {
    const { skipped } = outcome.update;
    return skipped.length ? `${skipped.length} catalog entr${skipped.length === 1 ? 'y was' : 'ies were'} skipped: ${skipped.join('; ')}` : '';
  }
  if (!online) return 'You are offline: showing the saved catalog and your downloads.';
  const why = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
  return `The catalog could not be updated: ${why}. Showing the saved one.`;
}
