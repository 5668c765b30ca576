import type { Episode } from '../core/catalog.ts';
import { type DownloadRecord } from '../core/downloadState.ts';
import { episodeOf } from '../core/downloadRecords.ts';
import type { CatalogUpdate } from './catalogRefresh.ts';
import { t } from '../i18n/translate.ts';

/** The library: the catalog, then every downloaded episode it no longer lists (kept, playable). */
export function libraryEpisodes(catalog: readonly Episode[], records: Iterable<DownloadRecord>): Episode[] {
  const listed = new Set(catalog.map((episode) => episode.id));
  const orphans: Episode[] = [...records]
    .filter((record) => record.state === 'downloaded' && !listed.has(record.episodeId))
    .map((record) => ({
      ...episodeOf(record),
      description: t('card.orphan'),
      durationSeconds: 0,
      artworkUrl: record.artworkUrl ?? '',
    }));
  return [...catalog, ...orphans];
}

/** The line under the header after a catalog refresh: entries skipped, or why the saved catalog shows. */
export function catalogNotice(outcome: { update: CatalogUpdate } | { error: unknown }, online: boolean): string {
  if ('update' in outcome) {
    const { skipped } = outcome.update;
    // Each entry's reason is the feed checker's, in English: it is for the publisher to fix.
    return skipped.length ? t('notice.catalogSkipped', { count: skipped.length, reasons: skipped.join('; ') }) : '';
  }
  if (!online) return t('notice.offline');
  const why = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
  return t('notice.catalogFailed', { why });
}
