import { effect, type ReadonlySignal } from '@preact/signals';
import { storedDownload } from '../core/downloadRecords.ts';
import type { DownloadRecord } from '../core/downloadState.ts';
import { playingEpisodes } from '../core/locks.ts';
import type { DownloadManager } from './downloadManager.ts';

/** How long a cancelled change of quality may take to give its copy back (a background fetch's abort event). */
const CHANGE_CANCELLED_WITHIN_MS = 10_000;

/**
 * Deletes every downloaded episode except those open in a player in any tab, including one whose
 * change of quality is under way (cancelled first: the copy it would replace is back, and goes
 * with the rest). Other running downloads are left alone. Resolves with how many were kept
 * because they are playing. (Out of the manager: only lazy views use it.)
 */
export async function removeAllDownloaded(
  downloads: Pick<DownloadManager, 'records' | 'remove' | 'cancel'>,
  locks: LockManager = navigator.locks,
  cancelledWithinMs = CHANGE_CANCELLED_WITHIN_MS,
): Promise<number> {
  const playing = await playingEpisodes(locks);
  const stored = [...downloads.records.value.values()].filter((record) => storedDownload(record) !== undefined);
  for (const record of stored) {
    if (playing.has(record.episodeId)) continue;
    if (record.previous) {
      await downloads.cancel(record.episodeId);
      // Not back within the bound (a worker that never answered): left as it is, never half deleted.
      if (!(await changeUndone(downloads.records, record.episodeId, cancelledWithinMs))) continue;
    }
    await downloads.remove(record.episodeId);
  }
  return stored.filter((record) => playing.has(record.episodeId)).length;
}

/** Whether the episode's record is back to its downloaded copy alone (no change of quality), within the bound. */
function changeUndone(records: ReadonlySignal<ReadonlyMap<string, DownloadRecord>>, episodeId: string, withinMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let dispose = () => {};
    let done = false;
    const timer = setTimeout(() => finish(false), withinMs);
    function finish(undone: boolean) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      queueMicrotask(() => dispose()); // not from inside the effect's first run
      resolve(undone);
    }
    dispose = effect(() => {
      const record = records.value.get(episodeId);
      if (!record?.previous) finish(record?.state === 'downloaded');
    });
  });
}
