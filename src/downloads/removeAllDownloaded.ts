import type { DownloadManager } from './downloadManager.ts';

/** Deletes every downloaded episode; running downloads are left alone. (Out of the manager: only lazy views use it.) */
export async function removeAllDownloaded(downloads: Pick<DownloadManager, 'records' | 'remove'>): Promise<void> {
  const downloaded = [...downloads.records.value.values()].filter((record) => record.state === 'downloaded');
  for (const record of downloaded) await downloads.remove(record.episodeId);
}
