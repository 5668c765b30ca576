import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Episode } from './catalog.ts';
import type { PlaybackPosition, PlaybackPreferences } from './playback.ts';
import type { DownloadRecord, DownloadState } from './downloadState.ts';
import type { LanguageRecord } from '../i18n/workerMessages.ts';

export interface AppDBSchema extends DBSchema {
  /**
   * The catalog as last fetched and checked: one record (key CATALOG_KEY). One record rather than
   * one per episode: a long catalog's thousands of rows block the main thread to write and are
   * slow to read back (README, Performance: P6).
   */
  catalog: { key: string; value: SavedCatalog };
  /** One record per episode that has been downloaded or tried. */
  downloads: { key: string; value: DownloadRecord; indexes: { byDownloadId: string; byState: DownloadState } };
  /** In-page downloads only: what has arrived so far of an episode, to resume from. */
  partials: { key: string; value: PartialDownload };
  /** In-page downloads only: the bytes, in pieces of about a megabyte, keyed by file offset. */
  chunks: { key: [string, number]; value: DownloadChunk };
  /** Where the viewer stopped in each episode; kept when a download is deleted or the catalog changes. */
  playback: { key: string; value: PlaybackPosition };
  /**
   * The viewer's playback choices (key PREFERENCES_KEY: preferencesStore, read by
   * src/player/preferences.ts) and language (key LANGUAGE_KEY: src/i18n/workerMessages.ts), one record each.
   */
  preferences: { key: string; value: PlaybackPreferences | LanguageRecord };
  /** The episode ids of the catalog as the viewer last saw it (key SEEN_KEY): the rest are "New". */
  seen: { key: string; value: string[] };
}

export interface SavedCatalog {
  /** In catalog order. */
  episodes: Episode[];
  /** The skipped-entry notices that went with it. */
  skipped: string[];
  /** The response's validator: an unchanged catalog is neither parsed nor written again. */
  etag?: string;
  /**
   * The settings it was checked with (its URL, the media origins): with others, an unchanged
   * catalog is checked again, so an origin no longer allowed is not kept.
   */
  checkedWith?: string;
}

const CATALOG_KEY = 'current';
/** The saved catalog's first screen, a record of its own: read first, it costs the same for ten episodes or ten thousand. */
const CATALOG_HEAD_KEY = 'head';
/** As many episodes as the library's first step renders (EpisodeList's PAGE_SIZE). */
export const CATALOG_HEAD_LENGTH = 24;
const SEEN_KEY = 'episodes';
const PREFERENCES_KEY = 'playback';

