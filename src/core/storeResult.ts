import type { DownloadFailure } from './downloadState.ts';

/** What must be true of the bytes before an episode counts as downloaded. */
export interface ExpectedBytes {
  /** Canonical URL: the Cache Storage key, whatever URL the bytes came from. */
  mediaUrl: string;
  expectedBytes: number;
  /** Lowercase hex SHA-256, when the catalog gives one. */
  sha256?: string;
}

export type StoreResult = { ok: true; storedBytes: number } | { ok: false; failure: DownloadFailure };

/** Why `cache.put` refused: the browser's quota, or the body failing on the way. */
export function putFailure(error: unknown, expected: ExpectedBytes): DownloadFailure {
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return { reason: 'quota-exceeded', neededBytes: expected.expectedBytes };
  }
  return { reason: 'fetch-error', detail: error instanceof Error ? error.message : String(error) };
}

export function sizeMismatch(stored: number, expected: number): DownloadFailure {
  return { reason: 'size-mismatch', detail: `${stored} bytes, expected ${expected}` };
}
