/**
 * Whether a media URL answers, but without the CORS headers that would let this app read it: a
 * CORS request fails while an opaque (no-cors) one succeeds. A deployment mistake, not a network
 * problem, so it must not be retried as one. Asked of the URL the download used, so a canonical
 * URL on this origin that redirects to a CDN on another is judged by the CDN's answer (the usual
 * setup: the CDN must send `Access-Control-Allow-Origin: *`). A URL that reads fine and an
 * unreachable server are not refusals.
 */
export async function refusedByCors(url: string): Promise<boolean> {
  const probe = (mode: RequestMode) => fetch(url, { method: 'HEAD', mode, cache: 'no-store', credentials: 'omit' });
  try {
    await probe('cors');
    return false;
  } catch {
    // Refused, or unreachable: the opaque request tells which.
  }
  try {
    await probe('no-cors');
    return true;
  } catch {
    return false;
  }
}
