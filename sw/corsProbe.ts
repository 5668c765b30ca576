/**
 * Whether a URL on another origin answers, but without the CORS headers that would let this app
 * read it: a CORS request fails while an opaque (no-cors) one succeeds. A deployment mistake, not
 * a network problem, so it must not be retried as one. Same-origin URLs and an unreachable server
 * are not refusals.
 */
export async function refusedByCors(url: string, origin: string): Promise<boolean> {
  if (new URL(url).origin === origin) return false;
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
