import type { Timer } from '../../../src/downloads/environment.ts';

/** A clock that moves only when the test says: timers fire in order of their due time. */
export function manualClock() {
  let now = 0;
  let nextHandle = 0;
  const due = new Map<number, { at: number; callback: () => void }>();
  const clock = {
    now: () => now,
    setTimer(callback: () => void, ms: number): Timer {
      due.set(++nextHandle, { at: now + ms, callback });
      return nextHandle as unknown as Timer;
    },
    clearTimer(timer: Timer): void {
      due.delete(timer as unknown as number);
    },
    /** Fires every timer (and those they set), in order; returns how much time passed. */
    runAll(): number {
      const start = now;
      for (;;) {
        const [handle, next] = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
        if (handle === undefined || !next) return now - start;
        due.delete(handle);
        now = next.at;
        next.callback();
      }
    },
  };
  return clock;
}
