import type { Signal } from '@preact/signals';
import { MonitorDown, X } from 'lucide';
import { Icon } from './Icon.tsx';
import { t } from '../i18n/translate.ts';

/** Chromium's install prompt, held back (preventDefault) until the viewer asks for it. */
export interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/** Read before the prompt is held (main.tsx), written by Not now. */
export const DISMISSED = 'offline-episodes:install-dismissed';

/**
 * "Install app" where the browser offers installation, and "Not now", remembered: the app works in
 * a tab too, and asking on every visit would nag.
 */
export function InstallButton({ prompt }: { prompt: Signal<InstallPromptEvent | undefined> }) {
  const event = prompt.value;
  if (!event) return null;
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
