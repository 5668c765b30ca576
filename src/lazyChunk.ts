import { signal } from '@preact/signals';

/**
 * Set when a chunk of the app could not be loaded (offline on a first visit, or an old tab after
 * a deploy removed its files): the page then says so and offers Reload, rather than a button
 * that does nothing.
 */
export const chunkFailed = signal(false);

/** A lazy import that, when it fails, raises `chunkFailed` (and still rejects for its caller). */
export function loadChunk<T>(load: () => Promise<T>): Promise<T> {
  return load().catch((error: unknown) => {
    chunkFailed.value = true;
    throw error;
  });
}
