/** Messages between the service worker and pages, and between tabs. One shape, checked on arrival. */
export const CHANNEL_NAME = 'offline-episodes';

export type AppMessage =
  /** A download record changed; readers reload it from IndexedDB, the source of truth. */
  | { type: 'download-changed'; episodeId: string }
  /** The user tapped the browser's download UI for this episode. */
  | { type: 'open-episode'; episodeId: string };

/** Page → worker: workbox-window's messageSkipWaiting(), sent by the update banner's Reload. */
export type WorkerCommand = { type: 'SKIP_WAITING' };

export function isAppMessage(data: unknown): data is AppMessage {
  if (!isRecord(data)) return false;
  const { type, episodeId } = data;
  return (type === 'download-changed' || type === 'open-episode') && typeof episodeId === 'string' && episodeId.length <= 100;
}

export function isWorkerCommand(data: unknown): data is WorkerCommand {
  return isRecord(data) && data.type === 'SKIP_WAITING';
}

function isRecord(data: unknown): data is Record<string, unknown> {
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}
