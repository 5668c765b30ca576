import type { DownloadRecord, RefusalCode } from './downloadState.ts';

/**
 * After an attempt stored its bytes and its success was refused: whether those bytes belong to
 * no one and must go. The cache key is the episode's canonical URL, shared by every attempt, so
 * bytes are removed only when the record is gone, or its attempt was retired or cancelled and
 * the record does not say Downloaded (another attempt's download of the same URL is kept).
 */
export function storedMediaIsOrphaned(refusal: RefusalCode, current: DownloadRecord | undefined): boolean {
  switch (refusal) {
    case 'no-record':
      return true;
    case 'retired':
    case 'not-downloading':
      return current?.state !== 'downloaded';
    case 'already-active':
    case 'cancel-first':
      return false;
  }
}
