import { describe, expect, it } from 'vitest';
import type { DownloadRecord, DownloadState } from '../../../src/core/downloadState.ts';
import { controlStateOf } from '../../../src/ui/downloadControl.ts';

const NOW = 1_000_000;
const episode = { bytes: 48_000_000 };
const idle = { now: NOW, online: true, anotherIsRunning: false };

function record(state: DownloadState, extra: Partial<DownloadRecord> = {}): DownloadRecord {
  return {
    episodeId: 'e1', downloadId: 'bf-1', state, mediaUrl: 'https://example.test/e1.mp4', expectedBytes: 48_000_000,
    title: 'E1', automaticRetries: 0, createdAt: NOW - 10_000, updatedAt: NOW - 10_000, ...extra,
  };
}

describe('the download control', () => {
  it('offers Download with an empty ring before anything started, and says Not downloaded offline', () => {
    expect(controlStateOf(episode, undefined, undefined, undefined, idle)).toMatchObject({ kind: 'download', action: 'download', text: '' });
    expect(controlStateOf(episode, undefined, undefined, undefined, { ...idle, online: false }).text).toBe('Not downloaded');
    expect(controlStateOf(episode, record('cancelled'), undefined, undefined, idle)).toMatchObject({ kind: 'download', text: 'Cancelled' });
  });

  it('asks a signed-out viewer to sign in for a subscribers’ episode', () => {
    const control = controlStateOf({ ...episode, subscribersOnly: true }, undefined, undefined, undefined, { ...idle, signedIn: false });
    expect(control).toMatchObject({ kind: 'sign-in', action: 'download' });
  });

  it('fills the ring as bytes arrive, never full before the last byte, and says how much and how long', () => {
    const progress = { downloadId: 'bf-1', downloaded: 12_000_000, total: 48_000_000, changedAt: NOW - 500, bytesPerSecond: 1_000_000 };
    const control = controlStateOf(episode, record('downloading'), progress, { position: 1, of: 1 }, idle);
    expect(control).toMatchObject({ kind: 'downloading', action: 'cancel', fraction: 0.25, bytes: { done: 12_000_000, total: 48_000_000 } });
    expect(control.text).toBe('Downloading 25% · 12\u00a0MB of 48\u00a0MB · 1.0\u00a0MB/s · 0:36 left');
    const almost = controlStateOf(episode, record('downloading'), { ...progress, downloaded: 47_999_999 }, undefined, idle);
    expect(almost.fraction).toBe(0.99);
  });

  it('tells starting, waiting for the network and waiting its turn apart', () => {
    const none = { downloadId: 'bf-1', downloaded: 0, total: 48_000_000, changedAt: NOW - 100, bytesPerSecond: 0 };
    expect(controlStateOf(episode, record('downloading'), none, undefined, idle)).toMatchObject({ kind: 'starting', text: 'Starting…' });
    const stalled = { ...none, downloaded: 1_000_000, changedAt: NOW - 10_000 };
    expect(controlStateOf(episode, record('downloading'), stalled, undefined, idle)).toMatchObject({ kind: 'waiting-for-network', text: 'Waiting for network · 1.0\u00a0MB of 48\u00a0MB' });
    expect(controlStateOf(episode, record('downloading'), none, { position: 2, of: 3 }, idle)).toMatchObject({ kind: 'queued', text: 'Queued · 2 of 3' });
    // Every byte is here and the worker is storing them: saving, not waiting for a network it no longer needs.
    const stored = { ...none, downloaded: 48_000_000, changedAt: NOW - 10_000 };
    expect(controlStateOf(episode, record('downloading'), stored, undefined, idle)).toMatchObject({ kind: 'downloading', fraction: 1, text: 'Saving…' });
    expect(controlStateOf(episode, record('downloading'), stored, undefined, { ...idle, online: false }).text).toBe('Saving…');
    // In-page downloads run side by side: a second one is starting, not queued.
    expect(controlStateOf(episode, record('downloading', { transport: 'in-page' }), none, { position: 2, of: 3 }, idle).kind).toBe('starting');
  });

  it('gives queued, Wi-Fi, retrying, failed and downloaded each a kind, an action and words of their own', () => {
    expect(controlStateOf(episode, record('queued'), undefined, { position: 4, of: 6 }, idle)).toMatchObject({ kind: 'queued', action: 'cancel', text: 'Queued · 4 of 6' });
    expect(controlStateOf(episode, record('waiting-for-wifi'), undefined, undefined, idle)).toMatchObject({ kind: 'waiting-for-wifi', action: 'cancel', text: 'Waiting for Wi-Fi' });
    const lost = record('failed', { failure: { reason: 'fetch-error' } });
    expect(controlStateOf(episode, lost, undefined, undefined, idle)).toMatchObject({ kind: 'retrying', action: 'cancel', text: 'Interrupted — retrying' });
    const refused = record('failed', { failure: { reason: 'bad-status', status: 404 } });
    expect(controlStateOf(episode, refused, undefined, undefined, idle)).toMatchObject({ kind: 'failed', action: 'retry' });
    expect(controlStateOf(episode, record('downloaded'), undefined, undefined, idle)).toEqual({ kind: 'downloaded', text: 'Downloaded' });
  });

  it('says a change of quality as one: where it is going, and how far (Cancel keeps the stored copy)', () => {
    const stored = record('downloaded', { rendition: { height: 360 } });
    const progress = { downloadId: 'bf-2', downloaded: 12_000_000, total: 48_000_000, changedAt: NOW - 500, bytesPerSecond: 0 };
    const changing = record('downloading', { downloadId: 'bf-2', rendition: { height: 720 }, previous: stored });
    expect(controlStateOf(episode, changing, progress, { position: 1, of: 1 }, idle)).toMatchObject({ kind: 'downloading', action: 'cancel', text: 'Changing to 720p · Downloading 25% · 12\u00a0MB of 48\u00a0MB' });
    expect(controlStateOf(episode, { ...changing, state: 'queued' }, undefined, undefined, idle)).toMatchObject({ kind: 'queued', action: 'cancel', text: 'Changing to 720p · Queued' });
  });

  it('names the rendition a download took: "Downloaded · 720p", or the publisher’s label', () => {
    expect(controlStateOf(episode, record('downloaded', { rendition: { height: 720 } }), undefined, undefined, idle).text).toBe('Downloaded · 720p');
    expect(controlStateOf(episode, record('downloaded', { rendition: { height: 1080, label: 'HD' } }), undefined, undefined, idle).text).toBe('Downloaded · HD');
  });
});

