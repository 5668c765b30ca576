import { describe, expect, it } from 'vitest';
import { createPositionSaver, type PlayheadSnapshot } from '../../../src/player/positionSaver.ts';

const at = (positionSeconds: number, ended = false): PlayheadSnapshot => ({ positionSeconds, durationSeconds: 600, ended });

function saverWithClock() {
  let time = 0;
  const saves: PlayheadSnapshot[] = [];
  const saver = createPositionSaver((snapshot) => saves.push(snapshot), () => time);
  return { saver, saves, advance: (ms: number) => (time += ms) };
}

describe('the position saving schedule', () => {
  it('while playing, saves at most every 5 s however often timeupdate fires', () => {
    const { saver, saves, advance } = saverWithClock();
    // 60 s of playback, timeupdate every 250 ms as Chromium fires it.
    for (let ms = 0; ms <= 60_000; ms += 250) {
      saver.playing(at(ms / 1000));
      advance(250);
    }
    expect(saves.length).toBe(13); // at 0, 5, 10 … 60 s
    expect(saves.map((snapshot) => snapshot.positionSeconds)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
  });

  it('saves at once on pause, seek, ended and hidden, even right after a save', () => {
    const { saver, saves, advance } = saverWithClock();
    saver.playing(at(10));
    advance(100);
    saver.now(at(10.4)); // paused
    advance(100);
    saver.now(at(300)); // seeked
    advance(100);
    saver.now(at(600, true)); // ended
    expect(saves).toEqual([at(10), at(10.4), at(300), at(600, true)]);
  });

  it('does not write again when nothing moved (pause then page hidden)', () => {
    const { saver, saves, advance } = saverWithClock();
    saver.now(at(42));
    advance(10_000);
    saver.now(at(42));
    saver.playing(at(42.1));
    expect(saves).toEqual([at(42)]);
  });

  it('an immediate save restarts the interval', () => {
    const { saver, saves, advance } = saverWithClock();
    saver.now(at(5)); // seeked
    advance(4000);
    saver.playing(at(9));
    advance(1000);
    saver.playing(at(10));
    expect(saves).toEqual([at(5), at(10)]);
  });
});
