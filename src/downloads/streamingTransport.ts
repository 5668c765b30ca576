import { copyKeyOf } from '../core/copyKeys.ts';
import type { AppDB, PartialDownload } from '../core/db.ts';
import { deleteMediaCopy } from '../core/mediaCopies.ts';
import { expectedOf } from '../core/storeResult.ts';
import type { DownloadFailure, DownloadRecord } from '../core/downloadState.ts';
import { startLockName } from '../core/locks.ts';
import { storeEpisode } from './storeEpisode.ts';
import type { DownloadEnvironment } from './environment.ts';
import type { DownloadTransport, TransportHooks } from './transport.ts';

/** Bytes gathered in memory before one IndexedDB write: big enough to be cheap, small enough to lose. */
export const CHUNK_BYTES = 1024 * 1024;
const PROGRESS_EVERY_MS = 250;
/**
 * No byte for this long and the connection is taken for lost: the attempt fails as a network
 * error (kept bytes, an automatic retry that resumes), never "Waiting for network" for ever.
 */
export const STALL_TIMEOUT_MS = 30_000;

/**
 * For browsers without Background Fetch (Safari, Firefox, WebViews): a streaming fetch in the
 * open tab. Bytes are written to IndexedDB as they arrive, a megabyte at a time, each write one
 * transaction with the running total, so a lost connection, a reload or a crash keeps everything
 * written and the next attempt asks for the rest (Range, the ETag checked on the answer). When the last byte is in,
 * the chunks are streamed into the media cache through the same verification as a background
 * fetch, and then dropped.
 *
 * One tab at a time runs a given episode: it holds a Web Lock for as long as it transfers. Another
 * tab that follows the download queues for that lock, and takes over (resuming from what is stored)
 * when the running tab closes.
 */
export class StreamingTransport implements DownloadTransport {
  readonly kind = 'in-page';
  readonly survivesClosedTab = false;
  /** Transfers this tab runs, by episode id. */
  private readonly running = new Map<string, AbortController>();
  /** Downloads another tab runs, whose transfer lock this tab has asked for, by episode id. */
  private readonly queued = new Set<string>();

  constructor(
    private readonly db: AppDB,
    private readonly hooks: TransportHooks,
    private readonly env: Pick<DownloadEnvironment, 'caches' | 'locks' | 'fetch' | 'now' | 'setTimer' | 'clearTimer'>,
  ) {}

  async start(record: DownloadRecord): Promise<void> {
    await this.runUnderLock(record);
  }

  async adopt(record: DownloadRecord): Promise<void> {
    if (this.running.has(record.episodeId) || this.queued.has(record.episodeId)) return;
    // A tab between "record written" and "transfer begun" holds the start lock: let it finish,
    // or its download would look like an orphan to resume.
    await this.env.locks.request(startLockName(record.episodeId), () => undefined);
    // In the queue for the transfer lock: granted at once if no tab runs it (a reload), else
    // when the tab running it closes or lets go; run() then checks the attempt is still current.
    this.queued.add(record.episodeId);
    void this.env.locks
      .request(transferLockName(record.episodeId), async () => {
        this.queued.delete(record.episodeId);
        await this.run(record);
      })
      .catch((error: unknown) => console.error('[downloads] in-page transfer', error));
  }

  async cancel(record: DownloadRecord): Promise<boolean> {
    const controller = this.running.get(record.episodeId);
    controller?.abort();
    return controller !== undefined;
  }

  async discard(record: DownloadRecord): Promise<void> {
    // Waits for a transfer in another tab to notice the cancellation and let go.
    await this.env.locks.request(transferLockName(record.episodeId), () => clearPartial(this.db, record.episodeId));
  }

  async reconcile(): Promise<void> {
    // Nothing to ask a browser: a record whose tab is gone is resumed by adopt().
  }

  /**
   * Takes the episode's transfer lock and runs the transfer under it, in the background. Resolves
   * once the lock is held, so a start is never mistaken for an orphan by another tab.
   */
  private runUnderLock(record: DownloadRecord): Promise<void> {
    return new Promise<void>((resolve) => {
      void this.env.locks
        .request(transferLockName(record.episodeId), async () => {
          resolve();
          await this.run(record);
        })
        .catch((error: unknown) => console.error('[downloads] in-page transfer', error));
    });
  }

  private async run(record: DownloadRecord): Promise<void> {
    const current = await this.db.get('downloads', record.episodeId);
    if (current?.state !== 'downloading' || current.downloadId !== record.downloadId) return;
    const controller = new AbortController();
    this.running.set(record.episodeId, controller);
    try {
      const outcome = await this.transfer(record, controller.signal);
      await this.finish(record, outcome);
    } finally {
      this.running.delete(record.episodeId);
    }
  }

