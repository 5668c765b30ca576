/**
 * The download lifecycle, shared by page and service worker. Pure: no DOM, no worker globals,
 * no clock (callers pass `at`). Every write to a download record goes through `transition`,
 * and these are all the changes it allows:
 *
 *   from                                 event      to
 *   (none), failed, cancelled,           start      downloading (under a fresh id; a copy key of
 *     waiting-for-wifi, queued                        its own)
 *   (none), failed, cancelled            wait       waiting-for-wifi (on cellular, mobile data off)
 *   (none), failed, cancelled            queue      queued (every background fetch slot taken)
 *   waiting-for-wifi                     queue      queued (Wi-Fi back, no slot free: keeps its place)
 *   downloading                          succeeded  downloaded
 *   failed (interrupted)                 succeeded  downloaded (a late success: the bytes are real)
 *   downloaded                           succeeded  downloaded, unchanged (the same outcome twice)
 *   downloading                          failed     failed (its reason)
 *   downloading                          aborted    cancelled
 *   downloading                          paused     waiting-for-wifi (under a new id)
 *   downloaded                           lost       failed (copy-gone: its copy is not in the cache)
 *   anything but downloading, and        delete     (none) (a download is cancelled first)
 *     no change of quality
 *
 * Changing the quality of a downloaded episode makes the new attempt the record and keeps the
 * downloaded one in its `previous`: that copy stays the viewer's (it plays, nothing deletes it)
 * while the attempt runs. Besides the rows above, which carry `previous` along:
 *
 *   downloaded                           start, wait, queue  as from (none), with previous
 *                                          with replace        (the downloaded record)
 *   downloading, with previous           succeeded  downloaded (the swap, in one write: the old
 *   failed (interrupted), with previous                bytes are then deleted, mediaCopies.ts)
 *   downloading, with previous           failed     previous, with switchFailure (what it tried,
 *                                                     and why); interrupted: failed, as above
 *   pending or failed, with previous     aborted    previous, as it was (Cancel)
 *   with previous                        lost       the same, without previous (its copy evicted)
 *
 * Anything else is refused, with a RefusalCode. Events carry the background fetch id they are
 * about: an event whose id is not the record's current one is refused (`retired`), as it belongs
 * to a retired attempt and must not overwrite the new one.
 */
import type { Caption } from './catalog.ts';
import { newCopyKey } from './copyKeys.ts';
import { isPending } from './downloadRecords.ts';

export type DownloadState = 'waiting-for-wifi' | 'queued' | 'downloading' | 'downloaded' | 'failed' | 'cancelled';


/** How the bytes travel: the browser's Background Fetch, or a streaming fetch in an open tab. */
export type Transport = 'background-fetch' | 'in-page';

export type FailureReason =
  | 'bad-status'
  | 'fetch-error'
  | 'quota-exceeded'
  | 'download-total-exceeded'
  | 'size-mismatch'
  | 'hash-mismatch'
  | 'insufficient-storage'
  /** The viewer's own download limit would be passed (a preflight: no fetch started). */
  | 'over-limit'
  | 'could-not-start'
  | 'could-not-store'
  | 'cors-refused'
  | 'interrupted'
  /** The record said Downloaded but its copy was no longer in the cache (evicted, site data cleared). */
  | 'copy-gone'
  /** None of the episode's sources plays on this device (a preflight: `detail` lists their types). */
  | 'unplayable';

export interface DownloadFailure {
  reason: FailureReason;
  /** The HTTP status, when the server answered. */
  status?: number;
  /** Technical detail for the curious (e.g. an exception message). */
  detail?: string;
  /** Storage failures: what the episode needs, and (preflight) what the browser said was free. */
  neededBytes?: number;
  freeBytes?: number;
  /** over-limit: the limit the viewer set. */
  limitBytes?: number;
}

