import { MEDIA_CACHE } from './cacheNames.ts';
import { applyDownloadEvent, type AppDB } from './db.ts';
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
 *  - no registration, but the cache holds the expected bytes → downloaded;
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
  await Promise.all(
    downloading.map((record) =>
      locks.request(startLockName(record.episodeId), async () => {
        const current = await db.get('downloads', record.episodeId);
        if (current?.state !== 'downloading') return;
        if (await backgroundFetch.get(current.downloadId)) return;
        const cached = await cache.match(current.mediaUrl);
        const storedBytes = Number(cached?.headers.get('Content-Length') ?? NaN);
        if (cached && storedBytes === current.expectedBytes) {
          await applyDownloadEvent(db, current.episodeId, {
            type: 'succeeded',
            downloadId: current.downloadId,
            storedBytes,
            at: now(),
          });
        } else {
          await applyDownloadEvent(db, current.episodeId, {
            type: 'failed',
            downloadId: current.downloadId,
            failure: { reason: 'interrupted' },
            at: now(),
          });
        }
      }),
    ),
  );
}
