import { createPartialResponse } from 'workbox-range-requests';
import { registerRoute } from 'workbox-routing';
import { MEDIA_CACHE } from '../src/core/cacheNames.ts';

/**
 * Media elements ask for byte ranges. A downloaded episode is answered from the cache, sliced to
 * the asked range (206), so playback and seeking work offline; anything else goes to the network.
 */
export function registerMediaRoute(): void {
  registerRoute(
    ({ request }) => request.destination === 'video' || request.destination === 'audio',
    async ({ request }) => {
      const cached = await caches.match(request.url, { cacheName: MEDIA_CACHE });
      if (!cached) return fetch(request);
      return request.headers.has('range') ? createPartialResponse(request, cached) : cached;
    },
  );
}
