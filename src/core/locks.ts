/** Held by whoever is between writing a download record and the fetch() call that makes it real. */
export function startLockName(episodeId: string): string {
  return `offline-episodes:start:${episodeId}`;
}
