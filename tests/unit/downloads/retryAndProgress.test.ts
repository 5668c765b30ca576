import { describe, expect, it } from 'vitest';
import type { DownloadRecord } from '../../../src/core/downloadState.ts';
import { isTransient, MAX_AUTOMATIC_RETRIES, retriesAutomatically, retryDelayMs } from '../../../src/core/retryPolicy.ts';
import { nextProgress, progressPhase, STALL_AFTER_MS } from '../../../src/downloads/downloadProgress.ts';

const failed = (failure: DownloadRecord['failure'], automaticRetries = 0): DownloadRecord => ({
  episodeId: 'ep',
  downloadId: 'id',
  state: 'failed',
  mediaUrl: 'https://x.test/media/ep',
  expectedBytes: 10,
  title: 'Ep',
  automaticRetries,
  createdAt: 0,
  updatedAt: 0,
  failure,
});

describe('automatic retries', () => {
  it('retries lost connections and an unreachable server, not HTTP errors or orphans', () => {
    expect(isTransient({ reason: 'fetch-error' })).toBe(true);
    expect(isTransient({ reason: 'bad-status', status: 0 })).toBe(true);
    expect(isTransient({ reason: 'bad-status' })).toBe(true);
    expect(isTransient({ reason: 'bad-status', status: 200 })).toBe(true);
    expect(isTransient({ reason: 'bad-status', status: 404 })).toBe(false);
    // A session that ended: only the viewer can sign in again.
    expect(isTransient({ reason: 'bad-status', status: 401 })).toBe(false);
    expect(isTransient({ reason: 'interrupted' })).toBe(false);
    expect(isTransient({ reason: 'quota-exceeded' })).toBe(false);
  });

  it('stops after a bounded number of attempts, backing off', () => {
    expect(retriesAutomatically(failed({ reason: 'fetch-error' }, MAX_AUTOMATIC_RETRIES - 1))).toBe(true);
    expect(retriesAutomatically(failed({ reason: 'fetch-error' }, MAX_AUTOMATIC_RETRIES))).toBe(false);
    expect([0, 1, 2, 3, 4].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000]);
  });
});

describe('progress', () => {
  const first = nextProgress(undefined, { downloadId: 'a', downloaded: 0, total: 1000, at: 0 });

  it('measures a smoothed rate and keeps the time of the last new byte', () => {
    const one = nextProgress(first, { downloadId: 'a', downloaded: 500, total: 4000, at: 1000 });
    expect(one.bytesPerSecond).toBe(500);
    const same = nextProgress(one, { downloadId: 'a', downloaded: 500, total: 4000, at: 1500 });
    expect(same.changedAt).toBe(1000);
    // A burst at 2000 B/s (measured from the last new byte, not the repeated sample) moves the
    // rate only part of the way: 0.7 × 500 + 0.3 × 2000.
    const burst = nextProgress(same, { downloadId: 'a', downloaded: 2500, total: 4000, at: 2000 });
    expect(burst.bytesPerSecond).toBeCloseTo(950, 6);
    expect(burst.changedAt).toBe(2000);
  });

  it('says queued, starting, waiting for network or downloading', () => {
    const moving = nextProgress(first, { downloadId: 'a', downloaded: 10, total: 1000, at: 1000 });
    const context = { now: 1000, online: true, anotherIsRunning: false };
    expect(progressPhase(first, { ...context, anotherIsRunning: true })).toBe('queued');
    expect(progressPhase(first, context)).toBe('starting');
    expect(progressPhase(moving, context)).toBe('downloading');
    expect(progressPhase(moving, { ...context, now: 1000 + STALL_AFTER_MS + 1 })).toBe('waiting-for-network');
    expect(progressPhase(moving, { ...context, online: false })).toBe('waiting-for-network');
  });
});
