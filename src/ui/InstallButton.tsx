import type { Signal } from '@preact/signals';
import { MonitorDown, X } from 'lucide';
import { Icon } from './Icon.tsx';
import { t } from '../i18n/translate.ts';

/** Chromium's install prompt, held back (preventDefault) until the viewer asks for it. */
export interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/** Written by Not now, read before the button shows. */
const DISMISSED = 'offline-episodes:install-dismissed';

/** The viewer's Not now of an earlier visit (storage may be refused: then it asks again). */
function saidNotNow(): boolean {
  try {
    return localStorage.getItem(DISMISSED) === '1';
  } catch {
    return false;
  }
}

/**
 * "Install app" where the browser offers installation, and "Not now", remembered: the app works in
 * a tab too, and asking on every visit would nag.
 */
export function InstallButton({ prompt }: { prompt: Signal<InstallPromptEvent | undefined> }) {
  const event = prompt.value;
  if (!event || saidNotNow()) return null;
  return (
    <p class="install">
      <button
        type="button"
        class="with-icon"
        onClick={() => {
          prompt.value = undefined; // a prompt can be shown once
          void event.prompt().then(() => event.userChoice);
        }}
      >
        <Icon icon={MonitorDown} />
        <span class="install-label">{t('install.action')}</span>
      </button>
      <button
        type="button"
        class="icon-button"
        aria-label={t('install.notNow')}
        title={t('install.notNow')}
        onClick={() => {
          prompt.value = undefined;
          try {
            localStorage.setItem(DISMISSED, '1');
          } catch {
            // Private mode without storage: it asks again next visit.
          }
        }}
      >
        <Icon icon={X} />
      </button>
    </p>
  );
}