export interface DownloadRecord {
  episodeId: string;
  /** The Background Fetch id: a fresh UUID per attempt, stored before the fetch starts. */
  downloadId: string;
  state: DownloadState;
  /** Canonical URL: the request (it may redirect to a signed CDN URL). */
  mediaUrl: string;
  /**
   * The media cache key of this attempt's copy (src/core/copyKeys.ts). Absent on records made
   * before keys were per attempt: their copy is under mediaUrl.
   */
  copyKey?: string;
  expectedBytes: number;
  /** Lowercase hex SHA-256 from the catalog, checked before the episode counts as downloaded. */
  sha256?: string;
  title: string;
  artworkUrl?: string;
  /** The artwork's other widths (Episode.artworkSrcset): cached with the download, so its card shows offline whichever it draws. */
  artworkSrcset?: string;
  /** Stored beside the media when the download starts, deleted with it. */
  captions?: Caption[];
  /** Which of the catalog's renditions mediaUrl is, where it offers several (the UI says it: "720p"). */
  rendition?: Rendition;
  /** Absent on records written before there was a choice: those are background fetches. */
  transport?: Transport;
  /** Automatic retries since the user last pressed Download or Retry. */
  automaticRetries: number;
  createdAt: number;
  updatedAt: number;
  storedBytes?: number;
  failure?: DownloadFailure;
  /**
   * While this attempt changes the quality of a downloaded episode: that download, whose copy
   * plays and is kept until this one is stored and verified (see the table above).
   */
  previous?: DownloadRecord;
  /** The last change of quality that failed (the previous copy was kept): what it tried, and why. */
  switchFailure?: { rendition?: Rendition; failure: DownloadFailure };
}

/** A rendition as a download names it: what the publisher calls it, else its height. */
export interface Rendition {
  height?: number;
  label?: string;
}

export interface EpisodeToDownload {
  id: string;
  title: string;
  /** The source downloaded: the episode's own file, or the rendition the quality setting chose. */
  mediaUrl: string;
  rendition?: Rendition;
  bytes: number;
  sha256?: string;
  artworkUrl?: string;
  artworkSrcset?: string;
  captions?: Caption[];
}

export type DownloadEvent =
  | {
      type: 'start';
      downloadId: string;
      episode: EpisodeToDownload;
      transport: Transport;
      automatic?: boolean;
      /** Changing the quality of the downloaded episode: its copy is kept until this one lands. */
      replace?: boolean;
      at: number;
    }
  | { type: 'wait'; downloadId: string; episode: EpisodeToDownload; replace?: boolean; at: number }
  /** Chromium already runs as many background fetches for this origin as it allows: wait for one to end. */
  | { type: 'queue'; downloadId: string; episode: EpisodeToDownload; replace?: boolean; at: number }
  | { type: 'succeeded'; downloadId: string; storedBytes: number; at: number }
  | { type: 'failed'; downloadId: string; failure: DownloadFailure; at: number }
  | { type: 'aborted'; downloadId: string; at: number }
  /** The connection became cellular with mobile data off: the attempt is retired and stopped. */
  | { type: 'paused'; downloadId: string; nextDownloadId: string; at: number }
  | { type: 'delete'; at: number }
  /** A downloaded episode's copy is not in the cache: it is gone, and the record says so. */
  | { type: 'lost'; downloadId: string; at: number };


/** Why an event was refused: callers branch on the code (a development build also logs it). */
export type RefusalCode =
  /** No record for the episode (never downloaded, or deleted). */
  | 'no-record'
  /** The event's id is not the record's: it belongs to an attempt since replaced. */
  | 'retired'
  /** A start or wait while the episode is already downloading, downloaded or waiting. */
  | 'already-active'
  /** An outcome for an attempt that has already ended (failed, cancelled, downloaded). */
  | 'not-downloading'
  /** Delete while downloading: the attempt must be cancelled first. */
  | 'cancel-first';

export type TransitionResult = { ok: true; record: DownloadRecord | undefined } | { ok: false; refusal: RefusalCode };

