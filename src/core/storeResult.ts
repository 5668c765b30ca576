import { copyKeyOf } from './copyKeys.ts';
import type { DownloadFailure, DownloadRecord } from './downloadState.ts';

/** What must be true of the bytes before an episode counts as downloaded. */
export interface ExpectedBytes {
  /** The attempt's own media cache key (copyKeys.ts), whatever URL the bytes came from. */
  cacheKey: string;
  expectedBytes: number;
  /** Lowercase hex SHA-256, when the catalog gives one. */
  sha256?: string;
}

/** What a record's attempt must store. */
export function expectedOf(record: DownloadRecord): ExpectedBytes {
  return { cacheKey: copyKeyOf(record), expectedBytes: record.expectedBytes, ...(record.sha256 ? { sha256: record.sha256 } : {}) };
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

/** A digest as the catalog writes it: lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
