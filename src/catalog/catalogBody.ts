/** A catalog body past this is refused: a feed of 50,000 episodes with long show notes is ~25 MB. */
export const MAX_CATALOG_BYTES = 32_000_000;
const YIELD_BYTES = 1024 * 1024;
/** What `onStart` is given: enough for a first screen of entries, little to join. */
const START_BYTES = 64 * 1024;

/**
 * The body as text, read a chunk at a time and given up as soon as it passes MAX_CATALOG_BYTES
 * (the rest is never downloaded), with an error that says so. `onStart` gets the text of the
 * first 64 KB, once, if the body is longer, and the reading waits for what it returns. (A chunk of the page's own,
 * with the checker: an unchanged catalog needs neither.)
 */
export async function readCatalogBody(response: Response, onStart?: (start: string) => Promise<void> | void): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  let handedBack = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_CATALOG_BYTES) {
      void reader.cancel().catch(() => undefined);
      throw new Error(`it is larger than ${MAX_CATALOG_BYTES / 1_000_000} MB`);
    }
    parts.push(decoder.decode(value, { stream: true }));
    if (onStart && bytes >= START_BYTES) {
      const started = onStart(parts.join(''));
      onStart = undefined;
      await started;
    }
    // A body already received is read in one task (its reads are microtasks): hand the thread
    // back now and then.
    if (bytes - handedBack > YIELD_BYTES) {
      handedBack = bytes;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  parts.push(decoder.decode());
  return parts.join('');
}
