import { playingEpisodes } from '../core/locks.ts';
import type { DownloadManager } from './downloadManager.ts';

/**
 * Deletes every downloaded episode except those open in a player in any tab; running downloads
 * are left alone. Resolves with how many were kept because they are playing. (Out of the
 * manager: only lazy views use it.)
 */
export async function removeAllDownloaded(downloads: Pick<DownloadManager, 'records' | 'remove'>, locks: LockManager = navigator.locks): Promise<number> {
  const playing = await playingEpisodes(locks);
  const downloaded = [...downloads.records.value.values()].filter((record) => record.state === 'downloaded');
  for (const record of downloaded) if (!playing.has(record.episodeId)) await downloads.remove(record.episodeId);
  return downloaded.filter((record) => playing.has(record.episodeId)).length;
}
