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
 * Each record is checked under its start lock, so a tab between "record written" and
 * "fetch() returned" is never mistaken for an orphan.
 */
export async function reconcileDownloads(deps: ReconcileDeps): Promise<void> {
  const { db, backgroundFetch, caches, locks, now } = deps;
  // In-page downloads are not the browser's to know about: the page that runs them settles them.
  const downloading = (await db.getAll('downloads')).filter(
    (record) => record.state === 'downloading' && record.transport !== 'in-page',
  );
  if (downloading.length === 0) return;
  const cache = await caches.open(MEDIA_CACHE);
  // Each record is checked under its start lock; the verdicts are then written together, in one
  // transaction (fifty readwrite transactions one after another took most of the time). Writing
  // after the locks are released is safe: each event names its download id, and the state
  // machine refuses it if that attempt has since been retired.
  const verdicts = await Promise.all(
    downloading.map((record) =>
      locks.request(startLockName(record.episodeId), async (): Promise<[string, DownloadEvent] | undefined> => {
        const current = await db.get('downloads', record.episodeId);
        if (current?.state !== 'downloading') return undefined;
        if (await backgroundFetch.get(current.downloadId)) return undefined;
        const cached = await cache.match(current.mediaUrl);
        // The stored body's own size (a header could claim more than arrived).
        const storedBytes = cached ? (await cached.blob()).size : Number.NaN;
        // A copy whose SHA-256 was never checked is not trusted: it may be what a success handler
        // was still verifying when the browser stopped. The retry (or that late success) settles it.
        const { episodeId, downloadId } = current;
        if (cached && storedBytes === current.expectedBytes && !current.sha256) {
          return [episodeId, { type: 'succeeded', downloadId, storedBytes, at: now() }];
        }
        return [episodeId, { type: 'failed', downloadId, failure: { reason: 'interrupted' }, at: now() }];
      }),
    ),
  );
  await applyDownloadEvents(
    db,
    verdicts.filter((verdict) => verdict !== undefined),
  );
}
