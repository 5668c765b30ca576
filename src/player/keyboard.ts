import type { MessageId } from '../i18n/types.ts';

/** What a key does in the player (the shortcuts of the big video sites). */
export type PlayerCommand =
  | { type: 'toggle-play' }
  | { type: 'seek-by'; seconds: number }
  | { type: 'fullscreen' }
  | { type: 'mute' }
  | { type: 'captions' }
  | { type: 'rate'; direction: 1 | -1 }
  | { type: 'shortcuts' }
  | { type: 'close' };

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * Where focus is decides what keys are left alone: a text field or a list keeps every key, a
 * button or link keeps Space (pressing it), a player's sheet or dialog keeps every key, anything
 * else gives them to the player.
 */
export type FocusKind = 'editable' | 'button' | 'dialog' | 'other';

export function commandFor(press: KeyPress, focus: FocusKind): PlayerCommand | undefined {
  if (press.ctrlKey || press.metaKey || press.altKey) return undefined; // the browser's and the system's
  if (focus === 'editable') return press.key === 'Escape' ? { type: 'close' } : undefined;
  if (focus === 'dialog') return undefined; // a sheet or dialog of the player: Escape closes it, not the player
  switch (press.key) {
    case ' ':
      return focus === 'button' ? undefined : { type: 'toggle-play' };
    case 'k':
    case 'K':
      return { type: 'toggle-play' };
    case 'j':
    case 'J':
      return { type: 'seek-by', seconds: -10 };
    case 'l':
    case 'L':
      return { type: 'seek-by', seconds: 10 };
    // The keys' physical sides in every language, like the timeline they move along (player.css).
    case 'ArrowLeft':
      return { type: 'seek-by', seconds: -5 };
    case 'ArrowRight':
      return { type: 'seek-by', seconds: 5 };
    case 'f':
    case 'F':
      return { type: 'fullscreen' };
    case 'm':
    case 'M':
      return { type: 'mute' };
    case 'c':
    case 'C':
      return { type: 'captions' };
    case '>':
      return { type: 'rate', direction: 1 };
    case '<':
      return { type: 'rate', direction: -1 };
    case '?':
      return { type: 'shortcuts' };
    case 'Escape':
      return { type: 'close' };
    default:
      return undefined;
  }
}

export function focusKindOf(target: EventTarget | null): FocusKind {
  if (!(target instanceof Element)) return 'other';
  if (target.closest('dialog[open]')) return 'dialog';
  // The scrubber: its arrows seek as the player's do, and the other keys still reach the player.
  if (target.matches('input[type="range"]')) return 'other';
  if (target.closest('input, select, textarea, [contenteditable=""], [contenteditable="true"]')) return 'editable';
  if (target.closest('button, a[href], summary')) return 'button';
  return 'other';
}

/**
 * The keyboard dialog's list: what to press, what it does (a message), and one key that does it
 * (tested against commandFor). Keys named in words are messages too (`shortcuts.*`); the rest are
 * the keys' own symbols.
 */
export const SHORTCUTS: readonly { keys: string; does: MessageId; press: string }[] = [
  { keys: 'shortcuts.spaceOrK', does: 'shortcuts.playOrPause', press: 'k' },
  { keys: 'J / L', does: 'shortcuts.back10', press: 'j' },
  { keys: '← / →', does: 'shortcuts.back5', press: 'ArrowLeft' },
  { keys: 'Shift + . / Shift + ,', does: 'shortcuts.faster', press: '>' },
  { keys: 'C', does: 'shortcuts.captions', press: 'c' },
  { keys: 'M', does: 'shortcuts.mute', press: 'm' },
  { keys: 'F', does: 'shortcuts.fullScreen', press: 'f' },
  { keys: '?', does: 'shortcuts.thisList', press: '?' },
  { keys: 'shortcuts.escape', does: 'shortcuts.close', press: 'Escape' },
];
