import { describe, expect, it } from 'vitest';
import { createControlsVisibility, HIDE_CONTROLS_MS, type Timers } from '../../../src/player/controlsVisibility.ts';
import { createTapDetector, doubleTapSeek, DOUBLE_TAP_MS } from '../../../src/player/gestures.ts';
import { bufferedSpans, playedFraction, seekTarget } from '../../../src/player/scrubber.ts';

describe('double tap on the picture', () => {
  it('seeks back 10 s on the left third, forward 30 s on the right third, and plays/pauses between', () => {
    expect(doubleTapSeek(10, 900)).toEqual({ seek: -10 });
    expect(doubleTapSeek(299, 900)).toEqual({ seek: -10 });
    expect(doubleTapSeek(300, 900)).toBe('toggle-play');
    expect(doubleTapSeek(599, 900)).toBe('toggle-play');
    expect(doubleTapSeek(600, 900)).toEqual({ seek: 30 });
    expect(doubleTapSeek(899, 900)).toEqual({ seek: 30 });
    expect(doubleTapSeek(5, 0)).toBe('toggle-play'); // not laid out yet
  });

  it('tells a double tap by time, and keeps counting doubles while the viewer taps on', () => {
    let now = 0;
    const tap = createTapDetector(() => now);
    expect(tap()).toBe('single');
    now += DOUBLE_TAP_MS - 50;
    expect(tap()).toBe('double');
    now += 200;
    expect(tap()).toBe('double'); // a third tap: seeks again
    now += DOUBLE_TAP_MS + 1;
    expect(tap()).toBe('single');
  });
});

/** Timers driven by hand: `advance` runs what falls due. */
function fakeTimers(): Timers & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let nextId = 1;
  const due = new Map<number, { at: number; callback: () => void }>();
  return {
    set: (callback, ms) => {
      due.set(nextId, { at: now + ms, callback });
      return nextId++;
    },
    clear: (id) => void due.delete(id),
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...due]) {
        if (timer.at <= now) {
          due.delete(id);
          timer.callback();
        }
      }
    },
    pending: () => due.size,
  };
}

describe('the controls over the picture', () => {
  const setup = () => {
    const timers = fakeTimers();
    const changes: boolean[] = [];
    const controls = createControlsVisibility((visible) => changes.push(visible), timers);
    return { timers, changes, controls };
  };

  it('stay while paused, and hide 3 s after playing starts', () => {
    const { timers, controls } = setup();
    timers.advance(10_000);
    expect(controls.visible).toBe(true);
    controls.setPlaying(true);
    timers.advance(HIDE_CONTROLS_MS - 1);
    expect(controls.visible).toBe(true);
    timers.advance(1);
    expect(controls.visible).toBe(false);
  });

  it('come back on a tap and hide again 3 s after it; a tap on shown ones hides them', () => {
    const { timers, controls, changes } = setup();
    controls.setPlaying(true);
    timers.advance(HIDE_CONTROLS_MS);
    controls.toggle();
    expect(controls.visible).toBe(true);
    timers.advance(2000);
    controls.show(); // another touch: the 3 s start again
    timers.advance(2000);
    expect(controls.visible).toBe(true);
    timers.advance(1000);
    expect(controls.visible).toBe(false);
    controls.toggle();
    controls.toggle();
    expect(controls.visible).toBe(false);
    expect(changes).toEqual([false, true, false, true, false]);
  });

  it('come back when paused, and a tap never hides them then', () => {
    const { timers, controls } = setup();
    controls.setPlaying(true);
    timers.advance(HIDE_CONTROLS_MS);
    controls.setPlaying(false);
    expect(controls.visible).toBe(true);
    controls.toggle();
    expect(controls.visible).toBe(true);
    expect(timers.pending()).toBe(0);
  });

  it('never hide while held (a sheet open, the scrubber dragged), and start the 3 s once let go', () => {
    const { timers, controls } = setup();
    controls.setPlaying(true);
    controls.hold('sheet', true);
    timers.advance(60_000);
    expect(controls.visible).toBe(true);
    controls.hold('scrubbing', true);
    controls.hold('sheet', false);
    timers.advance(60_000);
    expect(controls.visible).toBe(true);
    controls.hold('scrubbing', false);
    timers.advance(HIDE_CONTROLS_MS);
    expect(controls.visible).toBe(false);
  });
});

describe('the scrubber', () => {
  it('draws what is buffered as fractions of the duration, clamped, and nothing before the duration is known', () => {
    expect(bufferedSpans([[0, 30], [60, 150]], 120)).toEqual([{ start: 0, end: 0.25 }, { start: 0.5, end: 1 }]);
    expect(bufferedSpans([[0, 30]], Number.NaN)).toEqual([]);
    expect(bufferedSpans([[10, 10]], 100)).toEqual([]);
  });

  it('fills what was played, and a relative seek stays between the start and the end', () => {
    expect(playedFraction(30, 120)).toBe(0.25);
    expect(playedFraction(5, Number.NaN)).toBe(0);
    expect(seekTarget(5, -10, 120)).toBe(0);
    expect(seekTarget(100, 30, 120)).toBe(120);
    expect(seekTarget(100, 30, Number.NaN)).toBe(130);
  });
});