  private async finish(record: DownloadRecord, outcome: TransferOutcome): Promise<void> {
    const { episodeId, downloadId } = record;
    const at = this.env.now();
    switch (outcome.kind) {
      case 'complete': {
        const partial = await this.db.get('partials', episodeId);
        const stored = await storeEpisode(
          this.env.caches,
          expectedOf(record),
          chunkStream(this.db, episodeId),
          new Headers({ 'Content-Type': partial?.contentType ?? 'application/octet-stream' }),
        );
        await clearPartial(this.db, episodeId);
        if (!stored.ok) {
          await this.hooks.settle(episodeId, { type: 'failed', downloadId, failure: stored.failure, at });
        } else {
          const settled = await this.hooks.settle(episodeId, { type: 'succeeded', downloadId, storedBytes: stored.storedBytes, at });
          // Cancelled or deleted from another tab meanwhile: this attempt's copy is no one's.
          if (!settled.ok) await deleteMediaCopy(this.db, this.env.caches, copyKeyOf(record));
        }
        return;
      }
      case 'aborted':
        await clearPartial(this.db, episodeId);
        await this.hooks.settle(episodeId, { type: 'aborted', downloadId, at });
        return;
      case 'superseded':
        return; // cancelled or deleted from another tab, which has recorded it
      case 'failed':
        // What arrived is kept for the next attempt, unless it cannot be trusted.
        if (outcome.discardPartial) await clearPartial(this.db, episodeId);
        await this.hooks.settle(episodeId, { type: 'failed', downloadId, failure: outcome.failure, at });
    }
  }

  private async transfer(record: DownloadRecord, signal: AbortSignal): Promise<TransferOutcome> {
    const { episodeId, expectedBytes } = record;
    let partial = await this.db.get('partials', episodeId);
    if (partial && (partial.mediaUrl !== record.mediaUrl || !partial.etag)) {
      await clearPartial(this.db, episodeId);
      partial = undefined;
    }
    let offset = partial?.storedBytes ?? 0;
    if (offset === expectedBytes) return { kind: 'complete' };

    let response: Response;
    try {
      // Range alone, never If-Range: a CORS-safelisted header, so a media URL that redirects to
      // a CDN on another origin needs no preflight (which CDNs rarely answer). The validator is
      // checked on the response instead.
      const headers = new Headers();
      if (partial?.etag && offset > 0) headers.set('Range', `bytes=${offset}-`);
      response = await this.env.fetch(record.mediaUrl, { headers, signal, cache: 'no-store' });
    } catch (error) {
      return signal.aborted ? { kind: 'aborted' } : networkFailure(error);
    }
    const resumed = response.status === 206 && contentRangeStart(response) === offset && response.headers.get('ETag') === partial?.etag;
    if (response.status === 206 && !resumed && offset > 0) {
      // The file changed since (another ETag), or the range is not the one asked: start clean.
      await response.body?.cancel().catch(() => undefined);
      await clearPartial(this.db, episodeId);
      return this.transfer(record, signal);
    }
    if (!resumed && response.status !== 200) {
      return { kind: 'failed', failure: { reason: 'bad-status', status: response.status } };
    }
    if (!resumed) offset = 0; // a 200: the server ignores Range; start clean
    const etag = response.headers.get('ETag');
    const next: PartialDownload = {
      episodeId,
      mediaUrl: record.mediaUrl,
      etag: etag && !etag.startsWith('W/') ? etag : undefined,
      contentType: response.headers.get('Content-Type') ?? 'application/octet-stream',
      storedBytes: offset,
    };
    if (!resumed) await clearPartial(this.db, episodeId);
    if (!response.body) return { kind: 'failed', failure: { reason: 'bad-status', status: response.status } };

    const reader = response.body.getReader();
    let buffer: Uint8Array[] = [];
    let buffered = 0;
    let reportedAt = 0;
    const write = async (): Promise<'written' | 'superseded'> => {
      const data = concat(buffer, buffered);
      buffer = [];
      buffered = 0;
      return this.appendChunk(record, next, data);
    };
    try {
      for (;;) {
        const { done, value } = await this.readOrStall(reader);
        if (done) break;
        buffer.push(value);
        buffered += value.byteLength;
        if (next.storedBytes + buffered > expectedBytes) {
          return { kind: 'failed', failure: { reason: 'download-total-exceeded' }, discardPartial: true };
        }
        if (buffered >= CHUNK_BYTES && (await write()) === 'superseded') return { kind: 'superseded' };
        const now = this.env.now();
        if (now - reportedAt >= PROGRESS_EVERY_MS) {
          reportedAt = now;
          this.hooks.progress(episodeId, { downloadId: record.downloadId, downloaded: next.storedBytes + buffered, total: expectedBytes, at: now });
        }
      }
      if (buffered > 0 && (await write()) === 'superseded') return { kind: 'superseded' };
    } catch (error) {
      if (signal.aborted) return { kind: 'aborted' };
      if (error instanceof DOMException && error.name === 'QuotaExceededError') {
        return { kind: 'failed', failure: { reason: 'quota-exceeded', neededBytes: expectedBytes }, discardPartial: true };
      }
      // Keep what did arrive: the retry asks only for the rest.
      try {
        if (buffered > 0) await write();
      } catch {
        // The chunk is lost; the retry asks for it again.
      }
      return networkFailure(error);
    }
    this.hooks.progress(episodeId, { downloadId: record.downloadId, downloaded: next.storedBytes, total: expectedBytes, at: this.env.now() });
    if (next.storedBytes !== expectedBytes) {
      return {
        kind: 'failed',
        failure: { reason: 'size-mismatch', detail: `${next.storedBytes} bytes, expected ${expectedBytes}` },
        discardPartial: true,
      };
    }
    return { kind: 'complete' };
  }

