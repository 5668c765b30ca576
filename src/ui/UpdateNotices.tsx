import type { AppUpdates } from './App.tsx';
import { t } from '../i18n/translate.ts';

/**
 * A new version waiting, or a newer version's schema that took the database: a chunk of its own,
 * loaded with the first screen (so it is here before either happens, even once the new worker has
 * replaced this version's files), rather than in the page entry.
 */
export function UpdateNotices({ updates }: { updates: AppUpdates }) {
  return (
    <>
      {updates.reloadNeeded.value && (
        <p class="notice update" role="status">
          {t('update.reloadNeeded')}{' '}
          <button type="button" class="primary" onClick={() => location.reload()}>
            {t('update.reloadNow')}
          </button>
        </p>
      )}
      {updates.available.value && (
        <p class="notice update">
          {t('update.available')}{' '}
          <button type="button" class="primary" onClick={() => updates.apply()}>
            {t('common.reload')}
          </button>
        </p>
      )}
    </>
  );
}
