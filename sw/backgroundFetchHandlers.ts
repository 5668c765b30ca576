import { copyKeyOf } from '../src/core/copyKeys.ts';
import { findDownload, type AppDB } from '../src/core/db.ts';
import { applyDownloadEvent } from '../src/core/downloadEvents.ts';
import { deleteMediaCopy, releaseCopies } from '../src/core/mediaCopies.ts';
import { expectedOf } from '../src/core/storeResult.ts';
import type { DownloadFailure, DownloadRecord, FailureReason } from '../src/core/downloadState.ts';
import type { AppMessage } from '../src/core/messages.ts';
import { storeFetchedEpisode } from './storeFetchedEpisode.ts';
import { fillArguments, workerMessages, type WorkerMessageId } from '../src/i18n/workerMessages.ts';

export interface BackgroundFetchDeps {
  db: () => Promise<AppDB>;
  caches: CacheStorage;
  notify: (message: AppMessage) => void;
  openEpisode: (episodeId: string | undefined) => Promise<void>;
  /** Whether a URL on another origin answers, but without CORS headers (see corsProbe.ts). */
  refusedByCors: (url: string) => Promise<boolean>;
  now: () => number;
}

/**
 * The worker's Background Fetch handlers, built from their dependencies so the same code runs in
 * the worker and under test. Each resolves the fetch id (a UUID stored before the fetch began) to
 * its download record through the byDownloadId index: the request URL is no key, it redirects.
 */
export function createBackgroundFetchHandlers(deps: BackgroundFetchDeps) {
  async function recordFor(registration: BackgroundFetchRegistration): Promise<DownloadRecord | undefined> {
    const record = await findDownload(await deps.db(), registration.id);
    // Unknown or retired id (a retried or deleted download): its data is dropped with the event.
    if (!record && import.meta.env.DEV) console.warn(`[sw] background fetch ${registration.id} matches no download; dropped`);
    return record;
  }

  async function fail(record: DownloadRecord, failure: DownloadFailure): Promise<void> {
    const db = await deps.db();
    await applyDownloadEvent(db, record.episodeId, { type: 'failed', downloadId: record.downloadId, failure, at: deps.now() });
    deps.notify({ type: 'download-changed', episodeId: record.episodeId });
  }

  /** The browser's download UI's title, in the language the page last used (IndexedDB). */
  async function titled(id: WorkerMessageId, record: DownloadRecord): Promise<string> {
    return fillArguments((await workerMessages(await deps.db()))[id], { title: record.title });
  }

  return {
    async success(registration: BackgroundFetchRegistration): Promise<string | undefined> {
      const record = await recordFor(registration);
      if (!record) return undefined;
      // Reconciliation can get here first: the id leaves getIds() before this handler runs, and
      // complete bytes with no SHA-256 owed are a download. The same outcome: nothing to redo.
      if (record.state === 'downloaded') return titled('sw.downloaded', record);
      // Cancelled as the last bytes arrived: they are not wanted, and nothing is stored.
      if (record.state === 'cancelled') return undefined;
      const [fetched] = await registration.matchAll();
      const response = await fetched?.responseReady;
      if (!response?.ok) {
        await fail(record, { reason: 'bad-status', status: response?.status });
        return titled('sw.failed', record);
      }
      if (!response.body) {
        // A 200 without its body: Chromium's report of a connection cut and not resumed (seen).
        await fail(record, { reason: 'fetch-error', detail: 'the response ended without its body' });
        return titled('sw.failed', record);
      }
      const db = await deps.db();
      const stored = await storeFetchedEpisode(deps.caches, expectedOf(record), response);
      if (!stored.ok) {
        // Whatever it left under its own key is unverified: gone before the record says Failed.
        await deleteMediaCopy(db, deps.caches, copyKeyOf(record));
        await fail(record, stored.failure);
        return titled('sw.failed', record);
      }
      const applied = await applyDownloadEvent(db, record.episodeId, {
        type: 'succeeded',
        downloadId: record.downloadId,
        storedBytes: stored.storedBytes,
        at: deps.now(),
      });
      // Cancelled, retired or deleted while the bytes were being stored: this attempt's copy is
      // no one's (deleteMediaCopy still asks the records). Landed as a change of quality: the
      // old copy is no one's now.
      if (!applied.ok) await deleteMediaCopy(db, deps.caches, copyKeyOf(record));
      else await releaseCopies(db, deps.caches, applied.before, applied.after);
      deps.notify({ type: 'download-changed', episodeId: record.episodeId });
      return applied.ok ? titled('sw.downloaded', record) : undefined;
    },

    async fail(registration: BackgroundFetchRegistration): Promise<string | undefined> {
      const record = await recordFor(registration);
      if (!record) return undefined;
      let status: number | undefined;
      try {
        const [fetched] = await registration.matchAll();
        status = (await fetched?.responseReady)?.status;
      } catch {
        // No response at all (network error): there is no status to report.
      }
      let reason: FailureReason =
        registration.failureReason === '' || registration.failureReason === 'aborted'
          ? 'fetch-error'
          : registration.failureReason;
      // Chromium reports a CORS refusal as a network error: ask, or it would be retried as one.
      if (reason === 'fetch-error' && (await deps.refusedByCors(record.mediaUrl))) reason = 'cors-refused';
      await fail(record, reason === 'quota-exceeded' ? { reason, neededBytes: record.expectedBytes } : { reason, status });
      return titled('sw.failed', record);
    },

    async abort(registration: BackgroundFetchRegistration): Promise<void> {
      const record = await recordFor(registration);
      if (!record) return;
      const db = await deps.db();
      await applyDownloadEvent(db, record.episodeId, { type: 'aborted', downloadId: record.downloadId, at: deps.now() });
      deps.notify({ type: 'download-changed', episodeId: record.episodeId });
    },

    async click(registration: BackgroundFetchRegistration): Promise<void> {
      const record = await findDownload(await deps.db(), registration.id);
      await deps.openEpisode(record?.episodeId);
    },
  };
}
