import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { MEDIA_CACHE } from '../../../src/core/cacheNames.ts';
import { copyKeyOf } from '../../../src/core/copyKeys.ts';
import type { AppDB } from '../../../src/core/db.ts';
import { applyDownloadEvent } from '../../../src/core/downloadEvents.ts';
import type { DownloadRecord, EpisodeToDownload } from '../../../src/core/downloadState.ts';
import type { AppMessage } from '../../../src/core/messages.ts';
import { reconcileDownloads } from '../../../src/core/reconcileDownloads.ts';
import { retriesAutomatically } from '../../../src/core/retryPolicy.ts';
import { failureText } from '../../../src/ui/failureText.ts';
import { deleteMediaCopy, storedCopyFor } from '../../../src/core/mediaCopies.ts';
import { createBackgroundFetchHandlers } from '../../../sw/backgroundFetchHandlers.ts';
import { episodeToDownload, finishedFetch, freshDb, locksHolding, memoryCaches, patternBytes, putRecord, type MemoryCaches } from '../fakes.ts';

const bytes = patternBytes(4096);
const digest = createHash('sha256').update(bytes).digest('hex');
const episode: EpisodeToDownload = episodeToDownload({ bytes: bytes.length });
const media = () => new Response(bytes.slice(), { headers: { 'Content-Type': 'video/webm' } });

let db: AppDB;
let memory: MemoryCaches;
let messages: AppMessage[];
let opened: (string | undefined)[];
let corsRefuses: boolean;

function handlers() {
  return createBackgroundFetchHandlers({
    db: async () => db,
    caches: memory.caches,
    notify: (message) => messages.push(message),
    openEpisode: async (episodeId) => void opened.push(episodeId),
    refusedByCors: async () => corsRefuses,
    now: () => 50,
  });
}

const started = (downloadId = 'bf-1', overrides: Partial<EpisodeToDownload> = {}) =>
  putRecord(db, { type: 'start', downloadId, episode: { ...episode, ...overrides }, transport: 'background-fetch', at: 1 });
const record = (): Promise<DownloadRecord | undefined> => db.get('downloads', episode.id);
/** The bytes of the record's own copy (undefined when it has none). */
const stored = async () => {
  const current = await record();
  return current && memory.bytes(MEDIA_CACHE, copyKeyOf(current));
};
const copies = () => memory.entries.get(MEDIA_CACHE)?.size ?? 0;
const reconcile = () => reconcileDownloads({ db, liveFetches: async () => new Set(), caches: memory.caches, locks: locksHolding(), now: () => 40 });

beforeEach(async () => {
  db = await freshDb();
  memory = memoryCaches();
  messages = [];
  opened = [];
  corsRefuses = false;
});

