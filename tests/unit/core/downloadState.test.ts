import { describe, expect, it } from 'vitest';
import { transition, type DownloadEvent, type DownloadRecord } from '../../../src/core/downloadState.ts';
import { copyKeyOf } from '../../../src/core/copyKeys.ts';
import { episodeOf } from '../../../src/core/downloadRecords.ts';

const episode = { id: 'ep', title: 'Episode', mediaUrl: 'https://example.test/media/ep', bytes: 100 };
const start = (downloadId: string, at = 1): DownloadEvent => ({
  type: 'start',
  downloadId,
  episode,
  transport: 'background-fetch',
  at,
});

function applied(record: DownloadRecord | undefined, event: DownloadEvent): DownloadRecord | undefined {
  const result = transition(record, event);
  if (!result.ok) throw new Error(`refused: ${result.refusal}`);
  return result.record;
}

const downloading = applied(undefined, start('id-1'))!;

describe('download state machine', () => {
  it('records which rendition it downloads, and a retry of the record downloads the same one', () => {
    const chosen = { ...episode, mediaUrl: 'https://example.test/media/ep.360p.mp4', rendition: { height: 360, label: 'SD' } };
    const record = applied(undefined, { ...start('id-r'), episode: chosen } as DownloadEvent)!;
    expect(record).toMatchObject({ mediaUrl: chosen.mediaUrl, rendition: { height: 360, label: 'SD' } });
    expect(episodeOf(record)).toMatchObject({ mediaUrl: chosen.mediaUrl, rendition: { height: 360, label: 'SD' } });
    expect(downloading).not.toHaveProperty('rendition'); // one file: nothing to name
  });

  it('starts a download with its id, canonical URL and expected size', () => {
    expect(downloading).toMatchObject({
      episodeId: 'ep',
      downloadId: 'id-1',
      state: 'downloading',
      mediaUrl: episode.mediaUrl,
      expectedBytes: 100,
      createdAt: 1,
    });
  });

  it('refuses a second start while downloading or downloaded (one fetch per episode)', () => {
    expect(transition(downloading, start('id-2')).ok).toBe(false);
    const done = applied(downloading, { type: 'succeeded', downloadId: 'id-1', storedBytes: 100, at: 2 });
    expect(transition(done, start('id-2')).ok).toBe(false);
  });

  it('queues a download waiting for a background fetch slot; it starts under a new id, is not queued twice, and can be deleted', () => {
    const queued = applied(undefined, { type: 'queue', downloadId: 'q-1', episode, at: 1 })!;
    expect(queued).toMatchObject({ state: 'queued', downloadId: 'q-1', expectedBytes: 100 });
    expect(transition(queued, { type: 'queue', downloadId: 'q-2', episode, at: 2 })).toEqual({ ok: false, refusal: 'already-active' });
    expect(applied(queued, start('id-2', 3))).toMatchObject({ state: 'downloading', downloadId: 'id-2' });
    expect(applied(queued, { type: 'delete', at: 4 })).toBeUndefined();
    expect(transition(downloading, { type: 'queue', downloadId: 'q-3', episode, at: 5 }).ok).toBe(false);
  });

  it('lands a success, a failure or an abort for the current id', () => {
    expect(applied(downloading, { type: 'succeeded', downloadId: 'id-1', storedBytes: 100, at: 2 })).toMatchObject({
      state: 'downloaded',
      storedBytes: 100,
      updatedAt: 2,
    });
    expect(
      applied(downloading, { type: 'failed', downloadId: 'id-1', failure: { reason: 'bad-status', status: 404 }, at: 2 }),
    ).toMatchObject({ state: 'failed', failure: { reason: 'bad-status', status: 404 } });
    expect(applied(downloading, { type: 'aborted', downloadId: 'id-1', at: 2 })?.state).toBe('cancelled');
  });

  it('retries a failed or cancelled download under a new id, and retires the old one', () => {
    const failed = applied(downloading, { type: 'failed', downloadId: 'id-1', failure: { reason: 'fetch-error' }, at: 2 });
    const retried = applied(failed, start('id-2', 3))!;
    expect(retried).toMatchObject({ state: 'downloading', downloadId: 'id-2' });
    expect(retried.failure).toBeUndefined();
    expect(transition(retried, { type: 'succeeded', downloadId: 'id-1', storedBytes: 100, at: 4 })).toMatchObject({ ok: false });
    expect(transition(retried, { type: 'failed', downloadId: 'id-1', failure: { reason: 'fetch-error' }, at: 4 }).ok).toBe(false);
    const cancelled = applied(retried, { type: 'aborted', downloadId: 'id-2', at: 5 });
    expect(applied(cancelled, start('id-3'))?.downloadId).toBe('id-3');
  });

  it('lands a late success for an id that reconciliation marked interrupted', () => {
    const interrupted = applied(downloading, { type: 'failed', downloadId: 'id-1', failure: { reason: 'interrupted' }, at: 2 });
    expect(applied(interrupted, { type: 'succeeded', downloadId: 'id-1', storedBytes: 100, at: 3 })).toMatchObject({
      state: 'downloaded',
      failure: undefined,
    });
  });

  it('counts automatic retries, and a press of Retry starts the count again', () => {
    const failed = applied(downloading, { type: 'failed', downloadId: 'id-1', failure: { reason: 'fetch-error' }, at: 2 });
    const auto = applied(failed, { ...start('id-2', 3), automatic: true } as DownloadEvent)!;
    expect(auto.automaticRetries).toBe(1);
    const failedAgain = applied(auto, { type: 'failed', downloadId: 'id-2', failure: { reason: 'fetch-error' }, at: 4 });
    expect(applied(failedAgain, { ...start('id-3', 5), automatic: true } as DownloadEvent)?.automaticRetries).toBe(2);
    expect(applied(failedAgain, start('id-3', 5))?.automaticRetries).toBe(0);
  });

  it('takes a second success for a downloaded id as the same outcome: ok, and the record unchanged', () => {
    const done = applied(downloading, { type: 'succeeded', downloadId: 'id-1', storedBytes: 100, at: 2 });
    const again = transition(done, { type: 'succeeded', downloadId: 'id-1', storedBytes: 100, at: 9 });
    expect(again).toEqual({ ok: true, record: done });
    if (again.ok) expect(again.record).toBe(done); // the same object: nothing to write
  });

  it('names each refusal with a code callers can branch on', () => {
    const code = (record: DownloadRecord | undefined, event: DownloadEvent) => {
      const result = transition(record, event);
      return result.ok ? 'ok' : result.refusal;
    };
    const done = applied(downloading, { type: 'succeeded', downloadId: 'id-1', storedBytes: 100, at: 2 });
    const cancelled = applied(downloading, { type: 'aborted', downloadId: 'id-1', at: 2 });
    expect(code(undefined, { type: 'succeeded', downloadId: 'id-1', storedBytes: 100, at: 3 })).toBe('no-record');
    expect(code(downloading, { type: 'succeeded', downloadId: 'id-0', storedBytes: 100, at: 3 })).toBe('retired');
    expect(code(cancelled, { type: 'succeeded', downloadId: 'id-1', storedBytes: 100, at: 3 })).toBe('not-downloading');
    expect(code(done, start('id-2'))).toBe('already-active');
    expect(code(downloading, { type: 'delete', at: 3 })).toBe('cancel-first');
  });

  it('gives every attempt a copy key of its own, kept once downloaded', () => {
    const retried = applied(applied(downloading, { type: 'failed', downloadId: 'id-1', failure: { reason: 'interrupted' }, at: 2 }), start('id-2'))!;
    expect(copyKeyOf(retried)).not.toBe(copyKeyOf(downloading));
    expect(copyKeyOf(downloading)).toContain(downloading.mediaUrl);
    const done = applied(retried, { type: 'succeeded', downloadId: 'id-2', storedBytes: 100, at: 3 })!;
    expect(copyKeyOf(done)).toBe(copyKeyOf(retried));
  });

  it('says a downloaded episode whose copy is gone is failed, with Download again; nothing else is lost', () => {
    const code = (record: DownloadRecord | undefined, event: DownloadEvent) => {
      const result = transition(record, event);
      return result.ok ? 'ok' : result.refusal;
    };
    const done = applied(downloading, { type: 'succeeded', downloadId: 'id-1', storedBytes: 100, at: 2 });
    const lost = applied(done, { type: 'lost', downloadId: 'id-1', at: 3 });
    expect(lost).toMatchObject({ state: 'failed', failure: { reason: 'copy-gone' }, storedBytes: undefined });
    expect(code(downloading, { type: 'lost', downloadId: 'id-1', at: 3 })).toBe('not-downloading');
    expect(code(done, { type: 'lost', downloadId: 'id-0', at: 3 })).toBe('retired');
    expect(applied(lost, start('id-2'))?.state).toBe('downloading');
  });

  it('does not turn another kind of failure into a success', () => {
    const failed = applied(downloading, { type: 'failed', downloadId: 'id-1', failure: { reason: 'bad-status', status: 500 }, at: 2 });
    expect(transition(failed, { type: 'succeeded', downloadId: 'id-1', storedBytes: 100, at: 3 }).ok).toBe(false);
  });

  it('waits for Wi-Fi, then starts under a new id or is cancelled; never waits twice', () => {
    const waiting = applied(undefined, { type: 'wait', downloadId: 'w-1', episode, at: 1 });
    expect(waiting).toMatchObject({ state: 'waiting-for-wifi', downloadId: 'w-1', transport: undefined });
    expect(transition(waiting, { type: 'wait', downloadId: 'w-2', episode, at: 2 }).ok).toBe(false);
    expect(transition(waiting, { type: 'succeeded', downloadId: 'w-1', storedBytes: 100, at: 2 }).ok).toBe(false);
    expect(applied(waiting, start('id-2', 3))).toMatchObject({ state: 'downloading', downloadId: 'id-2', transport: 'background-fetch' });
    expect(applied(waiting, { type: 'delete', at: 3 })).toBeUndefined();
    expect(transition(downloading, { type: 'wait', downloadId: 'w-3', episode, at: 3 }).ok).toBe(false);
  });

  it('pauses a running download for Wi-Fi under a new id, so the stopped attempt reports into nothing', () => {
    const paused = applied(downloading, { type: 'paused', downloadId: 'id-1', nextDownloadId: 'w-9', at: 5 });
    expect(paused).toMatchObject({ state: 'waiting-for-wifi', downloadId: 'w-9' });
    expect(transition(paused, { type: 'aborted', downloadId: 'id-1', at: 6 }).ok).toBe(false);
    expect(transition(downloading, { type: 'paused', downloadId: 'id-0', nextDownloadId: 'w-9', at: 5 }).ok).toBe(false);
    expect(transition(paused, { type: 'paused', downloadId: 'w-9', nextDownloadId: 'w-10', at: 6 }).ok).toBe(false);
    expect(applied(paused, start('id-2', 7))).toMatchObject({ state: 'downloading', downloadId: 'id-2' });
  });

  it('keeps the transport and the catalog SHA-256 on the record', () => {
    const inPage = applied(undefined, {
      type: 'start',
      downloadId: 'p-1',
      episode: { ...episode, sha256: 'ab'.repeat(32) },
      transport: 'in-page',
      at: 1,
    });
    expect(inPage).toMatchObject({ transport: 'in-page', sha256: 'ab'.repeat(32) });
  });

  it('deletes anything but a running download, and refuses events for no record', () => {
    const done = applied(downloading, { type: 'succeeded', downloadId: 'id-1', storedBytes: 100, at: 2 });
    expect(transition(done, { type: 'delete', at: 3 })).toEqual({ ok: true, record: undefined });
    expect(transition(downloading, { type: 'delete', at: 3 }).ok).toBe(false);
    expect(transition(undefined, { type: 'aborted', downloadId: 'id-1', at: 3 }).ok).toBe(false);
  });
});

