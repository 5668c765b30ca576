import type { DownloadRecord } from './downloadState.ts';

/**
 * Media cache keys: each download attempt stores its copy under a key of its own, so two episodes
 * with one media URL, or a retired attempt and its retry, never share a copy (mediaCopies.ts).
 */
/** The query parameter that makes an attempt's key its own. */
export const COPY_PARAM = 'offline-episodes-copy';

/** The media cache key of the copy an attempt stores: its canonical URL, tagged with its id. */
export function newCopyKey(mediaUrl: string, downloadId: string): string {
  const url = new URL(mediaUrl);
  url.searchParams.append(COPY_PARAM, downloadId);
  return url.href;
}

/**
 * Where a record's bytes are (or will be). Records written before keys were per attempt have no
 * `copyKey`: their bytes are under the canonical URL, possibly shared with another record.
 */
export function copyKeyOf(record: { copyKey?: string; mediaUrl: string }): string {
  return record.copyKey ?? record.mediaUrl;
}


/**
 * The stored copies a record holds: its own when downloaded, and the one a change of quality
 * keeps. A running attempt's key is not among them: what it leaves is its handler's to delete (a
 * late success may still land it after reconciliation said interrupted).
 */
export function heldCopyKeys(record: DownloadRecord | undefined): string[] {
  if (!record) return [];
  const own = record.state === 'downloaded' ? [copyKeyOf(record)] : [];
  return record.previous ? [...own, copyKeyOf(record.previous)] : own;
}

/** The stored copies a change of record let go (a swap's old copy; a deletion's): deleteMediaCopy's to delete. */
export function releasedCopyKeys(before: DownloadRecord | undefined, after: DownloadRecord | undefined): string[] {
  const kept = new Set(heldCopyKeys(after));
  return heldCopyKeys(before).filter((key) => !kept.has(key));
}

/** The canonical URL a copy key belongs to (a legacy key is the canonical URL itself). */
export function canonicalOf(key: string): string {
  const url = new URL(key);
  url.searchParams.delete(COPY_PARAM);
  return url.href;
}
