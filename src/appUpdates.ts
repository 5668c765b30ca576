import { signal, type ReadonlySignal } from '@preact/signals';
import type { Workbox } from 'workbox-window';

export interface AppUpdates {
  /** A new version is installed and waiting. */
  available: ReadonlySignal<boolean>;
  /** The user's Reload: activate the new version, then load it. Never done without a press. */
  apply(): void;
}

/**
 * New versions wait until the user asks for them (a reload in the middle of an episode would be
 * rude). Downloads are safe either way: Background Fetch belongs to the browser, and whichever
 * worker is active when it ends stores it.
 */
export function watchForUpdates(workbox: Promise<Workbox>, registration: Promise<ServiceWorkerRegistration>): AppUpdates {
  const available = signal(false);
  void registration.then(({ waiting }) => (available.value ||= waiting !== null));
  let requested = false;
  // Listening starts in the same turn as register() (main.tsx chains it first): no event is missed.
  void workbox.then((loaded) => {
    loaded.addEventListener('waiting', () => (available.value = true));
    loaded.addEventListener('controlling', () => {
      if (requested) location.reload();
    });
    // Look for a new version whenever the app comes back to the foreground.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void loaded.update();
    });
  });
  return {
    available,
    apply() {
      requested = true;
      // Another tab may have activated it already: then only this page is out of date.
      void Promise.all([workbox, registration]).then(([loaded, { waiting }]) => (waiting ? loaded.messageSkipWaiting() : location.reload()));
    },
  };
}