describe('changing the quality of a downloaded episode', () => {
  const sd = { ...episode, mediaUrl: 'https://example.test/media/ep.360p.mp4', bytes: 100, rendition: { height: 360 } };
  const hd = { ...episode, mediaUrl: 'https://example.test/media/ep.720p.mp4', bytes: 300, rendition: { height: 720 } };
  const downloaded = applied(applied(undefined, { ...start('sd-1'), episode: sd } as DownloadEvent), { type: 'succeeded', downloadId: 'sd-1', storedBytes: 100, at: 2 })!;
  const change = (type: 'start' | 'queue' | 'wait', downloadId = 'hd-1'): DownloadEvent =>
    type === 'start' ? { type, downloadId, episode: hd, transport: 'background-fetch', replace: true, at: 10 } : { type, downloadId, episode: hd, replace: true, at: 10 };
  const switching = applied(downloaded, change('start'))!;

  it('runs the new attempt as the record, keeping the downloaded one whole beside it', () => {
    expect(switching).toMatchObject({ state: 'downloading', downloadId: 'hd-1', mediaUrl: hd.mediaUrl, expectedBytes: 300, rendition: { height: 720 } });
    expect(switching.previous).toEqual(downloaded);
    expect(copyKeyOf(switching)).not.toBe(copyKeyOf(downloaded));
    // Without `replace`, a downloaded episode is not started again.
    expect(transition(downloaded, { ...change('start'), replace: undefined } as DownloadEvent)).toEqual({ ok: false, refusal: 'already-active' });
    expect(transition(switching, change('start', 'hd-2'))).toEqual({ ok: false, refusal: 'already-active' });
  });

  it('swaps on success: the new copy is the download, and the old record is gone in the same write', () => {
    const landed = applied(switching, { type: 'succeeded', downloadId: 'hd-1', storedBytes: 300, at: 20 })!;
    expect(landed).toMatchObject({ state: 'downloaded', downloadId: 'hd-1', mediaUrl: hd.mediaUrl, storedBytes: 300, rendition: { height: 720 } });
    expect(landed).not.toHaveProperty('previous');
  });

  it('puts the old download back as it was when the change fails mid-way, saying what failed', () => {
    const failure = { reason: 'fetch-error' } as const;
    const back = applied(switching, { type: 'failed', downloadId: 'hd-1', failure, at: 20 })!;
    expect(back).toEqual({ ...downloaded, switchFailure: { rendition: { height: 720 }, failure } });
    // A later change that lands clears the note.
    const again = applied(applied(back, change('start', 'hd-2')), { type: 'succeeded', downloadId: 'hd-2', storedBytes: 300, at: 30 })!;
    expect(again).not.toHaveProperty('switchFailure');
  });

  it('puts the old download back when the change is cancelled, running, queued or waiting for Wi-Fi', () => {
    expect(applied(switching, { type: 'aborted', downloadId: 'hd-1', at: 20 })).toEqual(downloaded);
    for (const type of ['queue', 'wait'] as const) {
      const waiting = applied(downloaded, change(type, `${type}-1`))!;
      expect(waiting).toMatchObject({ state: type === 'queue' ? 'queued' : 'waiting-for-wifi', previous: downloaded });
      expect(applied(waiting, { type: 'aborted', downloadId: `${type}-1`, at: 20 })).toEqual(downloaded);
    }
  });

  it('keeps the old download through the queue, Wi-Fi pauses and the start that follows', () => {
    const queued = applied(downloaded, change('queue', 'q-1'))!;
    const running = applied(queued, { type: 'start', downloadId: 'hd-3', episode: hd, transport: 'background-fetch', at: 12 })!;
    expect(running).toMatchObject({ state: 'downloading', downloadId: 'hd-3', previous: downloaded });
    const paused = applied(running, { type: 'paused', downloadId: 'hd-3', nextDownloadId: 'w-1', at: 13 })!;
    expect(paused).toMatchObject({ state: 'waiting-for-wifi', previous: downloaded });
  });

  it("refuses late events of either attempt: the old download's, and the change's once it was put back", () => {
    // The old attempt's id is retired: its duplicate success or a loss report cannot touch the change.
    expect(transition(switching, { type: 'succeeded', downloadId: 'sd-1', storedBytes: 100, at: 21 })).toEqual({ ok: false, refusal: 'retired' });
    expect(transition(switching, { type: 'failed', downloadId: 'sd-1', failure: { reason: 'fetch-error' }, at: 21 })).toEqual({ ok: false, refusal: 'retired' });
    // The change put back after a failure: its late success finds the old id, and is refused.
    const back = applied(switching, { type: 'failed', downloadId: 'hd-1', failure: { reason: 'fetch-error' }, at: 20 });
    expect(transition(back, { type: 'succeeded', downloadId: 'hd-1', storedBytes: 300, at: 22 })).toEqual({ ok: false, refusal: 'retired' });
    expect(transition(back, { type: 'aborted', downloadId: 'hd-1', at: 22 })).toEqual({ ok: false, refusal: 'retired' });
  });

  it('keeps an interrupted change (and the old download) for its late success or its retry; Cancel puts the old one back', () => {
    // Reconciliation found the fetch gone before its success handler ran: the bytes may yet land.
    const interrupted = applied(switching, { type: 'failed', downloadId: 'hd-1', failure: { reason: 'interrupted' }, at: 20 })!;
    expect(interrupted).toMatchObject({ state: 'failed', downloadId: 'hd-1', previous: downloaded });
    expect(applied(interrupted, { type: 'succeeded', downloadId: 'hd-1', storedBytes: 300, at: 21 })).toMatchObject({ state: 'downloaded', mediaUrl: hd.mediaUrl });
    expect(applied(interrupted, { type: 'succeeded', downloadId: 'hd-1', storedBytes: 300, at: 21 })).not.toHaveProperty('previous');
    // The automatic retry goes on keeping it.
    expect(applied(interrupted, { type: 'start', downloadId: 'hd-2', episode: hd, transport: 'background-fetch', automatic: true, at: 22 })).toMatchObject({ state: 'downloading', previous: downloaded });
    expect(applied(interrupted, { type: 'aborted', downloadId: 'hd-1', at: 22 })).toEqual(downloaded);
  });

  it('refuses Delete while a change runs or waits (Cancel first), and drops an evicted old copy without stopping the change', () => {
    expect(transition(switching, { type: 'delete', at: 20 })).toEqual({ ok: false, refusal: 'cancel-first' });
    expect(transition(applied(downloaded, change('queue', 'q-1')), { type: 'delete', at: 20 })).toEqual({ ok: false, refusal: 'cancel-first' });
    const evicted = applied(switching, { type: 'lost', downloadId: 'sd-1', at: 20 })!;
    expect(evicted).toMatchObject({ state: 'downloading', downloadId: 'hd-1' });
    expect(evicted).not.toHaveProperty('previous');
  });
});

