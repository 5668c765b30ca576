import type { DownloadFailure } from '../core/downloadState.ts';
import { formatBytes } from './format.ts';

/** The line a person reads under a download that did not finish. */
export function failureText(failure: DownloadFailure): string {
  const { neededBytes, freeBytes = 0 } = failure;
  if (failure.reason === 'insufficient-storage' && neededBytes !== undefined) {
    return `Not enough storage: needs ${formatBytes(neededBytes)}, ${formatBytes(freeBytes)} free`;
  }
  if (failure.reason === 'over-limit' && failure.limitBytes !== undefined) {
    return `Over your ${formatBytes(failure.limitBytes)} download limit: delete something or raise the limit`;
  }
  if (failure.reason === 'quota-exceeded' && neededBytes !== undefined) {
    return `Not enough storage: needs ${formatBytes(neededBytes)}; the browser refused the space. Delete downloads to make room.`;
  }
  if (failure.reason === 'copy-gone') return 'The downloaded copy is gone: the browser removed it';
  // The session ended (mid-download, or before a retry): signing in and Retry finish it.
  if (failure.reason === 'bad-status' && failure.status === 401) return 'Sign in again to finish this download';
  return `Failed: ${failureCause(failure)}`;
}

function failureCause(failure: DownloadFailure): string {
  const { reason, status } = failure;
  switch (reason) {
    case 'bad-status':
      if (!status) return 'could not reach the server';
      if (status === 404 || status === 410) return `the episode is no longer on the server (HTTP ${status})`;
      if (status === 401 || status === 403) return `the server refused access to the episode (HTTP ${status})`;
      if (status >= 500) return `the server had a problem (HTTP ${status})`;
      return `the server answered with an error (HTTP ${status})`;
    case 'fetch-error':
      return 'the network connection was lost';
    case 'quota-exceeded':
      return 'not enough storage on this device; delete downloads to make room';
    case 'download-total-exceeded':
      return 'download corrupted (larger than the catalog says)';
    case 'size-mismatch':
      return 'download corrupted (wrong size)';
    case 'hash-mismatch':
      return 'download corrupted';
    case 'insufficient-storage':
      return 'not enough storage';
    case 'over-limit':
      return 'over your download limit';
    case 'could-not-start':
      return failure.detail ? `the download could not start (${failure.detail})` : 'the download could not start';
    case 'could-not-store':
      return failure.detail ? `the episode could not be stored (${failure.detail})` : 'the episode could not be stored';
    case 'cors-refused':
      return 'the media server does not let this app download it (no CORS headers)';
    case 'interrupted':
      return 'interrupted';
    case 'copy-gone':
      return 'the downloaded copy is gone';
  }
}
