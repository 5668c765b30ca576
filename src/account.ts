import { effect, type ReadonlySignal, type Signal } from '@preact/signals';
import type { DownloadRecord } from './core/downloadState.ts';

/** Who is signed in, as the site's /api/session says; undefined until known (or on a site without accounts). */
export interface Account {
  signedIn: boolean;
  email?: string;
}

/**
 * The session, asked of the site at start (a chunk of its own: the first screen does not wait for
 * it); the account dialog sets it after signing in or out. Resolves once the first answer (or its
 * failure) is in.
 */
export function followAccount(account: Signal<Account | undefined>, records: ReadonlySignal<ReadonlyMap<string, DownloadRecord>>): Promise<void> {
  const askSession = () =>
    fetch('/api/session', { cache: 'no-store' })
      .then((response) => response.json() as Promise<Account>)
      .then(
        (known) => void (typeof known.signedIn === 'boolean' && (account.value = known)),
        () => undefined,
      );
  const asked = askSession();
  // A download refused for want of a session (401) means the session ended: asked again, the
  // subscribers' episodes stop offering Play and Download, which would fail now.
  let refused = refusedDownloads(records.value.values());
  effect(() => {
    const now = refusedDownloads(records.value.values());
    if ([...now].some((id) => !refused.has(id))) void askSession();
    refused = now;
  });
  return asked;
}

/** Download attempts the server refused for want of a session. */
function refusedDownloads(records: Iterable<DownloadRecord>): Set<string> {
  return new Set([...records].filter((record) => record.failure?.status === 401).map((record) => record.downloadId));
}
