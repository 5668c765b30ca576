import type { AppMessage } from '../src/core/messages.ts';

/** The parts of a window client this needs (a WindowClient in the worker, a fake under test). */
export interface AppWindow {
  readonly url: string;
  focus(): Promise<unknown>;
  postMessage(message: AppMessage): void;
}

export interface WindowOpener {
  /** The registration's scope: windows under it are the app's. */
  scope: string;
  windows(): Promise<readonly AppWindow[]>;
  openWindow(url: string): Promise<unknown>;
}

/**
 * The browser's download UI was tapped: focus an open app window and point it at the episode,
 * or open one at `?episode=<id>`.
 */
export async function openEpisodeWindow(opener: WindowOpener, episodeId: string | undefined): Promise<void> {
  const url = new URL(opener.scope);
  if (episodeId) url.searchParams.set('episode', episodeId);
  const open = (await opener.windows()).find((client) => client.url.startsWith(opener.scope));
  if (!open) {
    await opener.openWindow(url.href);
    return;
  }
  await open.focus();
  if (episodeId) open.postMessage({ type: 'open-episode', episodeId });
}
