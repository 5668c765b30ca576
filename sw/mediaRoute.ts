import { createPartialResponse } from 'workbox-range-requests';
import { registerRoute } from 'workbox-routing';
import { CAPTIONS_CACHE } from '../src/core/cacheNames.ts';
import type { AppDB } from '../src/core/db.ts';
import { anyCopyOf, storedCopyFor } from '../src/core/mediaCopies.ts';

/**
 * Media elements ask for byte ranges. A downloaded episode is answered from the cache, sliced to
 * the asked range (206), so playback and seeking work offline; anything else (streaming) goes to
 * the network, and nothing of it is stored.
 */
export function registerMediaRoute(db: () => Promise<AppDB>): void {
  registerRoute(
    ({ request }) => request.destination === 'video' || request.destination === 'audio',
    async ({ request }) => {
      const cached = await copyFor(db, request.url);
      if (!cached) return withoutRedirect(await fetch(request));
      if (request.headers.has('range')) return createPartialResponse(request, cached);
      return withoutRedirect(cached);
    },
  );
  // Captions of a downloaded episode come from the cache (offline too); a streamed one's from the network.
  registerRoute(
    ({ request }) => request.destination === 'track',
    async ({ request }) => (await caches.match(request.url, { cacheName: CAPTIONS_CACHE })) ?? fetch(request),
  );
}

/**
 * The element asks for the canonical URL; the copy is under its download's own key, which the
 * records name. A worker whose database a newer version has taken finds it by its key instead.
 */
async function copyFor(db: () => Promise<AppDB>, url: string): Promise<Response | undefined> {
  try {
    return await storedCopyFor(await db(), caches, url);
  } catch {
    return anyCopyOf(caches, url);
  }
}

/**
 * The same response under the URL the element asked for. A media element sends its later range
 * requests (every seek) to a response's final URL: left as the signed CDN URL, they would expire
 * with the signature and, offline, miss the copy, which is found by the canonical URL.
 */
function withoutRedirect(response: Response): Response {
  if (!response.redirected || response.type === 'opaque') return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
