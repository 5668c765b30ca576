import { describe, expect, it } from 'vitest';
import { failureText } from '../../src/core/failureText.ts';

describe('failure text', () => {
  it('names the HTTP status a person can act on', () => {
    expect(failureText({ reason: 'bad-status', status: 404 })).toBe('the episode is no longer on the server (HTTP 404)');
    expect(failureText({ reason: 'bad-status', status: 403 })).toBe('the server refused access to the episode (HTTP 403)');
    expect(failureText({ reason: 'bad-status', status: 503 })).toBe('the server had a problem (HTTP 503)');
    expect(failureText({ reason: 'bad-status', status: 418 })).toBe('the server answered with an error (HTTP 418)');
  });

  it('reads a bad status of 0 as an unreachable server, not an HTTP error', () => {
    expect(failureText({ reason: 'bad-status', status: 0 })).toBe('could not reach the server');
  });

  it('explains storage, size and start-up failures', () => {
    expect(failureText({ reason: 'quota-exceeded' })).toBe('not enough storage on this device');
    expect(failureText({ reason: 'size-mismatch' })).toBe('download corrupted (wrong size)');
    expect(failureText({ reason: 'could-not-start', detail: 'no active worker' })).toBe(
      'the download could not start (no active worker)',
    );
  });
});
