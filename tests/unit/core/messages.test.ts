import { describe, expect, it } from 'vitest';
import { isAppMessage, isWorkerCommand } from '../../../src/core/messages.ts';

describe('messages between pages and the worker', () => {
  it('accepts the known shapes', () => {
    expect(isAppMessage({ type: 'download-changed', episodeId: 'ep1' })).toBe(true);
    expect(isAppMessage({ type: 'open-episode', episodeId: 'ep1' })).toBe(true);
    expect(isWorkerCommand({ type: 'SKIP_WAITING' })).toBe(true);
  });

  it('ignores anything else', () => {
    for (const junk of [
      null,
      undefined,
      'download-changed',
      ['download-changed', 'ep1'],
      { type: 'download-changed' },
      { type: 'download-changed', episodeId: 42 },
      { type: 'download-changed', episodeId: 'x'.repeat(101) },
      { type: 'delete-everything', episodeId: 'ep1' },
      { type: 'skip_waiting' },
    ]) {
      expect(isAppMessage(junk)).toBe(false);
      expect(isWorkerCommand(junk)).toBe(false);
    }
  });
});
