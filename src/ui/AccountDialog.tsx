import type { Signal } from '@preact/signals';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { removeAllDownloaded } from '../downloads/removeAllDownloaded.ts';
import type { Account } from '../account.ts';
import type { DownloadManager } from '../downloads/downloadManager.ts';

interface Props {
  account: Signal<Account | undefined>;
  downloads: DownloadManager;
  /** After a sign-in: the press that asked for it (a subscribers' download). */
  then?: () => void;
  onClose(): void;
}

/**
 * Sign-in for whoever is signed out; sign-out, with the shared-device question about downloads,
 * for whoever is signed in. A modal dialog.
 */
export function AccountDialog({ account, downloads, then, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Asked for by a press (then): always a sign-in, even if the page still thinks a session is on.
  const [signOut] = useState(!then && account.value?.signedIn === true);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useLayoutEffect(() => dialog.current?.showModal(), []);
  const close = () => {
    onClose();
    if (!signOut && account.value?.signedIn) then?.();
  };

  const session = async (method: 'POST' | 'DELETE', body?: unknown): Promise<Account | string> => {
    setBusy(true);
    try {
      const response = await fetch('/api/session', {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer = (await response.json()) as Account & { error?: string };
      return response.ok ? answer : (answer.error ?? `The site answered ${response.status}`);
    } catch {
      return navigator.onLine ? 'The site could not be reached' : 'You are offline: sign in when you are back online';
    } finally {
      setBusy(false);
    }
  };
  const settle = (answer: Account | string) => {
    if (typeof answer === 'string') return setError(answer);
    account.value = answer;
    close();
  };

  if (signOut) {
    const kept = [...downloads.records.value.values()].filter((record) => record.state !== 'failed' && record.state !== 'cancelled').length;
    const leave = async (deleteDownloads: boolean) => {
      const answer = await session('DELETE');
      if (typeof answer !== 'string' && deleteDownloads) {
        for (const record of downloads.records.value.values()) await downloads.cancel(record.episodeId);
        await removeAllDownloaded(downloads);
      }
      settle(answer);
    };
    return (
      <dialog ref={dialog} class="account-dialog" aria-labelledby="account-title" onClose={close}>
        <h2 id="account-title">Sign out</h2>
        {kept > 0 && (
          <p>
            Your {kept === 1 ? 'download stays' : `${kept} downloads stay`} on this device and keep playing offline. On a shared
            device, delete them too.
          </p>
        )}
        <p role="alert">{error}</p>
        <div class="controls">
          <button type="button" class="primary" disabled={busy} onClick={() => void leave(false)}>
            Sign out
          </button>
          {kept > 0 && (
            <button type="button" disabled={busy} onClick={() => void leave(true)}>
              Sign out and delete downloads
            </button>
          )}
          <button type="button" onClick={close}>
            Cancel
          </button>
        </div>
      </dialog>
    );
  }

  return (
    <dialog ref={dialog} class="account-dialog" aria-labelledby="account-title" onClose={close}>
      <h2 id="account-title">Sign in</h2>
      <p>Subscribers' episodes download and play once you are signed in.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          void session('POST', { email: form.get('email'), password: form.get('password') }).then(settle);
        }}
      >
        <label>
          Email <input name="email" type="email" autocomplete="username" required />
        </label>
        <label>
          Password <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <p role="alert">{error}</p>
        <div class="controls">
          <button type="submit" class="primary" disabled={busy}>
            Sign in
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
