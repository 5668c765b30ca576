import { render } from 'preact';
import { configuredCatalog } from './catalog/catalogConfig.ts';
import { openAppDb } from './core/db.ts';
import { watchForUpdates } from './appUpdates.ts';
import { openLibrary } from './library.ts';
import { App } from './ui/App.tsx';
import './ui/styles.css';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app');

async function start(): Promise<void> {
  if (!('serviceWorker' in navigator)) {
    root!.textContent = 'This browser cannot store episodes offline (no service worker support).';
    return;
  }
  // A first visit registers the worker once the library is on screen: installing it (precaching)
  // would compete with the catalog for the network (README, Performance: P6).
  // A page it already controls registers at once (an update check). workbox-window is a chunk of
  // its own: nothing needs it before then, and the page entry stays within its budget.
  let allowWorker!: () => void;
  const workbox = new Promise<void>((resolve) => (allowWorker = resolve)).then(async () => {
    const { Workbox } = await import('workbox-window');
    return new Workbox(`${import.meta.env.BASE_URL}sw.js`);
  });
  const registration = workbox.then((loaded) => loaded.register()).then(activated);
  if (navigator.serviceWorker.controller) allowWorker();
  // A newer version's schema is waiting on this tab: reload into the new code (this one cannot read it).
  const database = openAppDb({ onBlocking: () => location.reload() });
  const library = await openLibrary(database, registration, configuredCatalog(location.href));
  render(<App library={library} updates={watchForUpdates(workbox, registration)} />, root!);
  void library.firstScreen.then(allowWorker);
}

/**
 * The registration once its worker has finished activating. The worker reconciles downloads while
 * it activates, and Background Fetch calls from a page in that time can wait on the activation
 * while the activation waits on them (seen here: a first visit stuck at "Starting…").
 */
async function activated(): Promise<ServiceWorkerRegistration> {
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (worker && worker.state === 'activating') {
    await new Promise<void>((resolve) => {
      const settled = () => worker.state !== 'activating' && resolve();
      worker.addEventListener('statechange', settled);
    });
  }
  return registration;
}

start().catch((error: unknown) => {
  console.error(error);
  root.textContent = `Offline Episodes could not start: ${error instanceof Error ? error.message : String(error)}`;
});