describe('backgroundfetchsuccess', () => {
  it('stores the exact bytes under the canonical URL and says Downloaded', async () => {
    await started();
    expect(await handlers().success(finishedFetch('bf-1', media()))).toBe('Downloaded: \u2068Episode\u2069');
    expect(await record()).toMatchObject({ state: 'downloaded', storedBytes: bytes.length });
    expect(await stored()).toEqual(bytes);
    expect(messages).toEqual([{ type: 'download-changed', episodeId: 'ep' }]);
  });

  it('keeps the bytes when reconciliation said Downloaded between the store and the success (the id had left getIds())', async () => {
    await started();
    // A page opening as the notification appears: its reconciliation finds no live fetch and
    // the complete bytes (no SHA-256 owed), and marks the record downloaded first.
    memory.afterPut = async () => {
      memory.afterPut = undefined;
      await reconcile();
      expect((await record())?.state).toBe('downloaded');
    };
    expect(await handlers().success(finishedFetch('bf-1', media()))).toBe('Downloaded: \u2068Episode\u2069');
    expect(await record()).toMatchObject({ state: 'downloaded', downloadId: 'bf-1' });
    expect(await stored()).toEqual(bytes);
  });

  it('treats a second success for a downloaded id as the same outcome: bytes kept, nothing stored again', async () => {
    await started();
    await handlers().success(finishedFetch('bf-1', media()));
    let puts = 0;
    memory.afterPut = async () => void puts++;
    expect(await handlers().success(finishedFetch('bf-1', media()))).toBe('Downloaded: \u2068Episode\u2069');
    expect(puts).toBe(0);
    expect(await stored()).toEqual(bytes);
    expect((await record())?.state).toBe('downloaded');
  });

  it('lands a late success on a record reconciliation had marked interrupted', async () => {
    await started();
    await reconcile(); // no live fetch, no bytes yet
    expect((await record())?.failure?.reason).toBe('interrupted');
    await handlers().success(finishedFetch('bf-1', media()));
    expect((await record())?.state).toBe('downloaded');
    expect(await stored()).toEqual(bytes);
  });

  it('removes what it stored when the download was deleted or cancelled meanwhile', async () => {
    for (const change of ['delete', 'cancel'] as const) {
      db = await freshDb();
      memory = memoryCaches();
      await started();
      memory.afterPut = async () => {
        memory.afterPut = undefined;
        if (change === 'cancel') await applyDownloadEvent(db, 'ep', { type: 'aborted', downloadId: 'bf-1', at: 2 });
        else await db.delete('downloads', 'ep');
      };
      expect(await handlers().success(finishedFetch('bf-1', media()))).toBeUndefined();
      expect(copies()).toBe(0);
    }
  });

  it('stores nothing for a cancelled attempt or an id that matches no record', async () => {
    await started();
    await applyDownloadEvent(db, 'ep', { type: 'aborted', downloadId: 'bf-1', at: 2 });
    expect(await handlers().success(finishedFetch('bf-1', media()))).toBeUndefined();
    expect(await handlers().success(finishedFetch('bf-unknown', media()))).toBeUndefined();
    expect(memory.entries.get(MEDIA_CACHE)?.size ?? 0).toBe(0);
    expect((await record())?.state).toBe('cancelled');
  });

  it("a retired attempt's late success never deletes the copy of the attempt that replaced it", async () => {
    // bf-1's bytes are in and its SHA-256 still runs when reconciliation retires it (interrupted)
    // and Retry starts bf-2, which stores its own copy; only then does bf-1's refusal come.
    await started('bf-1', { sha256: digest });
    let puts = 0;
    let bf2: Promise<string | undefined> | undefined;
    let bf2Stored!: () => void;
    const bf2StoredNow = new Promise<void>((resolve) => (bf2Stored = resolve));
    let bf1Done!: () => void;
    const bf1DoneNow = new Promise<void>((resolve) => (bf1Done = resolve));
    memory.afterPut = async () => {
      if (++puts === 1) {
        await reconcile();
        await applyDownloadEvent(db, 'ep', { type: 'start', downloadId: 'bf-2', episode: { ...episode, sha256: digest }, transport: 'background-fetch', at: 3 });
        bf2 = handlers().success(finishedFetch('bf-2', media()));
        await bf2StoredNow;
      } else {
        bf2Stored();
        await bf1DoneNow; // bf-2 checks and records only after bf-1 has finished
      }
    };
    await handlers().success(finishedFetch('bf-1', media()));
    bf1Done();
    expect(await bf2).toBe('Downloaded: \u2068Episode\u2069');
    expect(await record()).toMatchObject({ state: 'downloaded', downloadId: 'bf-2' });
    expect(await stored()).toEqual(bytes);
    expect(copies()).toBe(1); // bf-1's copy is gone, bf-2's kept
  });

  it('never deletes the copy of another episode with the same media URL', async () => {
    const rerun: EpisodeToDownload = { ...episode, id: 'rerun', title: 'Rerun' };
    await putRecord(db, { type: 'start', downloadId: 'bf-r', episode: rerun, transport: 'background-fetch', at: 1 });
    await handlers().success(finishedFetch('bf-r', media()));
    // The other episode's attempt is cancelled as its bytes arrive: its refused success cleans up.
    await started('bf-1');
    memory.afterPut = async () => {
      memory.afterPut = undefined;
      await applyDownloadEvent(db, 'ep', { type: 'aborted', downloadId: 'bf-1', at: 2 });
    };
    await handlers().success(finishedFetch('bf-1', media()));
    const kept = (await db.get('downloads', 'rerun'))!;
    expect(kept.state).toBe('downloaded');
    expect(memory.bytes(MEDIA_CACHE, copyKeyOf(kept))).toEqual(bytes);
  });

  it('removes the stored bytes when the attempt was retired for one still downloading', async () => {
    await started('bf-1');
    memory.afterPut = async () => {
      memory.afterPut = undefined;
      await applyDownloadEvent(db, 'ep', { type: 'paused', downloadId: 'bf-1', nextDownloadId: 'bf-2', at: 2 });
    };
    await handlers().success(finishedFetch('bf-1', media()));
    expect((await record())?.state).toBe('waiting-for-wifi');
    expect(copies()).toBe(0);
  });

  it('refuses a wrong size or a wrong SHA-256: Failed, download corrupted, and nothing kept', async () => {
    await started('bf-1', { bytes: bytes.length + 1 });
    await handlers().success(finishedFetch('bf-1', media()));
    expect(failureText((await record())!.failure!)).toBe('Failed: download corrupted (wrong size)');
    expect(copies()).toBe(0);

    await db.delete('downloads', 'ep');
    await started('bf-2', { sha256: digest.replace(/^./, (c) => (c === '0' ? '1' : '0')) });
    await handlers().success(finishedFetch('bf-2', media()));
    expect(failureText((await record())!.failure!)).toBe('Failed: download corrupted');
    expect(copies()).toBe(0);
  });

  it('keeps bytes whose SHA-256 matches the catalog', async () => {
    await started('bf-1', { sha256: digest });
    await handlers().success(finishedFetch('bf-1', media()));
    expect((await record())?.state).toBe('downloaded');
    expect(await stored()).toEqual(bytes);
  });

  it('calls an error status in the success event a failure (nothing stored)', async () => {
    await started();
    expect(await handlers().success(finishedFetch('bf-1', new Response('gone', { status: 410 })))).toBe('Download failed: \u2068Episode\u2069');
    expect((await record())?.failure).toEqual({ reason: 'bad-status', status: 410 });
    expect(copies()).toBe(0);
  });

  it('calls a 200 without its body (a connection cut Chromium did not resume) a lost connection, retried, not a server error', async () => {
    await started();
    expect(await handlers().success(finishedFetch('bf-1', new Response(null, { status: 200 })))).toBe('Download failed: \u2068Episode\u2069');
    const failed = (await record())!;
    expect(failureText(failed.failure!)).toBe('Failed: the network connection was lost');
    expect(retriesAutomatically(failed)).toBe(true);
    expect(copies()).toBe(0);
  });
});

