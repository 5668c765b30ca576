import type { Signal } from '@preact/signals';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { removeAllDownloaded } from '../downloads/removeAllDownloaded.ts';
import type { Account } from '../account.ts';
import type { DownloadManager } from '../downloads/downloadManager.ts';
import { t } from '../i18n/translate.ts';

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
      return response.ok ? answer : (answer.error ?? t('account.siteAnswered', { status: String(response.status) }));
    } catch {
      return navigator.onLine ? t('account.unreachable') : t('account.offline');
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
        <h2 id="account-title">{t('account.signOut')}</h2>
        {kept > 0 && <p>{t('account.downloadsStay', { count: kept })}</p>}
        <p role="alert">{error}</p>
        <div class="controls">
          <button type="button" class="primary" disabled={busy} onClick={() => void leave(false)}>
            {t('account.signOut')}
          </button>
          {kept > 0 && (
            <button type="button" disabled={busy} onClick={() => void leave(true)}>
              {t('account.signOutAndDelete')}
            </button>
          )}
          <button type="button" onClick={close}>
            {t('common.cancel')}
          </button>
        </div>
      </dialog>
    );
  }

  return (
    <dialog ref={dialog} class="account-dialog" aria-labelledby="account-title" onClose={close}>
      <h2 id="account-title">{t('account.signIn')}</h2>
      <p>{t('account.why')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          void session('POST', { email: form.get('email'), password: form.get('password') }).then(settle);
        }}
      >
        <label>
          {t('account.email')} <input name="email" type="email" autocomplete="username" required />
        </label>
        <label>
          {t('account.password')} <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <p role="alert">{error}</p>
        <div class="controls">
          <button type="submit" class="primary" disabled={busy}>
            {t('account.signIn')}
          </button>
          <button type="button" onClick={close}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
