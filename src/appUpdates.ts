import type { Signal } from '@preact/signals';
import { Workbox } from 'workbox-window';

/**
 * The service worker's registration and the app's updates: a chunk of its own with
 * workbox-window, loaded when the worker may register (main.tsx), off the first screen's path.
 */
export interface ServiceWorkerControl {
  /** The registration once its worker has finished activating. */
  registration: Promise<ServiceWorkerRegistration>;
  /** The user's Reload: activate the waiting version, then load it. Never done without a press. */
  apply(): void;
}

/**
 * New versions wait until the user asks for them (a reload in the middle of an episode would be
 * rude); `available` turns true when one waits. Downloads are safe either way: Background Fetch
 * belongs to the browser, and whichever worker is active when it ends stores it.
 */
export function registerServiceWorker(available: Signal<boolean>): ServiceWorkerControl {
  const workbox = new Workbox(`${import.meta.env.BASE_URL}sw.js`);
  let requested = false;
  // Listening starts in the same turn as register(): no event is missed.
  workbox.addEventListener('waiting', () => (available.value = true));
  workbox.addEventListener('controlling', () => {
    if (requested) location.reload();
  });
  // Look for a new version whenever the app comes back to the foreground.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void workbox.update();
  });
  const registration = workbox.register().then(activated);
  void registration.then(({ waiting }) => (available.value ||= waiting !== null));
  return {
    registration,
    apply() {
      requested = true;
      // Another tab may have activated it already: then only this page is out of date.
      void registration.then(({ waiting }) => (waiting ? workbox.messageSkipWaiting() : location.reload()));
    },
  };
}

/**
 * The registration once its worker has finished activating. The worker reconciles downloads while
 * it activates, and Background Fetch calls from a page in that time can wait on the activation
 * while the activation waits on them: a first visit would stay at "Starting…"
 * (docs/background-fetch-in-chromium.md).
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
