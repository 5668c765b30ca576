import { MEDIA_CACHE } from './cacheNames.ts';
import { copyKeyOf } from './copyKeys.ts';
import { downloadsIn, type AppDB } from './db.ts';
import { applyDownloadEvents } from './downloadEvents.ts';
import { releaseCopies } from './mediaCopies.ts';
import type { DownloadEvent } from './downloadState.ts';
import { startLockName } from './locks.ts';

export interface ReconcileDeps {
  db: AppDB;
  /** Which of these fetch ids the browser still has: `listedFetches` or `lookedUpFetches`. */
  liveFetches: (ids: string[]) => Promise<Set<string>>;
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
 * A record whose start is in progress in some tab (its start lock is held) is that tab's to
 * settle, so a tab between "record written" and "fetch() returned" is never mistaken for an orphan.
 */
export async function reconcileDownloads(deps: ReconcileDeps): Promise<void> {
  const { db, liveFetches, caches, locks, now } = deps;
  // In-page downloads are not the browser's to know about: the page that runs them settles them.
  const downloading = (await downloadsIn(db, 'downloading')).filter((record) => record.transport !== 'in-page');
  if (downloading.length === 0) return;
  // A tab between "record written" and "fetch() returned" holds that episode's start lock: that
  // live tab decides the outcome (it follows the fetch, or records why it could not start), so
  // the record is left to it. Not waited for: an activating worker waiting on a page whose
  // fetch() waits on the activation would never finish. A start that takes its lock after this
  // writes a new download id, and a verdict for the old one is refused (see below).
  const { held = [], pending = [] } = await locks.query();
  const starting = new Set([...held, ...pending].map((lock) => lock.name));
  const toJudge = downloading.filter((record) => !starting.has(startLockName(record.episodeId)));
  if (toJudge.length === 0) return;
  const live = await liveFetches(toJudge.map((record) => record.downloadId));
  const cache = await caches.open(MEDIA_CACHE);
  const verdicts = await Promise.all(
    toJudge
      .filter((record) => !live.has(record.downloadId))
      .map(async (record): Promise<[string, DownloadEvent]> => {
        const { episodeId, downloadId, expectedBytes, sha256 } = record;
        const cached = await cache.match(copyKeyOf(record));
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
  // retired since (a new start in another tab), or one that has ended since, is refused by the
  // state machine. A change of quality found complete lets its old copy go.
  // Written durably when a change of quality is among them: its old bytes are deleted next.
  const changes = await applyDownloadEvents(db, verdicts, toJudge.some((record) => record.previous) ? 'default' : 'relaxed');
  for (const { before, after } of changes) if (before?.previous) await releaseCopies(db, caches, before, after);
}

/** One getIds() call. For pages: in an activating worker it waits for the activation (deadlock). */
export function listedFetches(manager: BackgroundFetchManager): ReconcileDeps['liveFetches'] {
  return async () => new Set(await manager.getIds());
}

/** A get(id) per id, which an activating worker may call. Slower: one round trip each. */
export function lookedUpFetches(manager: BackgroundFetchManager): ReconcileDeps['liveFetches'] {
  return async (ids) => {
    const registrations = await Promise.all(ids.map((id) => manager.get(id)));
    return new Set(registrations.flatMap((registration) => (registration ? [registration.id] : [])));
  };
}
