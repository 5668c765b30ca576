/** What a key does in the player (the shortcuts of the big video sites). */
export type PlayerCommand =
  | { type: 'toggle-play' }
  | { type: 'seek-by'; seconds: number }
  | { type: 'fullscreen' }
  | { type: 'mute' }
  | { type: 'captions' }
  | { type: 'rate'; direction: 1 | -1 }
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
 * button or link keeps Space (pressing it), anything else gives them to the player. A focused
 * <video> counts as a button: its native controls toggle on Space themselves, whatever a page does.
 */
export type FocusKind = 'editable' | 'button' | 'other';

export function commandFor(press: KeyPress, focus: FocusKind): PlayerCommand | undefined {
  if (press.ctrlKey || press.metaKey || press.altKey) return undefined; // the browser's and the system's
  if (focus === 'editable') return press.key === 'Escape' ? { type: 'close' } : undefined;
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
    case 'Escape':
      return { type: 'close' };
    default:
      return undefined;
  }
}

export function focusKindOf(target: EventTarget | null): FocusKind {
  if (!(target instanceof Element)) return 'other';
  if (target.closest('input, select, textarea, [contenteditable=""], [contenteditable="true"]')) return 'editable';
  if (target.closest('button, a[href], summary, video')) return 'button';
  return 'other';
}
