import { describe, expect, it } from 'vitest';
import { heldEpisode } from '../../../src/player/heldPlayer.ts';

describe('which episode the app keeps a player for (the mini-player)', () => {
  it('is the route’s while the route is open, whatever was held before', () => {
    expect(heldEpisode(undefined, 'a', undefined, false)).toBe('a');
    expect(heldEpisode('a', 'b', undefined, true)).toBe('b'); // Play on another card, the bar showing a
  });

  it('stays the same episode when its route closes while it plays, and goes when it was paused', () => {
    expect(heldEpisode('a', undefined, 'a', true)).toBe('a');
    expect(heldEpisode('a', undefined, 'a', false)).toBeUndefined();
  });

  it('keeps the bar as it is while no route changes (a pause in the bar does not close it)', () => {
    expect(heldEpisode('a', undefined, undefined, false)).toBe('a');
    expect(heldEpisode(undefined, undefined, undefined, false)).toBeUndefined();
  });
});
