import type { IDBPTransaction } from 'idb';
import type { AppDB, AppDBSchema } from './db.ts';
import { transition, type DownloadEvent, type DownloadRecord, type RefusalCode } from './downloadState.ts';

// Applying events through the state machine: shared by the worker, the transports and the
// planner. The page loads it as a chunk of its own at its first change of a record (the first
// screen only reads records).

export type ApplyResult =
  | { ok: true; before: DownloadRecord | undefined; after: DownloadRecord | undefined }
  | { ok: false; refusal: RefusalCode; before: DownloadRecord | undefined };

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
    warnRefused(event, result.refusal, before);
    return { ok: false, refusal: result.refusal, before };
  }
  await write(tx.store, episodeId, before, result.record);
  await tx.done;
  return { ok: true, before, after: result.record };
}

/** One event's change of a record, as applyDownloadEvents returns them. */
export interface AppliedChange {
  episodeId: string;
  before: DownloadRecord | undefined;
  after: DownloadRecord | undefined;
}

/**
 * Several events in one readwrite transaction (reconciliation's verdicts, a selection queued);
 * refusals are skipped, and the changes of those applied are returned. Relaxed durability by
 * default: losing reconciliation's writes to a crash loses nothing, since the next one reaches
 * the same verdicts from the same facts, and it spares a disk flush at every app start.
 */
export async function applyDownloadEvents(
  db: AppDB,
  events: [episodeId: string, event: DownloadEvent][],
  durability: IDBTransactionDurability = 'relaxed',
): Promise<AppliedChange[]> {
  if (events.length === 0) return [];
  const tx = db.transaction('downloads', 'readwrite', { durability });
  // A selection of hundreds: one read of every record costs less than a read per event, unless
  // the events are few of the records (reconciling 50 of a library of 1,000 reads those 50).
  const batch = events.length > BATCH_READ_AT && events.length * 4 > (await tx.store.count());
  const known = batch ? new Map((await tx.store.getAll()).map((record) => [record.episodeId, record])) : undefined;
  const applied: AppliedChange[] = [];
  await Promise.all(
    events.map(async ([episodeId, event]) => {
      const before = known ? known.get(episodeId) : await tx.store.get(episodeId);
      const result = transition(before, event);
      if (result.ok) {
        applied.push({ episodeId, before, after: result.record });
        await write(tx.store, episodeId, before, result.record);
      } else warnRefused(event, result.refusal, before);
    }),
  );
  await tx.done;
  return applied;
}

/** Past this many events (and a quarter of the records), applyDownloadEvents reads every record at once rather than one by one. */
const BATCH_READ_AT = 32;

type DownloadStore = IDBPTransaction<AppDBSchema, ['downloads'], 'readwrite'>['store'];

async function write(store: DownloadStore, episodeId: string, before: DownloadRecord | undefined, after: DownloadRecord | undefined) {
  if (after === before) return; // an idempotent event: nothing changed
  if (after) await store.put(after);
  else await store.delete(episodeId);
}

/** Refusals are expected (late or duplicate events); worth a line only while developing. */
function warnRefused(event: DownloadEvent, refusal: RefusalCode, record: DownloadRecord | undefined): void {
  if (import.meta.env.DEV) console.warn(`[downloads] ${event.type} refused (${refusal}) for ${record?.state ?? 'no record'} ${record?.episodeId ?? ''}`);
}
