import { describe, expect, it } from 'vitest';
import { transition, type DownloadRecord } from '../../../src/core/downloadState.ts';
import { MAX_AUTOMATIC_RETRIES } from '../../../src/core/retryPolicy.ts';
import { createRetryScheduler } from '../../../src/downloads/retryScheduler.ts';
import { episodeToDownload } from '../fakes.ts';
import { manualClock } from './manualClock.ts';

const episode = episodeToDownload();
function failedRecord(downloadId: string, reason: 'fetch-error' | 'bad-status' = 'fetch-error', automaticRetries = 0): DownloadRecord {
  const started = transition(undefined, { type: 'start', downloadId, episode, transport: 'background-fetch', at: 0 });
  if (!started.ok || !started.record) throw new Error('start refused');
  return { ...started.record, state: 'failed', automaticRetries, failure: reason === 'fetch-error' ? { reason } : { reason, status: 404 } };
}

function scheduler(current: () => DownloadRecord | undefined, online = true) {
  const clock = manualClock();
  let isOnline = online;
  const onlineCallbacks: (() => void)[] = [];
  const retried: string[] = [];
  const retries = createRetryScheduler(
    { ...clock, isOnline: () => isOnline, whenOnline: (callback) => void onlineCallbacks.push(callback) },
    current,
    (record) => retried.push(record.downloadId),
  );
  const goOnline = () => {
    isOnline = true;
    onlineCallbacks.splice(0).forEach((callback) => callback());
  };
  return { clock, retries, retried, goOnline };
}

describe('automatic retries', () => {
  it('retries a lost connection after 1 s, then 2, 4, 8, 16 s, and then stops asking', () => {
    const delays: number[] = [];
    for (let retries = 0; retries <= MAX_AUTOMATIC_RETRIES; retries++) {
      const record = failedRecord(`bf-${retries}`, 'fetch-error', retries);
      const { clock, retries: scheduled, retried } = scheduler(() => record);
      scheduled.schedule(record);
      const waited = clock.runAll();
      if (retried.length) delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('never retries an HTTP error on its own', () => {
    const record = failedRecord('bf-1', 'bad-status');
    const { clock, retries, retried } = scheduler(() => record);
    retries.schedule(record);
    clock.runAll();
    expect(retried).toEqual([]);
  });

  it('schedules one retry per failed attempt, however often the records are refreshed', () => {
    const record = failedRecord('bf-1');
    const { clock, retries, retried } = scheduler(() => record);
    retries.schedule(record);
    retries.schedule(record);
    clock.runAll();
    expect(retried).toEqual(['bf-1']);
  });

  it('drops the retry when the viewer cancelled, or the attempt was replaced meanwhile', () => {
    const record = failedRecord('bf-1');
    const cancelled = scheduler(() => record);
    cancelled.retries.schedule(record);
    cancelled.retries.cancel('bf-1');
    cancelled.clock.runAll();
    expect(cancelled.retried).toEqual([]);

    let current: DownloadRecord | undefined = record;
    const replaced = scheduler(() => current);
    replaced.retries.schedule(record);
    current = { ...record, state: 'downloading', downloadId: 'bf-2', failure: undefined };
    replaced.clock.runAll();
    expect(replaced.retried).toEqual([]);
  });

  it('offline, waits for the network instead of spending an attempt, then retries', () => {
    const record = failedRecord('bf-1');
    const { clock, retries, retried, goOnline } = scheduler(() => record, false);
    retries.schedule(record);
    clock.runAll();
    expect(retried).toEqual([]);
    goOnline();
    clock.runAll();
    expect(retried).toEqual(['bf-1']);
  });
});
