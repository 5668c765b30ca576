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
      if (!cached) return withoutRedirect(await fetch(request));
      if (request.headers.has('range')) return createPartialResponse(request, cached);
      return withoutRedirect(cached);
    },
  );
}

/**
 * The same response under the URL the element asked for. A media element sends its later range
 * requests (every seek) to a response's final URL: left as the signed CDN URL, they would expire
 * with the signature and, offline, miss the cache, which is keyed on the canonical URL.
 */
function withoutRedirect(response: Response): Response {
  if (!response.redirected || response.type === 'opaque') return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
