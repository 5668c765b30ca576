import type { AppUpdates } from './App.tsx';

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
          A newer version of the app changed its saved data: this tab reloads when the player closes.{' '}
          <button type="button" class="primary" onClick={() => location.reload()}>
            Reload now
          </button>
        </p>
      )}
      {updates.available.value && (
        <p class="notice update">
          A new version is available.{' '}
          <button type="button" class="primary" onClick={() => updates.apply()}>
            Reload
          </button>
        </p>
      )}
    </>
  );
}
