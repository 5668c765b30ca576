import { MEDIA_CACHE } from './cacheNames.ts';
import { applyDownloadEvents, type AppDB } from './db.ts';
import type { DownloadEvent } from './downloadState.ts';
import { startLockName } from './locks.ts';

export interface ReconcileDeps {
  db: AppDB;
  backgroundFetch: BackgroundFetchManager;
  caches: CacheStorage;
  locks: LockManager;
  now: () => number;
}

/**
 * Settles every background-fetch record that says "downloading", from what the browser and the cache know.
 * No timers, no guessing: the same inputs always give the same outcome.
 *  - the browser still has the registration → it is live; leave it be (the page follows it);
 *  - no registration, but the cache holds the expected bytes (and no SHA-256 is due) → downloaded;
 *  - neither → failed: interrupted (Retry). A success event that arrives later for the same id
 *    still lands it as downloaded (see downloadState.ts).
 * Every start lock is waited for first, so a tab between "record written" and "fetch()
 * returned" is never mistaken for an orphan.
 */
export async function reconcileDownloads(deps: ReconcileDeps): Promise<void> {
  const { db, backgroundFetch, caches, locks, now } = deps;
  // In-page downloads are not the browser's to know about: the page that runs them settles them.
  const downloading = (await db.getAll('downloads')).filter(
    (record) => record.state === 'downloading' && record.transport !== 'in-page',
  );
  if (downloading.length === 0) return;
  // A tab between "record written" and "fetch() returned" holds that episode's start lock: wait
  // for every such tab, then ask the browser which fetches it still has. (Not getIds(): in a
  // worker that is activating it waits for the activation, which waits for this: a deadlock.)
  await Promise.all(downloading.map((record) => locks.request(startLockName(record.episodeId), () => undefined)));
  const registrations = await Promise.all(downloading.map((record) => backgroundFetch.get(record.downloadId)));
  const live = new Set(registrations.filter((registration) => registration !== undefined).map(({ id }) => id));
  // Only attempts seen before the wait: one started since is not yet in `live` and is no orphan.
  const seen = new Set(downloading.map((record) => record.downloadId));
  const orphans = (await db.getAll('downloads')).filter(
    (record) => record.state === 'downloading' && seen.has(record.downloadId) && !live.has(record.downloadId),
  );
  const cache = await caches.open(MEDIA_CACHE);
  const verdicts = await Promise.all(
    orphans.map(async ({ episodeId, downloadId, mediaUrl, expectedBytes, sha256 }): Promise<[string, DownloadEvent]> => {
      const cached = await cache.match(mediaUrl);
      // The stored body's own size (a header could claim more than arrived).
      const storedBytes = cached ? (await cached.blob()).size : Number.NaN;
      // A copy whose SHA-256 was never checked is not trusted: it may be what a success handler
      // was still verifying when the browser stopped. The retry (or that late success) settles it.
      if (cached && storedBytes === expectedBytes && !sha256) {
        return [episodeId, { type: 'succeeded', downloadId, storedBytes, at: now() }];
      }
      return [episodeId, { type: 'failed', downloadId, failure: { reason: 'interrupted' }, at: now() }];
    }),
  );
  // One transaction for every verdict. Each event names its download id, so one for an attempt
  // retired since (a new start in another tab) is refused by the state machine.
  await applyDownloadEvents(db, verdicts);
}
