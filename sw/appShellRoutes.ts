import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { StaleWhileRevalidate } from 'workbox-strategies';
import { ARTWORK_CACHE } from '../src/core/cacheNames.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };

/** The app shell is precached (never media); artwork is served cache-first-then-refresh. */
export function registerAppShellRoutes(): void {
  precacheAndRoute(self.__WB_MANIFEST);
  cleanupOutdatedCaches();
  registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
  registerRoute(({ request }) => request.destination === 'image', new StaleWhileRevalidate({ cacheName: ARTWORK_CACHE }));
}
