import { signal } from '@preact/signals';
import { render } from 'preact';
import { loadAppConfig } from './catalog/loadAppConfig.ts';
import { openAppDb } from './core/db.ts';
import { t } from './i18n/translate.ts';
import { openLibrary } from './library.ts';
import { App, type AppUpdates } from './ui/App.tsx';
import type { InstallPromptEvent } from './ui/InstallButton.tsx';
import { whenIdle } from './whenIdle.ts';
import './ui/styles.css';

// index.html's own element: always there, holding the shell until the first render.
const root = document.getElementById('app')!;

async function start(): Promise<void> {
  // The page's first number formatter starts ICU (7–12 ms here, 25 at a phone's speed, whatever the
  // locale): done while the network works, not in the task that draws the first cards' sizes.
  whenIdle(() => void new Intl.NumberFormat().format(0));
  // A newer version's schema is waiting on this tab: it reloads into the new code (this one cannot
  // read it), at once, or when the player closes (App).
  const reloadNeeded = signal(false);
  const database = openAppDb({ onBlocking: () => (reloadNeeded.value = true) });
  // The viewer's language's catalog (a chunk of its own) loads with the database and config.json.
  const language = import('./i18n/language.ts').then((module) => module.startLanguage(database));
  if (!('serviceWorker' in navigator)) {
    await language;
    root.textContent = t('app.noServiceWorker');
    return;
  }
  // A first visit registers the worker once the library is on screen: installing it (precaching)
  // would compete with the catalog for the network (README, Performance: P6).
  // A page it already controls registers at once (an update check). Registration and updates are
  // a chunk of their own (with workbox-window): nothing needs them before then, and the page entry
  // stays within its budget.
  // Chromium offers installation early: the prompt is held for the app's own Install button
  // (InstallButton.tsx, which stays away if the viewer said Not now before).
  const installPrompt = signal<InstallPromptEvent | undefined>(undefined);
  addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    installPrompt.value = event as InstallPromptEvent;
  });
  addEventListener('appinstalled', () => (installPrompt.value = undefined));
  let allowWorker!: () => void;
  const available = signal(false);
  const worker = new Promise<void>((resolve) => (allowWorker = resolve))
    .then(() => import('./appUpdates.ts'))
    .then((module) => module.registerServiceWorker(available));
  if (navigator.serviceWorker.controller) allowWorker();
  // The publisher's config.json names the catalog: read first (the worker keeps a copy offline).
  const { config, notice } = await loadAppConfig(location.href, language);
  const library = await openLibrary(database, worker.then((control) => control.registration), config);
  await language;
  const updates: AppUpdates = { available, apply: () => void worker.then((control) => control.apply()), reloadNeeded, installPrompt };
  root.replaceChildren(); // index.html's shell, in the same task: no frame without either
  render(<App name={config.name ?? t('app.name')} configNotice={notice} {...library} updates={updates} />, root);
  void library.afterFirstScreen(allowWorker);
}

start().catch((error: unknown) => {
  console.error(error);
  // In English: the catalog may be what could not be loaded.
  root.textContent = `Offline Episodes could not start: ${error instanceof Error ? error.message : String(error)}`;
});
