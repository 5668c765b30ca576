import { clientsClaim } from 'workbox-core';
import { CHANNEL_NAME, isWorkerCommand, type AppMessage } from '../src/core/messages.ts';
import { openAppDb, type AppDB } from '../src/core/db.ts';
import { lookedUpFetches, reconcileDownloads } from '../src/core/reconcileDownloads.ts';
import { readConfigResponse } from '../src/catalog/configReader.ts';
import { CONFIG_FILE } from '../src/catalog/configDefaults.ts';
import { CONFIG_CACHE } from '../src/core/cacheNames.ts';
import { CATALOG_SYNC_TAG } from '../src/catalog/periodicRefresh.ts';
import { registerAppShellRoutes } from './appShellRoutes.ts';
import { refreshCatalogInBackground } from './catalogSync.ts';
import { createBackgroundFetchHandlers } from './backgroundFetchHandlers.ts';
import { refusedByCors } from './corsProbe.ts';
import { openEpisodeWindow } from './openEpisodeWindow.ts';
import { registerMediaRoute } from './mediaRoute.ts';

declare const self: ServiceWorkerGlobalScope;

const channel = new BroadcastChannel(CHANNEL_NAME);
// Opened on first use, which is once this worker is active (only an active worker gets events).
// Opened at install, a new schema would reload the old version's pages while the update waits.
// A newer schema closes this connection (openAppDb): this worker is then being replaced.
let database: Promise<AppDB> | undefined;
const db = () => (database ??= openAppDb({ onBlocking: () => (database = undefined) }));
const handlers = createBackgroundFetchHandlers({
  db,
  caches,
  notify: (message: AppMessage) => channel.postMessage(message),
  openEpisode: (episodeId) =>
    openEpisodeWindow(
      {
        scope: self.registration.scope,
        windows: () => self.clients.matchAll({ type: 'window', includeUncontrolled: true }),
        openWindow: (url) => self.clients.openWindow(url),
      },
      episodeId,
    ),
  refusedByCors,
  now: Date.now,
});

registerAppShellRoutes();
registerMediaRoute(db);
clientsClaim();

self.addEventListener('message', (event) => {
  // workbox-window's messageSkipWaiting(): the page's "Reload" on an update banner.
  // Only from this origin's pages, and only in the one known shape; anything else is ignored.
  if (isWorkerCommand(event.data) && event.origin === self.location.origin) void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  const backgroundFetch = self.registration.backgroundFetch;
  if (!backgroundFetch) return;
  event.waitUntil(
    db().then((opened) => reconcileDownloads({ db: opened, liveFetches: lookedUpFetches(backgroundFetch), caches, locks: navigator.locks, now: Date.now })),
  );
});

self.addEventListener('backgroundfetchsuccess', (event) => {
  event.waitUntil(
    handlers.success(event.registration).then((title) => (title ? event.updateUI({ title }) : undefined)),
  );
});
self.addEventListener('backgroundfetchfail', (event) => {
  event.waitUntil(handlers.fail(event.registration).then((title) => (title ? event.updateUI({ title }) : undefined)));
});
self.addEventListener('backgroundfetchabort', (event) => event.waitUntil(handlers.abort(event.registration)));
self.addEventListener('backgroundfetchclick', (event) => event.waitUntil(handlers.click(event.registration)));

self.addEventListener('periodicsync', (event) => {
  if (event.tag !== CATALOG_SYNC_TAG) return;
  event.waitUntil(
    refreshCatalogInBackground({
      db,
      // A broken config.json: nothing is refreshed (the page keeps the last good settings; the worker has no copy of them).
      config: readConfigResponse(configFromNetworkOrCache(new URL(CONFIG_FILE, self.registration.scope).href), self.registration.scope).then(({ config, notice }) =>
        notice ? Promise.reject(new Error(notice)) : config,
      ),
      setBadge: async (count) => {
        await (navigator as Partial<WorkerNavigator>).setAppBadge?.(count);
      },
    }).catch((error: unknown) => console.warn('[catalog] background refresh failed', error)),
  );
});

/** The worker's own fetches skip its routes: config.json from the network, else the copy the page's start kept. */
async function configFromNetworkOrCache(url: string): Promise<Response> {
  try {
    return await fetch(url, { cache: 'no-cache' });
  } catch (error) {
    const kept = await caches.match(url, { cacheName: CONFIG_CACHE });
    if (kept) return kept;
    throw error;
  }
}