describe('backgroundfetchfail: each failure reason ends in the failure the viewer reads', () => {
  const cases: [reason: BackgroundFetchFailureReason, response: Response | undefined, cors: boolean, text: string, retried: boolean][] = [
    ['bad-status', new Response(null, { status: 404 }), false, 'Failed: the episode is no longer on the server (HTTP 404)', false],
    ['bad-status', new Response(null, { status: 503 }), false, 'Failed: the server had a problem (HTTP 503)', false],
    // Chromium, when the server was down as the fetch began: status 0 and no bytes. Transient.
    ['bad-status', undefined, false, 'Failed: could not reach the server', true],
    ['fetch-error', undefined, false, 'Failed: the network connection was lost', true],
    ['', undefined, false, 'Failed: the network connection was lost', true],
    ['fetch-error', undefined, true, 'Failed: the media server does not let this app download it (no CORS headers)', false],
    ['quota-exceeded', undefined, false, 'Not enough storage: needs 4.1\u00a0KB; the browser refused the space. Delete downloads to make room.', false],
    ['download-total-exceeded', undefined, false, 'Failed: download corrupted (larger than the catalog says)', false],
  ];
  for (const [reason, response, cors, text, retried] of cases) {
    it(`${reason || '(empty)'}${response ? ` ${response.status}` : ''}${cors ? ', CORS refused' : ''} → ${text}`, async () => {
      corsRefuses = cors;
      await started();
      expect(await handlers().fail(finishedFetch('bf-1', response, reason))).toBe('Download failed: \u2068Episode\u2069');
      const failed = (await record())!;
      expect(failed.state).toBe('failed');
      expect(failureText(failed.failure!)).toBe(text);
      expect(retriesAutomatically(failed)).toBe(retried);
      expect(messages).toEqual([{ type: 'download-changed', episodeId: 'ep' }]);
    });
  }

  it('ignores a failure for a retired id: the new attempt is untouched', async () => {
    await started('bf-1');
    await applyDownloadEvent(db, 'ep', { type: 'paused', downloadId: 'bf-1', nextDownloadId: 'bf-2', at: 2 });
    expect(await handlers().fail(finishedFetch('bf-1', undefined, 'aborted'))).toBeUndefined();
    expect(await record()).toMatchObject({ state: 'waiting-for-wifi', downloadId: 'bf-2' });
  });
});

