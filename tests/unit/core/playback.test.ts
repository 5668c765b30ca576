import { describe, expect, it } from 'vitest';
import { isWatched, nextPosition, resumeAt, secondsLeft, type PlaybackPosition } from '../../../src/core/playback.ts';

const position = (positionSeconds: number, watched = false): PlaybackPosition => ({
  episodeId: 'e',
  positionSeconds,
  durationSeconds: 600,
  watched,
  updatedAt: 0,
});

describe('the watched rule', () => {
  it('is watched from 95 % of the duration, or when the episode ended', () => {
    expect(isWatched(569, 600, false)).toBe(false);
    expect(isWatched(570, 600, false)).toBe(true);
    expect(isWatched(3, 600, true)).toBe(true);
  });

  it('is never watched by a position on an unknown duration', () => {
    expect(isWatched(100, 0, false)).toBe(false);
    expect(isWatched(100, Number.NaN, false)).toBe(false);
  });

  it('stays watched when the viewer goes back into a watched episode, and an ended one is at its end', () => {
    const ended = nextPosition(undefined, 'e', 597, 600, true, 1);
    expect(ended).toMatchObject({ positionSeconds: 600, watched: true, watchedAt: 1 });
    expect(nextPosition(ended, 'e', 30, 600, false, 2)).toMatchObject({ positionSeconds: 30, watched: true, watchedAt: 1 });
    expect(nextPosition(undefined, 'e', 30, 600, false, 2)).not.toHaveProperty('watchedAt');
  });
});

describe('where Play starts', () => {
  it('resumes at the saved position, from the start when watched, barely begun or never played', () => {
    expect(resumeAt(position(754.2))).toBe(754.2);
    expect(resumeAt(position(754.2, true))).toBe(0);
    expect(resumeAt(position(0.4))).toBe(0);
    expect(resumeAt(undefined)).toBe(0);
  });

  it('says how much is left', () => {
    expect(secondsLeft(position(354))).toBe(246);
    expect(secondsLeft(position(700))).toBe(0);
  });
});
