import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Episode } from './catalog.ts';
import { transition, type DownloadEvent, type DownloadRecord, type DownloadState } from './downloadState.ts';

export interface AppDBSchema extends DBSchema {
  /** The catalog as last fetched, in catalog order. */
  episodes: { key: string; value: Episode & { position: number } };
  /** One record per episode that has been downloaded or tried. */
  downloads: { key: string; value: DownloadRecord; indexes: { byDownloadId: string; byState: DownloadState } };
  /** In-page downloads only: what has arrived so far of an episode, to resume from. */
  partials: { key: string; value: PartialDownload };
  /** In-page downloads only: the bytes, in pieces of about a megabyte, keyed by file offset. */
  chunks: { key: [string, number]; value: DownloadChunk };
}

export interface PartialDownload {
  episodeId: string;
  /** The canonical URL the bytes belong to; a different one means start again. */
  mediaUrl: string;
  /** Strong validator of the bytes so far; a resume sends it as If-Range. */
  etag?: string;
  contentType: string;
  storedBytes: number;
}

export interface DownloadChunk {
  episodeId: string;
  offset: number;
  data: ArrayBuffer;
}

export type AppDB = IDBPDatabase<AppDBSchema>;

export const DB_NAME = 'offline-episodes';

export function openAppDb(): Promise<AppDB> {
  return openDB<AppDBSchema>(DB_NAME, 3, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        db.createObjectStore('episodes', { keyPath: 'id' });
        const downloads = db.createObjectStore('downloads', { keyPath: 'episodeId' });
        downloads.createIndex('byDownloadId', 'downloadId', { unique: true });
      }
      if (oldVersion < 2) {
        db.createObjectStore('partials', { keyPath: 'episodeId' });
        db.createObjectStore('chunks', { keyPath: ['episodeId', 'offset'] });
      }
      // Reconciliation reads only the records still "downloading", not the whole library.
      if (oldVersion < 3) transaction.objectStore('downloads').createIndex('byState', 'state');
    },
    // A newer version of the app needs a newer schema: let go rather than block its upgrade. A
    // page reloads into the new code (this one cannot read the new schema); a worker is replaced.
    // The worker opens the database only once it is active (sw/sw.ts), so this happens when the
    // user has chosen the update, never while a new version merely waits.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      if (typeof document !== 'undefined') location.reload();
    },
  });
}

export type ApplyResult =
  | { ok: true; before: DownloadRecord | undefined; after: DownloadRecord | undefined }
  | { ok: false; refusal: string; before: DownloadRecord | undefined };

/**
 * Reads, transitions and writes one record in a single readwrite transaction, so a second tab
 * or the service worker cannot interleave (IndexedDB serialises overlapping readwrite scopes).
 */
export async function applyDownloadEvent(db: AppDB, episodeId: string, event: DownloadEvent): Promise<ApplyResult> {
  const tx = db.transaction('downloads', 'readwrite');
  const before = await tx.store.get(episodeId);
  const result = transition(before, event);
  if (!result.ok) {
    await tx.done;
    console.warn(`[downloads] ${result.refusal}`);
    return { ok: false, refusal: result.refusal, before };
  }
  if (result.record) await tx.store.put(result.record);
  else await tx.store.delete(episodeId);
  await tx.done;
  return { ok: true, before, after: result.record };
}

/**
 * Several events in one readwrite transaction (reconciliation's verdicts); refusals are skipped.
 * Relaxed durability: losing these writes to a crash loses nothing, since the next reconciliation
 * reaches the same verdicts from the same facts, and it spares a disk flush at every app start.
 */
export async function applyDownloadEvents(db: AppDB, events: [episodeId: string, event: DownloadEvent][]): Promise<void> {
  if (events.length === 0) return;
  const tx = db.transaction('downloads', 'readwrite', { durability: 'relaxed' });
  await Promise.all(
    events.map(async ([episodeId, event]) => {
      const result = transition(await tx.store.get(episodeId), event);
      if (!result.ok) console.warn(`[downloads] ${result.refusal}`);
      else if (result.record) await tx.store.put(result.record);
      else await tx.store.delete(episodeId);
    }),
  );
  await tx.done;
}

/** Records in one state, through the byState index (the library may hold thousands of others). */
export function downloadsIn(db: AppDB, state: DownloadState): Promise<DownloadRecord[]> {
  return db.getAllFromIndex('downloads', 'byState', state);
}

export function findDownload(db: AppDB, downloadId: string): Promise<DownloadRecord | undefined> {
  return db.getFromIndex('downloads', 'byDownloadId', downloadId);
}

/** Replaces the stored catalog in one transaction (one write for ten or ten thousand episodes). */
export async function saveCatalog(db: AppDB, episodes: Episode[]): Promise<void> {
  const tx = db.transaction('episodes', 'readwrite');
  await tx.store.clear();
  await Promise.all([...episodes.map((episode, position) => tx.store.put({ ...episode, position })), tx.done]);
}

export async function loadCatalog(db: AppDB): Promise<Episode[]> {
  const rows = await db.getAll('episodes');
  return rows.sort((a, b) => a.position - b.position).map(({ position: _position, ...episode }) => episode);
}
