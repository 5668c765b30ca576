/**
 * How many sign-in attempts a key (an account, a client address) gets per window. Attempts are
 * counted before the password is checked, so requests sent in parallel cannot all slip through
 * while the first is still hashing.
 */
export interface AttemptLimit {
  attempts: number;
  windowSeconds: number;
}

export interface AttemptLimiter {
  /** Counts an attempt and returns 0, or, when the key has used its attempts, the seconds until it may try again (not counted). */
  take(key: string): number;
  /** Forgets a key's attempts (a successful sign-in clears its account's). */
  clear(key: string): void;
  /** Keys remembered now. */
  readonly size: number;
}

interface Window {
  count: number;
  endsAt: number;
}

/** `maxKeys` bounds the memory a flood of made-up emails or addresses can take: the oldest window is dropped first. */
export function createAttemptLimiter({ attempts, windowSeconds }: AttemptLimit, now: () => number = Date.now, maxKeys = 10_000): AttemptLimiter {
  // Insertion order is the order windows end in (each has the same length and is re-inserted when it restarts).
  const windows = new Map<string, Window>();
  const sweep = (at: number) => {
    for (const [key, window] of windows) {
      if (window.endsAt > at) break;
      windows.delete(key);
    }
  };
  return {
    take(key) {
      const at = now();
      sweep(at);
      const window = windows.get(key);
      if (window && window.count >= attempts) return Math.ceil((window.endsAt - at) / 1000);
      if (window) {
        window.count += 1;
        return 0;
      }
      if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
      windows.set(key, { count: 1, endsAt: at + windowSeconds * 1000 });
      return 0;
    },
    clear(key) {
      windows.delete(key);
    },
    get size() {
      return windows.size;
    },
  };
}
