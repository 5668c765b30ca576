import type { DownloadFailure } from './downloadState.ts';

/** What a person reads after "Failed: ". */
export function failureText(failure: DownloadFailure): string {
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
      return 'not enough storage on this device';
    case 'download-total-exceeded':
      return 'the file was larger than the catalog said';
    case 'size-mismatch':
      return 'download corrupted (wrong size)';
    case 'could-not-start':
      return failure.detail ? `the download could not start (${failure.detail})` : 'the download could not start';
    case 'interrupted':
      return 'interrupted';
  }
}
