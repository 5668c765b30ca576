import { describe, expect, it } from 'vitest';
import type { Episode } from '../../../src/core/catalog.ts';
import { commandFor, SHORTCUTS, type KeyPress } from '../../../src/player/keyboard.ts';
import { neighbours } from '../../../src/player/neighbours.ts';

const press = (key: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...modifiers,
});

describe('player shortcuts', () => {
  it('maps the video-site keys', () => {
    expect(commandFor(press(' '), 'other')).toEqual({ type: 'toggle-play' });
    expect(commandFor(press('k'), 'other')).toEqual({ type: 'toggle-play' });
    expect(commandFor(press('J', { shiftKey: true }), 'other')).toEqual({ type: 'seek-by', seconds: -10 });
    expect(commandFor(press('l'), 'other')).toEqual({ type: 'seek-by', seconds: 10 });
    expect(commandFor(press('ArrowLeft'), 'other')).toEqual({ type: 'seek-by', seconds: -5 });
    expect(commandFor(press('ArrowRight'), 'other')).toEqual({ type: 'seek-by', seconds: 5 });
    expect(commandFor(press('f'), 'other')).toEqual({ type: 'fullscreen' });
    expect(commandFor(press('m'), 'other')).toEqual({ type: 'mute' });
    expect(commandFor(press('c'), 'other')).toEqual({ type: 'captions' });
    expect(commandFor(press('>', { shiftKey: true }), 'other')).toEqual({ type: 'rate', direction: 1 });
    expect(commandFor(press('<', { shiftKey: true }), 'other')).toEqual({ type: 'rate', direction: -1 });
    expect(commandFor(press('Escape'), 'other')).toEqual({ type: 'close' });
    expect(commandFor(press('x'), 'other')).toBeUndefined();
  });

  it('leaves Space to a focused button, every key but Escape to a list or text field, and modified keys to the browser', () => {
    expect(commandFor(press(' '), 'button')).toBeUndefined();
    expect(commandFor(press('k'), 'button')).toEqual({ type: 'toggle-play' });
    expect(commandFor(press('ArrowRight'), 'editable')).toBeUndefined();
    expect(commandFor(press('Escape'), 'editable')).toEqual({ type: 'close' });
    expect(commandFor(press('f', { ctrlKey: true }), 'other')).toBeUndefined();
    expect(commandFor(press('l', { metaKey: true }), 'other')).toBeUndefined();
  });

  it('opens the keyboard dialog with ?, and leaves every key to an open sheet or dialog (Escape closes it, not the player)', () => {
    expect(commandFor(press('?', { shiftKey: true }), 'other')).toEqual({ type: 'shortcuts' });
    expect(commandFor(press('Escape'), 'dialog')).toBeUndefined();
    expect(commandFor(press('k'), 'dialog')).toBeUndefined();
  });

  it('lists in the dialog only keys that do something', () => {
    for (const shortcut of SHORTCUTS) expect(commandFor(press(shortcut.press), 'other'), shortcut.keys).toBeDefined();
  });
});

const episode = (id: string): Episode => ({ id, title: id, description: '', durationSeconds: 1, bytes: 1, mediaUrl: `https://e.test/${id}`, artworkUrl: '' });

describe('previous and next episodes', () => {
  const episodes = ['a', 'b', 'c', 'd'].map(episode);

  it('are the neighbours in catalog order when everything can play (online)', () => {
    expect(neighbours(episodes, 'b', () => true)).toEqual({ previous: episodes[0], next: episodes[2] });
    expect(neighbours(episodes, 'd', () => true)).toEqual({ previous: episodes[2], next: undefined });
  });

  it('skip what cannot play (offline: not downloaded)', () => {
    const downloaded = new Set(['a', 'd']);
    expect(neighbours(episodes, 'b', (e) => downloaded.has(e.id))).toEqual({ previous: episodes[0], next: episodes[3] });
    expect(neighbours(episodes, 'a', (e) => downloaded.has(e.id))).toEqual({ previous: undefined, next: episodes[3] });
  });

  it('are none for an episode not in the list', () => {
    expect(neighbours(episodes, 'zz', () => true)).toEqual({});
  });
});
