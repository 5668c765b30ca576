import type { DownloadRecord, DownloadState, EpisodeToDownload } from './downloadState.ts';

// What the page asks of records it shows (the state machine itself, downloadState.ts, loads only
// with the first change).

/** States in which a download is wanted and not over: it counts against the limit and is not started again. */
export function isPending(state: DownloadState | undefined): boolean {
  return state === 'downloading' || state === 'waiting-for-wifi' || state === 'queued';
}

/** The episode a record downloads, as Download or Retry would name it. */
export function episodeOf(record: DownloadRecord): EpisodeToDownload {
  const { episodeId: id, title, mediaUrl, expectedBytes: bytes, sha256, artworkUrl, artworkSrcset, captions, rendition } = record;
  return { id, title, mediaUrl, bytes, sha256, artworkUrl, artworkSrcset, ...(captions ? { captions } : {}), rendition };
}

/**
 * The download that plays offline: the record when downloaded, or the copy a change of quality
 * keeps while it runs (downloadState.ts); undefined when nothing is stored.
 */
export function storedDownload(record: DownloadRecord | undefined): DownloadRecord | undefined {
  return record?.state === 'downloaded' ? record : record?.previous;
}
