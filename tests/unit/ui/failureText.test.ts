import { describe, expect, it } from 'vitest';
import { failureText } from '../../../src/ui/failureText.ts';

describe('failure text', () => {
  it('names the HTTP status a person can act on', () => {
    expect(failureText({ reason: 'bad-status', status: 404 })).toBe('Failed: the episode is no longer on the server (HTTP 404)');
    expect(failureText({ reason: 'bad-status', status: 403 })).toBe('Failed: the server refused access to the episode (HTTP 403)');
    expect(failureText({ reason: 'bad-status', status: 503 })).toBe('Failed: the server had a problem (HTTP 503)');
    expect(failureText({ reason: 'bad-status', status: 418 })).toBe('Failed: the server answered with an error (HTTP 418)');
  });

  it('asks for a sign-in when the session ended (401), the way to finish the download', () => {
    expect(failureText({ reason: 'bad-status', status: 401 })).toBe('Sign in again to finish this download');
  });

  it('reads a bad status of 0 as an unreachable server, not an HTTP error', () => {
    expect(failureText({ reason: 'bad-status', status: 0 })).toBe('Failed: could not reach the server');
  });

  it('says what storage an episode needs and what is free, in human units', () => {
    expect(failureText({ reason: 'insufficient-storage', neededBytes: 412_000_000, freeBytes: 120_000_000 })).toBe(
      'Not enough storage: needs 412\u00a0MB, 120\u00a0MB free',
    );
    expect(failureText({ reason: 'quota-exceeded', neededBytes: 48_000_000 })).toBe(
      'Not enough storage: needs 48\u00a0MB; the browser refused the space. Delete downloads to make room.',
    );
    expect(failureText({ reason: 'quota-exceeded' })).toBe('Failed: not enough storage on this device; delete downloads to make room');
  });

  it('calls wrong bytes corrupted, and explains start-up failures', () => {
    expect(failureText({ reason: 'hash-mismatch', detail: 'SHA-256 00…' })).toBe('Failed: download corrupted');
    expect(failureText({ reason: 'size-mismatch' })).toBe('Failed: download corrupted (wrong size)');
    expect(failureText({ reason: 'could-not-start', detail: 'no active worker' })).toBe(
      'Failed: the download could not start (no active worker)',
    );
  });
});
