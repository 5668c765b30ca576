import type { DownloadFailure } from '../core/downloadState.ts';
import { t } from '../i18n/translate.ts';
import { formatBytes } from './format.ts';

/** The line a person reads under a download that did not finish. */
export function failureText(failure: DownloadFailure): string {
  const { neededBytes, freeBytes = 0 } = failure;
  if (failure.reason === 'insufficient-storage' && neededBytes !== undefined) {
    return t('failure.needsStorage', { needed: formatBytes(neededBytes), free: formatBytes(freeBytes) });
  }
  if (failure.reason === 'over-limit' && failure.limitBytes !== undefined) return t('failure.overLimit', { limit: formatBytes(failure.limitBytes) });
  if (failure.reason === 'quota-exceeded' && neededBytes !== undefined) return t('failure.quotaNeeded', { needed: formatBytes(neededBytes) });
  if (failure.reason === 'copy-gone') return t('failure.copyGone');
  // The session ended (mid-download, or before a retry): signing in and Retry finish it.
  if (failure.reason === 'bad-status' && failure.status === 401) return t('failure.signInAgain');
  return t('failure.failed', { cause: failureCause(failure) });
}

// A failure's detail (an error's message, a hash) is the browser's or the server's words: as given.
function failureCause(failure: DownloadFailure): string {
  const { reason, detail } = failure;
  // A status code, not a count: its digits as they are.
  const status = String(failure.status);
  switch (reason) {
    case 'bad-status':
      if (!failure.status) return t('failure.unreachable');
      if (failure.status === 404 || failure.status === 410) return t('failure.notOnServer', { status });
      if (failure.status === 401 || failure.status === 403) return t('failure.refused', { status });
      if (failure.status >= 500) return t('failure.serverProblem', { status });
      return t('failure.serverError', { status });
    case 'fetch-error':
      return t('failure.connectionLost');
    case 'quota-exceeded':
      return t('failure.quota');
    case 'download-total-exceeded':
      return t('failure.largerThanSaid');
    case 'size-mismatch':
      return t('failure.wrongSize');
    case 'hash-mismatch':
      return t('failure.corrupted');
    case 'insufficient-storage':
      return t('failure.noStorage');
    case 'over-limit':
      return t('failure.overYourLimit');
    case 'could-not-start':
      return detail ? t('failure.couldNotStartBecause', { detail }) : t('failure.couldNotStart');
    case 'could-not-store':
      return detail ? t('failure.couldNotStoreBecause', { detail }) : t('failure.couldNotStore');
    case 'cors-refused':
      return t('failure.cors');
    case 'interrupted':
      return t('failure.interrupted');
    case 'copy-gone':
      return t('failure.copyGoneCause');
    case 'unplayable':
      return t('failure.unplayable', { types: detail ?? '' });
  }
}
