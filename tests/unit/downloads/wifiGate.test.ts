import { describe, expect, it } from 'vitest';
import { transition, type DownloadEvent, type DownloadRecord } from '../../../src/core/downloadState.ts';
import { createWifiGate } from '../../../src/downloads/wifiGate.ts';
import { episodeToDownload } from '../fakes.ts';

function recordOf(id: string, event: 'start' | 'wait'): DownloadRecord {
  const episode = episodeToDownload({ id, mediaUrl: `https://episodes.test/media/${id}`, sha256: 'ab'.repeat(32), artworkUrl: 'https://episodes.test/a.jpg' });
  const result = transition(undefined, event === 'start' ? { type: 'start', downloadId: `bf-${id}`, episode, transport: 'background-fetch', at: 0 } : { type: 'wait', downloadId: `w-${id}`, episode, at: 0 });
  if (!result.ok || !result.record) throw new Error('refused');
  return result.record;
}

function gate(mustWait: boolean, pauseWins = true) {
  const log: string[] = [];
  let ids = 0;
  /** Download ids started since: their waiting records are no longer the episode's. */
  const started = new Set<string>();
  const wifi = createWifiGate({ newId: () => `new-${++ids}`, now: () => 7 }, () => mustWait, {
    pause: async (record: DownloadRecord, event: DownloadEvent) => {
      log.push(`pause ${record.episodeId} ${JSON.stringify(event)}`);
      return pauseWins;
    },
    stop: async (record) => void log.push(`stop ${record.downloadId}`),
    start: async (episode) => {
      log.push(`start ${JSON.stringify(episode)}`);
      await Promise.resolve(); // a start takes a while: the planner's lock, a transaction
      started.add(`w-${episode.id}`);
    },
    stillWaiting: (record) => !started.has(record.downloadId),
  });
  return { wifi, log };
}

const records = [recordOf('running', 'start'), recordOf('starting', 'start'), recordOf('waiting', 'wait')];

describe('the Wi-Fi gate (mobile data off)', () => {
  it('on cellular: pauses each running download under a fresh id and stops it; not one this tab is still starting', async () => {
    const { wifi, log } = gate(true);
    await wifi.pauseRunning(records, new Set(['starting']));
    expect(log).toEqual([
      `pause running ${JSON.stringify({ type: 'paused', downloadId: 'bf-running', nextDownloadId: 'new-1', at: 7 })}`,
      'stop bf-running',
    ]);
  });

  it('stops nothing when another tab paused it first', async () => {
    const { wifi, log } = gate(true, false);
    await wifi.pauseRunning(records, new Set());
    expect(log.filter((line) => line.startsWith('stop'))).toEqual([]);
  });

  it('on Wi-Fi: starts what waits, as the same episode (URL, size, SHA-256, artwork); pauses nothing', async () => {
    const { wifi, log } = gate(false);
    await wifi.pauseRunning(records, new Set());
    await wifi.startWaiting(records);
    expect(log).toEqual([
      `start ${JSON.stringify({ id: 'waiting', title: 'Episode', mediaUrl: 'https://episodes.test/media/waiting', bytes: 1000, sha256: 'ab'.repeat(32), artworkUrl: 'https://episodes.test/a.jpg' })}`,
    ]);
  });

  it('starts a waiting episode once when refreshes overlap, or one comes after it started', async () => {
    const { wifi, log } = gate(false);
    await Promise.all([wifi.startWaiting(records), wifi.startWaiting(records)]);
    await wifi.startWaiting(records); // a snapshot read before the start
    expect(log.filter((line) => line.startsWith('start'))).toHaveLength(1);
  });

  it('on cellular, what waits goes on waiting', async () => {
    const { wifi, log } = gate(true);
    await wifi.startWaiting(records);
    expect(log).toEqual([]);
  });
});