describe('backgroundfetchabort and backgroundfetchclick', () => {
  it('an abort says Cancelled; a click opens the episode it belongs to', async () => {
    await started();
    await handlers().abort(finishedFetch('bf-1', undefined, 'aborted'));
    expect((await record())?.state).toBe('cancelled');
    await handlers().click(finishedFetch('bf-1', undefined));
    await handlers().click(finishedFetch('bf-gone', undefined));
    expect(opened).toEqual(['ep', undefined]);
  });
});

describe('a change of quality: the old copy plays until the new one is stored and verified', () => {
  const oldBytes = patternBytes(1024, 7);
  const hd = { mediaUrl: 'https://episodes.test/media/ep.720p.mp4', rendition: { height: 720 }, sha256: digest };
  /** Episode downloaded (1 KB "360p"), then a change to the 4 KB "720p" running as bf-2. */
  async function switching(): Promise<DownloadRecord> {
    await putRecord(
      db,
      { type: 'start', downloadId: 'bf-1', episode: { ...episode, bytes: oldBytes.length }, transport: 'background-fetch', at: 1 },
      { type: 'succeeded', downloadId: 'bf-1', storedBytes: oldBytes.length, at: 2 },
    );
    const old = (await record())!;
    await (await memory.caches.open(MEDIA_CACHE)).put(copyKeyOf(old), new Response(oldBytes.slice()));
    await applyDownloadEvent(db, 'ep', { type: 'start', downloadId: 'bf-2', episode: { ...episode, ...hd }, transport: 'background-fetch', replace: true, at: 3 });
    return old;
  }
  const oldCopy = (old: DownloadRecord) => memory.bytes(MEDIA_CACHE, copyKeyOf(old));
  const playing = async (url: string) => new Uint8Array(await (await storedCopyFor(db, memory.caches, url))!.arrayBuffer());

  it('plays the old copy while the new one downloads, and no delete takes it', async () => {
    const old = await switching();
    expect(await playing(episode.mediaUrl)).toEqual(oldBytes);
    expect(await deleteMediaCopy(db, memory.caches, copyKeyOf(old))).toBe(false);
    expect(await oldCopy(old)).toEqual(oldBytes);
  });

  it('on success swaps them in one write and deletes the old bytes', async () => {
    const old = await switching();
    expect(await handlers().success(finishedFetch('bf-2', media()))).toBe('Downloaded: \u2068Episode\u2069');
    expect(await record()).toMatchObject({ state: 'downloaded', downloadId: 'bf-2', mediaUrl: hd.mediaUrl, rendition: { height: 720 } });
    expect(await stored()).toEqual(bytes);
    expect(await oldCopy(old)).toBeUndefined();
    expect(copies()).toBe(1);
    expect(await playing(hd.mediaUrl)).toEqual(bytes);
  });

  it('keeps the old copy, playing, when the new bytes fail their check or the fetch fails', async () => {
    const old = await switching();
    const corrupt = bytes.slice();
    corrupt[100] = corrupt[100]! ^ 1;
    expect(await handlers().success(finishedFetch('bf-2', new Response(corrupt)))).toBe('Download failed: \u2068Episode\u2069');
    expect(await record()).toMatchObject({ state: 'downloaded', downloadId: 'bf-1', mediaUrl: episode.mediaUrl, switchFailure: { rendition: { height: 720 }, failure: { reason: 'hash-mismatch' } } });
    expect(await oldCopy(old)).toEqual(oldBytes);
    expect(copies()).toBe(1); // the unverified copy is gone

    await applyDownloadEvent(db, 'ep', { type: 'start', downloadId: 'bf-3', episode: { ...episode, ...hd }, transport: 'background-fetch', replace: true, at: 4 });
    await handlers().fail(finishedFetch('bf-3', undefined, 'fetch-error'));
    expect(await record()).toMatchObject({ state: 'downloaded', downloadId: 'bf-1', switchFailure: { failure: { reason: 'fetch-error' } } });
    expect(await playing(episode.mediaUrl)).toEqual(oldBytes);
  });

  it('keeps the old copy when cancelled; a late success of the cancelled change stores nothing', async () => {
    const old = await switching();
    await handlers().abort(finishedFetch('bf-2', undefined, 'aborted'));
    expect(await record()).toMatchObject({ state: 'downloaded', downloadId: 'bf-1' });
    expect(await handlers().success(finishedFetch('bf-2', media()))).toBeUndefined();
    expect(await oldCopy(old)).toEqual(oldBytes);
    expect(copies()).toBe(1);
  });

  it('an interrupted change keeps the old copy playing, and its late success still lands and swaps', async () => {
    const old = await switching();
    await reconcile(); // the fetch gone before its success handler ran: interrupted
    expect(await record()).toMatchObject({ state: 'failed', downloadId: 'bf-2', failure: { reason: 'interrupted' } });
    expect(await playing(episode.mediaUrl)).toEqual(oldBytes);
    expect(await deleteMediaCopy(db, memory.caches, copyKeyOf(old))).toBe(false);
    expect(await handlers().success(finishedFetch('bf-2', media()))).toBe('Downloaded: \u2068Episode\u2069');
    expect(await record()).toMatchObject({ state: 'downloaded', downloadId: 'bf-2', mediaUrl: hd.mediaUrl });
    expect(await oldCopy(old)).toBeUndefined();
    expect(await stored()).toEqual(bytes);
  });

  it('reconciliation lands a complete change with no SHA-256 owed, and deletes the old bytes', async () => {
    const old = await switching();
    await handlers().abort(finishedFetch('bf-2', undefined, 'aborted'));

    // A change with no SHA-256 owed, complete in the cache when the browser lost its fetch.
    await applyDownloadEvent(db, 'ep', { type: 'start', downloadId: 'bf-4', episode: { ...episode, ...hd, sha256: undefined }, transport: 'background-fetch', replace: true, at: 5 });
    await (await memory.caches.open(MEDIA_CACHE)).put(copyKeyOf((await record())!), media());
    await reconcile();
    expect(await record()).toMatchObject({ state: 'downloaded', downloadId: 'bf-4', mediaUrl: hd.mediaUrl });
    expect(await oldCopy(old)).toBeUndefined();
    expect(await stored()).toEqual(bytes);
  });
});
