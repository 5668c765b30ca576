import { beforeEach, describe, expect, it } from 'vitest';
import { MEDIA_CACHE } from '../../../src/core/cacheNames.ts';
import { copyKeyOf } from '../../../src/core/copyKeys.ts';
import type { AppDB } from '../../../src/core/db.ts';
import { applyDownloadEvent } from '../../../src/core/downloadEvents.ts';
import type { DownloadRecord, EpisodeToDownload, Transport } from '../../../src/core/downloadState.ts';
import { startLockName } from '../../../src/core/locks.ts';
import { listedFetches, lookedUpFetches, reconcileDownloads, type ReconcileDeps } from '../../../src/core/reconcileDownloads.ts';
import { episodeToDownload, freshDb, locksHolding, memoryCaches, patternBytes, putRecord, type MemoryCaches } from '../fakes.ts';

const bytes = patternBytes(1000);

let db: AppDB;
let memory: MemoryCaches;

beforeEach(async () => {
  db = await freshDb();
  memory = memoryCaches();
});

function downloading(id: string, options: { sha256?: string; transport?: Transport; downloadId?: string } = {}): Promise<DownloadRecord> {
  const episode: EpisodeToDownload = episodeToDownload({ id, mediaUrl: `https://episodes.test/media/${id}`, bytes: bytes.length, sha256: options.sha256 });
  return putRecord(db, { type: 'start', downloadId: options.downloadId ?? `bf-${id}`, episode, transport: options.transport ?? 'background-fetch', at: 1 });
}

async function cache(id: string, body: Uint8Array): Promise<void> {
  const record = await db.get('downloads', id);
  await (await memory.caches.open(MEDIA_CACHE)).put(copyKeyOf(record!), new Response(body.slice()));
}

function reconcile(overrides: Partial<ReconcileDeps> = {}): Promise<void> {
  return reconcileDownloads({ db, liveFetches: async () => new Set(), caches: memory.caches, locks: locksHolding(), now: () => 99, ...overrides });
}

const state = async (id: string) => {
  const record = await db.get('downloads', id);
  return record?.state === 'failed' ? `failed: ${record.failure?.reason}` : record?.state;
};

describe('reconciliation: what a record left "downloading" becomes', () => {
  it('a fetch the browser still has stays downloading (the page follows it)', async () => {
    await downloading('live');
    await reconcile({ liveFetches: async (ids) => new Set(ids) });
    expect(await state('live')).toBe('downloading');
  });

  it('a record whose start lock is held is left to the tab starting it, and not even asked about', async () => {
    await downloading('starting');
    const asked: string[][] = [];
    await reconcile({
      locks: locksHolding(startLockName('starting')),
      liveFetches: async (ids) => (asked.push(ids), new Set()),
    });
    expect(await state('starting')).toBe('downloading');
    expect(asked).toEqual([]);
  });

  it('no fetch, and the complete bytes in the cache with no SHA-256 owed: downloaded', async () => {
    await downloading('complete');
    await cache('complete', bytes);
    await reconcile();
    expect(await db.get('downloads', 'complete')).toMatchObject({ state: 'downloaded', storedBytes: bytes.length, updatedAt: 99 });
  });

  it('no fetch, complete bytes, but a SHA-256 owed: interrupted (an unverified copy is never trusted)', async () => {
    await downloading('unverified', { sha256: 'ab'.repeat(32) });
    await cache('unverified', bytes);
    await reconcile();
    expect(await state('unverified')).toBe('failed: interrupted');
    expect(memory.bytes(MEDIA_CACHE, copyKeyOf((await db.get('downloads', 'unverified'))!))).toEqual(bytes); // nothing deleted: the late success may still land
  });

  it('no fetch, and nothing or too little in the cache: interrupted', async () => {
    await downloading('nothing');
    await downloading('short');
    await cache('short', bytes.subarray(0, 999));
    await reconcile();
    expect(await state('nothing')).toBe('failed: interrupted');
    expect(await state('short')).toBe('failed: interrupted');
  });

  it('an in-page download is skipped: its own tab settles it', async () => {
    await downloading('in-page', { transport: 'in-page' });
    await reconcile();
    expect(await state('in-page')).toBe('downloading');
  });

  it('a verdict for an attempt retired while reconciling is refused: the new attempt stands', async () => {
    await downloading('retried', { downloadId: 'bf-old' });
    await reconcile({
      // Another tab cancels and starts again while this one asks the browser.
      liveFetches: async () => {
        await applyDownloadEvent(db, 'retried', { type: 'aborted', downloadId: 'bf-old', at: 2 });
        await applyDownloadEvent(db, 'retried', { type: 'start', downloadId: 'bf-new', episode: episodeToDownload({ id: 'retried' }), transport: 'background-fetch', at: 3 });
        return new Set();
      },
    });
    expect(await db.get('downloads', 'retried')).toMatchObject({ state: 'downloading', downloadId: 'bf-new' });
  });

  it('leaves downloaded, failed and cancelled records alone, and the same facts give the same verdicts', async () => {
    await downloading('a');
    await downloading('b');
    await cache('b', bytes);
    await reconcile();
    const first = await db.getAll('downloads');
    await reconcile({ now: () => 500 });
    expect(await db.getAll('downloads')).toEqual(first);
  });
});

describe('asking the browser which fetches are live', () => {
  const manager = (ids: string[]) =>
    ({
      getIds: async () => ids,
      get: async (id: string) => (ids.includes(id) ? ({ id } as BackgroundFetchRegistration) : undefined),
    }) as unknown as BackgroundFetchManager;

  it('by getIds() in pages, by get(id) in an activating worker: the same answer', async () => {
    const browser = manager(['bf-1', 'bf-3']);
    expect(await listedFetches(browser)(['bf-1', 'bf-2'])).toEqual(new Set(['bf-1', 'bf-3']));
    expect(await lookedUpFetches(browser)(['bf-1', 'bf-2'])).toEqual(new Set(['bf-1']));
  });
});
