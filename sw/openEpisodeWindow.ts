import type { AppMessage } from '../src/core/messages.ts';

/** Focuses an open app window on the episode (or opens one): the browser's download UI was tapped. */
export async function openEpisodeWindow(scope: ServiceWorkerGlobalScope, episodeId: string | undefined): Promise<void> {
  const url = new URL(scope.registration.scope);
  if (episodeId) url.searchParams.set('episode', episodeId);
  const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => client.url.startsWith(scope.registration.scope));
  if (!open) {
    await scope.clients.openWindow(url.href);
    return;
  }
  await open.focus();
  if (episodeId) open.postMessage({ type: 'open-episode', episodeId } satisfies AppMessage);
}
