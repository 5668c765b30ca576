/** Messages between the service worker and pages, and between tabs. One shape, checked on arrival. */
export const CHANNEL_NAME = 'offline-episodes';

export type AppMessage =
  /** A download record changed; readers reload it from IndexedDB, the source of truth. */
  | { type: 'download-changed'; episodeId: string }
  /** The user tapped the browser's download UI for this episode. */
  | { type: 'open-episode'; episodeId: string };

export function isAppMessage(data: unknown): data is AppMessage {
  if (typeof data !== 'object' || data === null) return false;
  const { type, episodeId } = data as Record<string, unknown>;
  return (type === 'download-changed' || type === 'open-episode') && typeof episodeId === 'string';
}