export interface PartialDownload {
  episodeId: string;
  /** The canonical URL the bytes belong to; a different one means start again. */
  mediaUrl: string;
  /** Strong validator (ETag) of the bytes so far; a resume goes on only if the answer has the same one. */
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
/** The schema this code opens; every opener of the app's database must ask for it (an open without a version makes an empty v1). */
export const DB_VERSION = 4;

export interface OpenAppDbOptions {
  /**
   * A newer version of the app wants a newer schema and this connection is in its way. The
   * connection is closed first (so the upgrade is never blocked); the caller decides the rest:
   * a page reloads into the new code; the worker passes nothing, as it is being replaced.
   */
  onBlocking?: () => void;
}

export async function openAppDb({ onBlocking }: OpenAppDbOptions = {}): Promise<AppDB> {
  let from: number | undefined;
  // Thrown inside the upgrade, it only aborts it: the open then rejects with a bare AbortError.
  let cause: unknown;
  try {
    return await openDB<AppDBSchema>(DB_NAME, DB_VERSION, {
      upgrade(db, oldVersion, _newVersion, transaction) {
        from = oldVersion;
        // An aborted upgrade is reported once, by the open's rejection below.
        transaction.done.catch(() => undefined);
        try {
          upgradeSchema(db, oldVersion, transaction);
        } catch (error) {
          cause = error;
          throw error;
        }
      },
      blocking(_current, _next, event) {
        (event.target as IDBDatabase).close();
        onBlocking?.();
      },
    });
  } catch (error) {
    if (from === undefined) throw error;
    const why = cause ?? error;
    throw new Error(`The saved library (schema v${from}) could not be upgraded to v${DB_VERSION}; it is kept as it was. ${why instanceof Error ? `${why.name}: ${why.message}` : String(why)}`, { cause: error });
  }
}

function upgradeSchema(db: AppDB, oldVersion: number, transaction: UpgradeTransaction): void {
  if (oldVersion < 1) {
    const downloads = db.createObjectStore('downloads', { keyPath: 'episodeId' });
    downloads.createIndex('byDownloadId', 'downloadId', { unique: true });
  }
  if (oldVersion < 2) {
    db.createObjectStore('partials', { keyPath: 'episodeId' });
    db.createObjectStore('chunks', { keyPath: ['episodeId', 'offset'] });
  }
  if (oldVersion < 3) {
    // Reconciliation reads only the records still "downloading", not the whole library.
    transaction.objectStore('downloads').createIndex('byState', 'state');
    db.createObjectStore('catalog');
    if (oldVersion > 0) void moveEpisodesIntoCatalog(db, transaction);
  }
  if (oldVersion < 4) {
    db.createObjectStore('playback', { keyPath: 'episodeId' });
    db.createObjectStore('preferences');
    db.createObjectStore('seen');
  }
}

type UpgradeTransaction = IDBPTransaction<AppDBSchema, StoreNames<AppDBSchema>[], 'versionchange'>;

/** Schema 1–2 kept the catalog as one record per episode, with its position in the catalog. */
type StoredEpisodeV2 = Episode & { position: number };

/** v2 → v3: the saved catalog moves into one record, so an upgrade made offline still shows it. */
async function moveEpisodesIntoCatalog(db: AppDB, transaction: UpgradeTransaction): Promise<void> {
  // The old store is not in the current schema's types.
  const legacy = transaction as unknown as IDBPTransaction<unknown, ['episodes'], 'versionchange'>;
  const rows = (await legacy.objectStore('episodes').getAll()) as StoredEpisodeV2[];
  const episodes = rows.sort((a, b) => a.position - b.position).map(({ position: _position, ...episode }) => episode);
  await transaction.objectStore('catalog').put({ episodes, skipped: [] } satisfies SavedCatalog, CATALOG_KEY);
  (db as unknown as IDBPDatabase).deleteObjectStore('episodes');
}

/** Records in one state, through the byState index (the library may hold thousands of others). */
export function downloadsIn(db: AppDB, state: DownloadState): Promise<DownloadRecord[]> {
  return db.getAllFromIndex('downloads', 'byState', state);
}

export function findDownload(db: AppDB, downloadId: string): Promise<DownloadRecord | undefined> {
  return db.getFromIndex('downloads', 'byDownloadId', downloadId);
}

/** Replaces the saved catalog and its first screen, together (one write for ten or ten thousand episodes). */
export async function saveCatalog(db: AppDB, catalog: SavedCatalog): Promise<void> {
  const tx = db.transaction('catalog', 'readwrite');
  const head: SavedCatalog = { episodes: catalog.episodes.slice(0, CATALOG_HEAD_LENGTH), skipped: [] };
  await Promise.all([tx.store.put(catalog, CATALOG_KEY), tx.store.put(head, CATALOG_HEAD_KEY), tx.done]);
}

export function loadCatalog(db: AppDB): Promise<SavedCatalog | undefined> {
  return db.get('catalog', CATALOG_KEY);
}

/** The saved catalog's first episodes; undefined when nothing is saved, or it was saved without one (by an earlier version). */
export async function loadCatalogHead(db: AppDB): Promise<Episode[] | undefined> {
  return (await db.get('catalog', CATALOG_HEAD_KEY))?.episodes;
}

export function loadPlaybackPositions(db: AppDB): Promise<PlaybackPosition[]> {
  return db.getAll('playback');
}

/**
 * Saves where the viewer is. Relaxed durability: a position is rewritten every few seconds while
 * playing, and losing the last one to a power cut costs seconds of video, not a disk flush each time.
 */
export async function savePlaybackPosition(db: AppDB, position: PlaybackPosition): Promise<void> {
  const tx = db.transaction('playback', 'readwrite', { durability: 'relaxed' });
  await Promise.all([tx.store.put(position), tx.done]);
}

/** The viewer's playback choices, kept: all the player needs of the database. */
export interface PreferencesStore {
  load(): Promise<PlaybackPreferences | undefined>;
  save(preferences: PlaybackPreferences): Promise<unknown>;
}

export function preferencesStore(db: AppDB): PreferencesStore {
  // Its key holds only playback preferences (the language has a key of its own).
  return { load: () => db.get('preferences', PREFERENCES_KEY) as Promise<PlaybackPreferences | undefined>, save: (preferences) => db.put('preferences', preferences, PREFERENCES_KEY) };
}

/** Catalog ids the viewer has seen; undefined before the first time the library was shown. */
export async function loadSeenEpisodes(db: AppDB): Promise<Set<string> | undefined> {
  const ids = await db.get('seen', SEEN_KEY);
  return ids ? new Set(ids) : undefined;
}

export async function saveSeenEpisodes(db: AppDB, ids: Iterable<string>): Promise<void> {
  await db.put('seen', [...ids], SEEN_KEY);
}

/** Episodes of a catalog the viewer has not seen yet (none before the library was first shown). */
export function unseenEpisodes(episodes: readonly Episode[], seen: ReadonlySet<string> | undefined): Episode[] {
  return seen ? episodes.filter((episode) => !seen.has(episode.id)) : [];
}