export function transition(record: DownloadRecord | undefined, event: DownloadEvent): TransitionResult {
  const refuse = (refusal: RefusalCode): TransitionResult => ({ ok: false, refusal });

  if (event.type === 'start' || event.type === 'wait' || event.type === 'queue') {
    const replacing = event.replace === true && record?.state === 'downloaded';
    if (record && (record.state === 'downloading' || (record.state === 'downloaded' && !replacing))) {
      return refuse('already-active');
    }
    // Wi-Fi back with every slot taken: a waiting download joins the queue in its place (the
    // order it was chosen in). Otherwise waiting and queued records are not waited or queued twice.
    const joinsQueue = event.type === 'queue' && record?.state === 'waiting-for-wifi';
    if (event.type !== 'start' && !joinsQueue && (record?.state === 'waiting-for-wifi' || record?.state === 'queued')) return refuse('already-active');
    const { episode } = event;
    // The copy kept while a change of quality runs: the downloaded record, or the one a waiting
    // or queued change already keeps.
    const previous = replacing ? keptDownload(record) : record?.previous;
    return {
      ok: true,
      record: {
        episodeId: episode.id,
        downloadId: event.downloadId,
        state: event.type === 'start' ? 'downloading' : event.type === 'queue' ? 'queued' : 'waiting-for-wifi',
        mediaUrl: episode.mediaUrl,
        ...(event.type === 'start' ? { copyKey: newCopyKey(episode.mediaUrl, event.downloadId) } : {}),
        expectedBytes: episode.bytes,
        sha256: episode.sha256,
        title: episode.title,
        artworkUrl: episode.artworkUrl,
        artworkSrcset: episode.artworkSrcset,
        ...(episode.captions?.length ? { captions: episode.captions } : {}),
        ...(episode.rendition ? { rendition: episode.rendition } : {}),
        transport: event.type === 'start' ? event.transport : undefined,
        automaticRetries: event.type === 'start' && event.automatic ? (record?.automaticRetries ?? 0) + 1 : 0,
        createdAt: joinsQueue ? (record?.createdAt ?? event.at) : event.at,
        updatedAt: event.at,
        ...(previous ? { previous } : {}),
      },
    };
  }
  if (!record) return refuse('no-record');
  if (event.type === 'delete') {
    // A change of quality is cancelled first too: that puts back the download it would replace.
    return record.state === 'downloading' || record.previous ? refuse('cancel-first') : { ok: true, record: undefined };
  }
  // The copy a change of quality keeps was evicted: the change goes on, with nothing to fall back to.
  if (event.type === 'lost' && record.previous?.downloadId === event.downloadId) {
    const { previous: _gone, ...change } = record;
    return ok({ ...change, updatedAt: event.at });
  }
  if (event.downloadId !== record.downloadId) return refuse('retired');

  switch (event.type) {
    case 'succeeded':
      // A success may arrive after reconciliation marked the same id interrupted: the id leaves
      // getIds() before its success handler has run. The bytes are real, so it still lands. A
      // change of quality that lands replaces its previous download (whose bytes are let go).
      if (record.state === 'downloading' || (record.state === 'failed' && record.failure?.reason === 'interrupted')) {
        const { previous: _replaced, ...landed } = record;
        return ok({ ...landed, state: 'downloaded', storedBytes: event.storedBytes, failure: undefined, updatedAt: event.at });
      }
      // Or after reconciliation found this id's bytes complete and said Downloaded: the same
      // outcome twice, not a conflict. The record stays as it is (and so do its bytes).
      if (record.state === 'downloaded') return ok(record);
      return refuse('not-downloading');
    case 'failed':
      if (record.state !== 'downloading') return refuse('not-downloading');
      // A change of quality that failed: the previous download is back as it was, and says why.
      // Not on "interrupted": its late success may still land it, and it is retried as any.
      if (record.previous && event.failure.reason !== 'interrupted') return ok({ ...record.previous, switchFailure: { ...(record.rendition ? { rendition: record.rendition } : {}), failure: event.failure } });
      return ok({ ...record, state: 'failed', failure: event.failure, updatedAt: event.at });
    case 'aborted':
      // A change of quality cancelled, running, waiting its turn or to retry: the previous download is back.
      if (record.previous && (isPending(record.state) || record.state === 'failed')) return ok(record.previous);
      if (record.state !== 'downloading') return refuse('not-downloading');
      return ok({ ...record, state: 'cancelled', updatedAt: event.at });
    case 'lost':
      if (record.state !== 'downloaded') return refuse('not-downloading');
      return ok({ ...record, state: 'failed', storedBytes: undefined, failure: { reason: 'copy-gone' }, updatedAt: event.at });
    case 'paused':
      if (record.state !== 'downloading') return refuse('not-downloading');
      // A new id: whatever the stopped attempt still reports (its abort) finds no record.
      return ok({ ...record, state: 'waiting-for-wifi', downloadId: event.nextDownloadId, updatedAt: event.at });
  }
}

/** A downloaded record as a change of quality keeps it: without the note of an earlier failed change. */
function keptDownload({ previous: _none, switchFailure: _old, ...download }: DownloadRecord): DownloadRecord {
  return download;
}

function ok(record: DownloadRecord): TransitionResult {
  return { ok: true, record };
}
