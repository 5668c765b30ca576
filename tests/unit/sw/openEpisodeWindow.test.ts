import { describe, expect, it } from 'vitest';
import type { AppMessage } from '../../../src/core/messages.ts';
import { openEpisodeWindow, type AppWindow, type WindowOpener } from '../../../sw/openEpisodeWindow.ts';

const scope = 'https://episodes.test/app/';

function fakeWindow(url: string) {
  const window = { url, focused: false, messages: [] as AppMessage[] };
  const client: AppWindow = {
    url,
    focus: async () => (window.focused = true),
    postMessage: (message) => window.messages.push(message),
  };
  return { window, client };
}

function opener(windows: AppWindow[]): WindowOpener & { opened: string[] } {
  const opened: string[] = [];
  return { scope, windows: async () => windows, openWindow: async (url) => opened.push(url), opened };
}

describe('a tap on the browser download UI', () => {
  it('focuses an open app window and tells it which episode', async () => {
    const other = fakeWindow('https://elsewhere.test/app/');
    const app = fakeWindow(`${scope}#downloads`);
    const clients = opener([other.client, app.client]);
    await openEpisodeWindow(clients, 'ep-7');
    expect(app.window).toMatchObject({ focused: true, messages: [{ type: 'open-episode', episodeId: 'ep-7' }] });
    expect(other.window.focused).toBe(false);
    expect(clients.opened).toEqual([]);
  });

  it('opens the app on the episode when no window is open', async () => {
    const clients = opener([fakeWindow('https://elsewhere.test/').client]);
    await openEpisodeWindow(clients, 'ep-7');
    expect(clients.opened).toEqual([`${scope}?episode=ep-7`]);
  });

  it('opens the app at its start for a download it no longer knows', async () => {
    const clients = opener([]);
    await openEpisodeWindow(clients, undefined);
    expect(clients.opened).toEqual([scope]);
  });
});
