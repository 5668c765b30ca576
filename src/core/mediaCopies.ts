/**
 * Who owns the bytes in the media cache. Every download attempt stores its copy under a key of
 * its own (the canonical URL with the attempt's id), so two episodes with one media URL, or a
 * retired attempt and its retry, never share a copy. Bytes are deleted in one place,
 * `deleteMediaCopy`, and only when no stored download holds them: a record that says Downloaded,
 * or the download a change of quality keeps.
 */
import { CAPTIONS_CACHE, MEDIA_CACHE } from './cacheNames.ts';
import { downloadsIn, type AppDB } from './db.ts';
import type { DownloadRecord, DownloadState } from './downloadState.ts';
import { isPending } from './downloadRecords.ts';
import { canonicalOf, copyKeyOf, releasedCopyKeys } from './copyKeys.ts';

/** States a change of quality can be in while it keeps the download it would replace (downloadState.ts). */
const CHANGING: readonly DownloadState[] = ['downloading', 'queued', 'waiting-for-wifi', 'failed'];

/** The downloads changes of quality keep while they run. */
async function keptDownloads(db: AppDB): Promise<DownloadRecord[]> {
  const changing = await Promise.all(CHANGING.map((state) => downloadsIn(db, state)));
  return changing.flat().flatMap((record) => (record.previous ? [record.previous] : []));
}

/** Every stored download: the downloaded records, and the copies changes of quality keep. */
async function storedDownloads(db: AppDB): Promise<DownloadRecord[]> {
  const [downloaded, kept] = await Promise.all([downloadsIn(db, 'downloaded'), keptDownloads(db)]);
  return [...downloaded, ...kept];
}

/** Stored downloads whose bytes are under `key` (more than one only for records of the shared-key era). */
export async function holdersOf(db: AppDB, key: string): Promise<DownloadRecord[]> {
  return (await storedDownloads(db)).filter((record) => copyKeyOf(record) === key);
}

/** After a record changed: deletes the stored copies it let go (a change of quality's old copy), unless another record holds them. */
export async function releaseCopies(db: AppDB, caches: CacheStorage, before: DownloadRecord | undefined, after: DownloadRecord | undefined): Promise<void> {
  for (const key of releasedCopyKeys(before, after)) await deleteMediaCopy(db, caches, key);
}

/**
 * The one function that deletes media bytes. It asks the records first: while any record says
 * Downloaded with this copy, nothing is deleted. Returns whether the copy is gone.
 */
export async function deleteMediaCopy(db: AppDB, caches: CacheStorage, key: string): Promise<boolean> {
  if ((await holdersOf(db, key)).length > 0) return false;
  await (await caches.open(MEDIA_CACHE)).delete(key);
  return true;
}

/**
 * Deletes the stored captions of a record that is gone, except those another record still wants
 * (two episodes may list one caption file).
 */
export async function deleteCaptionsOf(db: AppDB, caches: CacheStorage, record: DownloadRecord): Promise<void> {
  if (!record.captions?.length) return;
  const others = (await db.getAll('downloads')).filter((other) => other.episodeId !== record.episodeId && (other.state === 'downloaded' || isPending(other.state)));
  const wanted = new Set(others.flatMap((other) => (other.captions ?? []).map((caption) => caption.url)));
  const cache = await caches.open(CAPTIONS_CACHE);
  await Promise.all(record.captions.filter((caption) => !wanted.has(caption.url)).map((caption) => cache.delete(caption.url)));
}

/**
 * The stored copy to play for a canonical media URL: any stored download's of that URL. Asked at
 * every range request: the downloaded records first (one index read), the kept copies only if none has it.
 */
export async function storedCopyFor(db: AppDB, caches: CacheStorage, mediaUrl: string): Promise<Response | undefined> {
  const cache = await caches.open(MEDIA_CACHE);
  for (const records of [() => downloadsIn(db, 'downloaded'), () => keptDownloads(db)]) {
    for (const record of await records()) {
      if (record.mediaUrl !== mediaUrl) continue;
      const copy = await cache.match(copyKeyOf(record));
      if (copy) return copy;
    }
  }
  return undefined;
}

/**
 * A copy of a canonical URL found by its key alone, for a worker that cannot read the records (a
 * newer version's schema has taken the database): any stored copy of it, as every one is complete.
 */
export async function anyCopyOf(caches: CacheStorage, mediaUrl: string): Promise<Response | undefined> {
  const cache = await caches.open(MEDIA_CACHE);
  const key = (await cache.keys()).find((request) => canonicalOf(request.url) === mediaUrl);
  return key && cache.match(key);
}

/**
 * Stored downloads whose copy is not in the media cache (the browser evicted it, the viewer
 * cleared site data). One `keys()` for the whole library.
 */
export async function recordsWithoutCopy(db: AppDB, caches: CacheStorage): Promise<DownloadRecord[]> {
  // Records first: a download that lands after this read stored its bytes before saying so. The
  // copies changes of quality keep too (their 'lost' names the kept download's id).
  const downloaded = await storedDownloads(db);
  if (downloaded.length === 0) return [];
  const keys = new Set((await (await caches.open(MEDIA_CACHE)).keys()).map((request) => request.url));
  return downloaded.filter((record) => !keys.has(copyKeyOf(record)));
}
