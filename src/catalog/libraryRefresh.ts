import type { Episode } from '../core/catalog.ts';
import { type DownloadRecord } from '../core/downloadState.ts';
import { episodeOf, storedDownload } from '../core/downloadRecords.ts';
import { t } from '../i18n/translate.ts';

/** The library: the catalog, then every downloaded episode it no longer lists (kept, playable). */
export function libraryEpisodes(catalog: readonly Episode[], records: Iterable<DownloadRecord>): Episode[] {
  const listed = new Set(catalog.map((episode) => episode.id));
  const orphans: Episode[] = [...records]
    .filter((record) => storedDownload(record) !== undefined && !listed.has(record.episodeId))
    .map((record) => ({
      ...episodeOf(record),
      description: t('card.orphan'),
      durationSeconds: 0,
      artworkUrl: record.artworkUrl ?? '',
    }));
  return [...catalog, ...orphans];
}
