/**
 * What the page's download code needs from the browser, handed in rather than reached for, so
 * the same code runs in a tab and in a unit test (with fake-indexeddb, a memory cache, a clock).
 */
export interface DownloadEnvironment {
  caches: CacheStorage;
  locks: LockManager;
  fetch: typeof fetch;
  now: () => number;
  /** A fresh download id (a UUID). */
  newId: () => string;
  setTimer: (callback: () => void, ms: number) => Timer;
  clearTimer: (timer: Timer) => void;
  isOnline: () => boolean;
  /** Calls back once, the next time the browser goes online. */
  whenOnline: (callback: () => void) => void;
}

export type Timer = ReturnType<typeof setTimeout>;

export function browserEnvironment(): DownloadEnvironment {
  return {
    caches,
    locks: navigator.locks,
    fetch: (input, init) => fetch(input, init),
    now: Date.now,
    newId: () => crypto.randomUUID(),
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (timer) => clearTimeout(timer),
    isOnline: () => navigator.onLine,
    whenOnline: (callback) => addEventListener('online', callback, { once: true }),
  };
}
