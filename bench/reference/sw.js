/* global self, caches, BroadcastChannel */
// The minimal reference worker: cache.put in the success handler, nothing else.
const channel = new BroadcastChannel('reference');

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('backgroundfetchsuccess', (event) => {
  event.waitUntil(
    (async () => {
      const [record] = await event.registration.matchAll();
      const response = await record.responseReady;
      await (await caches.open('reference')).put(record.request.url, response);
      channel.postMessage({ id: event.registration.id, ok: true });
    })(),
  );
});
self.addEventListener('backgroundfetchfail', (event) => {
  channel.postMessage({ id: event.registration.id, ok: false, reason: event.registration.failureReason });
});
