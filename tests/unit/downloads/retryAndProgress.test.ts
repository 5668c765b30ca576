import { describe, expect, it } from 'vitest';
import type { DownloadRecord } from '../../../src/core/downloadState.ts';
import { isTransient, MAX_AUTOMATIC_RETRIES, retriesAutomatically, retryDelayMs } from '../../../src/core/retryPolicy.ts';
import { downloadsUnderWay, nextProgress, progressPhase, STALL_AFTER_MS, type DownloadProgress } from '../../../src/downloads/downloadProgress.ts';

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

  it('a background fetch with no bytes says Queued for as long as another is under way, moving or between its events', () => {
    const downloading = (id: string, transport: DownloadRecord['transport']): DownloadRecord => ({ ...failed(undefined), episodeId: id, downloadId: id, state: 'downloading', transport });
    const records = new Map([
      ['interrupted', downloading('interrupted', 'background-fetch')],
      ['other', downloading('other', 'background-fetch')],
    ]);
    const waitingCard: DownloadProgress = { downloadId: 'interrupted', downloaded: 0, total: 1000, changedAt: 0, bytesPerSecond: 0 };
    const otherMovedAt = (at: number): DownloadProgress => ({ downloadId: 'other', downloaded: 500, total: 1000, changedAt: at, bytesPerSecond: 100 });
    // Every second for a minute, the other's progress arriving at times and not at others (a
    // gap between its events, or before its first byte): the card's phase never changes.
    const phases = new Set<string>();
    for (let now = 0; now <= 60_000; now += 1000) {
      const progress = new Map([['interrupted', waitingCard], ['other', otherMovedAt(now % 7000 < 3000 ? now : now - 5000)]]);
      const others = downloadsUnderWay(records, progress, { now, online: true }).filter((id) => id !== 'interrupted');
      phases.add(progressPhase(waitingCard, { now, online: true, anotherIsRunning: others.length > 0 }));
    }
    expect([...phases]).toEqual(['queued']);
    // In-page downloads run side by side: one that is not moving makes no one wait.
    const inPage = new Map([['a', downloading('a', 'in-page')]]);
    expect(downloadsUnderWay(inPage, new Map([['a', { ...waitingCard, downloadId: 'a' }]]), { now: 0, online: true })).toEqual([]);
  });
});
