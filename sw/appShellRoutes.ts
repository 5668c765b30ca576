import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { CONFIG_FILE } from '../src/catalog/configDefaults.ts';
import { ARTWORK_CACHE, CONFIG_CACHE } from '../src/core/cacheNames.ts';
import { MESSAGES_CACHE } from '../src/i18n/workerMessages.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };

/**
 * The app shell is precached (never media); artwork is served cache-first-then-refresh; the
 * publisher's config.json from the network when it answers (an edit applies at the next start),
 * else the last copy (offline starts read the same catalog).
 */
export function registerAppShellRoutes(): void {
  precacheAndRoute(self.__WB_MANIFEST);
  cleanupOutdatedCaches();
  registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
  registerRoute(({ request }) => request.destination === 'image', new StaleWhileRevalidate({ cacheName: ARTWORK_CACHE }));
  // A language's catalog, when it is not English (precached): kept once the page has used it.
  // This app's own chunks only: a publisher's file of words (config.json's messages) is no catalog.
  registerRoute(({ url }) => url.origin === self.location.origin && url.pathname.includes('/assets/messages-'), new StaleWhileRevalidate({ cacheName: MESSAGES_CACHE }));
  const config = new URL(CONFIG_FILE, self.registration.scope).href;
  registerRoute(({ url }) => url.href === config, new NetworkFirst({ cacheName: CONFIG_CACHE, networkTimeoutSeconds: 3 }));
}
