import type { DownloadFailure, DownloadRecord } from './downloadState.ts';

/**
 * Failures worth retrying without asking: the network went away (fetch-error, which is also what
 * Chromium reports after a browser restart), the server could not be reached when the fetch began
 * (bad-status with status 0), or the connection dropped mid-body (bad-status with a 2xx status:
 * the answer was fine, the bytes did not all come). Chromium's reports:
 * docs/background-fetch-in-chromium.md. The worker cannot start fetches, so an open
 * page retries.
 */
export const MAX_AUTOMATIC_RETRIES = 5;

export function isTransient(failure: DownloadFailure): boolean {
  if (failure.reason === 'fetch-error') return true;
  return failure.reason === 'bad-status' && (!failure.status || (failure.status >= 200 && failure.status < 300));
}

export function retriesAutomatically(record: DownloadRecord): boolean {
  return (
    record.state === 'failed' &&
    !!record.failure &&
    isTransient(record.failure) &&
    record.automaticRetries < MAX_AUTOMATIC_RETRIES
  );
}

/** 1, 2, 4, 8, 16 s: quick after a blip, patient with a long outage. */
export function retryDelayMs(automaticRetries: number): number {
  return 1000 * 2 ** Math.min(automaticRetries, 10);
}
