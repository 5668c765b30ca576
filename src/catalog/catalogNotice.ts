import type { CatalogUpdate } from './catalogRefresh.ts';
import { t } from '../i18n/translate.ts';

// A chunk of its own: most starts have nothing to say (the catalog unchanged, nothing skipped).
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
