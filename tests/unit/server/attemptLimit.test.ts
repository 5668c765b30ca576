import { describe, expect, it } from 'vitest';
import { createAttemptLimiter } from '../../../server/attemptLimit.ts';

describe('sign-in attempts per key', () => {
  it('are allowed up to the limit, then refused with the seconds left in the window, then allowed again', () => {
    let now = 1_000_000;
    const limiter = createAttemptLimiter({ attempts: 3, windowSeconds: 60 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(60);
    now += 45_500;
    expect(limiter.take('a')).toBe(15);
    expect(limiter.take('b')).toBe(0);
    now += 14_500;
    expect(limiter.take('a')).toBe(0);
  });

  it('start over for a key that is cleared (a successful sign-in)', () => {
    const limiter = createAttemptLimiter({ attempts: 2, windowSeconds: 60 }, () => 0);
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('a')).toBeGreaterThan(0);
    limiter.clear('a');
    expect(limiter.take('a')).toBe(0);
  });

  it('are remembered for a bounded number of keys: ended windows go first, then the oldest', () => {
    let now = 0;
    const limiter = createAttemptLimiter({ attempts: 1, windowSeconds: 10 }, () => now, 3);
    for (const key of ['a', 'b', 'c']) limiter.take(key);
    expect(limiter.size).toBe(3);
    limiter.take('d');
    expect(limiter.size).toBe(3);
    expect(limiter.take('a')).toBe(0); // forgotten, so counted afresh
    expect(limiter.take('c')).toBe(10);
    now = 10_000;
    limiter.take('e');
    expect(limiter.size).toBe(1);
  });
});