  /** The next chunk, or a network error once none has come for STALL_TIMEOUT_MS (the body is cancelled). */
  private readOrStall(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<ReadableStreamReadResult<Uint8Array>> {
    return new Promise((resolve, reject) => {
      const timer = this.env.setTimer(() => {
        reject(new TypeError(`no data for ${STALL_TIMEOUT_MS / 1000} s`));
        void reader.cancel().catch(() => undefined);
      }, STALL_TIMEOUT_MS);
      reader.read().then(
        (result) => {
          this.env.clearTimer(timer);
          resolve(result);
        },
        (error: unknown) => {
          this.env.clearTimer(timer);
          reject(error);
        },
      );
    });
  }

  /**
   * Appends one chunk and the new total in one transaction, checking in the same transaction that
   * this attempt is still the record's: a cancel from another tab stops the transfer here.
   */
  private async appendChunk(record: DownloadRecord, partial: PartialDownload, data: Uint8Array): Promise<'written' | 'superseded'> {
    const tx = this.db.transaction(['downloads', 'partials', 'chunks'], 'readwrite');
    const current = await tx.objectStore('downloads').get(record.episodeId);
    if (current?.state !== 'downloading' || current.downloadId !== record.downloadId) {
      tx.abort();
      await tx.done.catch(() => undefined);
      return 'superseded';
    }
    const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
    await tx.objectStore('chunks').put({ episodeId: record.episodeId, offset: partial.storedBytes, data: buffer });
    await tx.objectStore('partials').put({ ...partial, storedBytes: partial.storedBytes + data.byteLength });
    await tx.done;
    partial.storedBytes += data.byteLength;
    return 'written';
  }
}

type TransferOutcome =
  | { kind: 'complete' }
  | { kind: 'aborted' }
  | { kind: 'superseded' }
  | { kind: 'failed'; failure: DownloadFailure; discardPartial?: boolean };

export function transferLockName(episodeId: string): string {
  return `offline-episodes:transfer:${episodeId}`;
}

/** The stored chunks, in order, one IndexedDB read per pull: never the whole episode in memory. */
function chunkStream(db: AppDB, episodeId: string): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await db.get('chunks', [episodeId, offset]);
      if (!chunk) {
        controller.close();
        return;
      }
      offset += chunk.data.byteLength;
      controller.enqueue(new Uint8Array(chunk.data));
    },
  });
}

async function clearPartial(db: AppDB, episodeId: string): Promise<void> {
  const tx = db.transaction(['partials', 'chunks'], 'readwrite');
  await tx.objectStore('partials').delete(episodeId);
  await tx.objectStore('chunks').delete(IDBKeyRange.bound([episodeId, 0], [episodeId, Infinity]));
  await tx.done;
}

function contentRangeStart(response: Response): number | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('Content-Range') ?? '');
  return match ? Number(match[1]) : undefined;
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

function networkFailure(error: unknown): TransferOutcome {
  return { kind: 'failed', failure: { reason: 'fetch-error', detail: error instanceof Error ? error.message : String(error) } };
}
