import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { checkSignature, signPath, signPathForNginx } from '../../../server/signing.ts';

const secret = 'test-secret';
const query = (expires: number, signature: string) => new URLSearchParams({ expires: String(expires), signature });

describe('signed media URLs', () => {
  it('accepts its own signature until it expires', () => {
    const { signature } = signPath(secret, '/cdn/ep1', 1000);
    expect(checkSignature(secret, '/cdn/ep1', query(1000, signature), 999)).toBe('valid');
    expect(checkSignature(secret, '/cdn/ep1', query(1000, signature), 1000)).toBe('valid');
    expect(checkSignature(secret, '/cdn/ep1', query(1000, signature), 1001)).toBe('expired');
  });

  it('rejects a signature for another path, another expiry, another secret or garbage', () => {
    const { signature } = signPath(secret, '/cdn/ep1', 1000);
    expect(checkSignature(secret, '/cdn/ep2', query(1000, signature), 0)).toBe('bad-signature');
    expect(checkSignature(secret, '/cdn/ep1', query(2000, signature), 0)).toBe('bad-signature');
    expect(checkSignature('other', '/cdn/ep1', query(1000, signature), 0)).toBe('bad-signature');
    expect(checkSignature(secret, '/cdn/ep1', query(1000, 'zz'), 0)).toBe('bad-signature');
    expect(checkSignature(secret, '/cdn/ep1', new URLSearchParams(), 0)).toBe('bad-signature');
  });
});

describe('links signed for nginx', () => {
  it('match what secure_link_md5 "$secure_link_expires$uri secret" computes (openssl, independently)', () => {
    const expected = execFileSync('sh', ['-c', "printf '%s' '2147483647/cdn/ep1 test-secret' | openssl md5 -binary | openssl base64 | tr +/ -_ | tr -d ="]).toString().trim();
    expect(signPathForNginx('test-secret', '/cdn/ep1', 2147483647)).toEqual({ expires: 2147483647, signature: expected });
    expect(signPathForNginx('test-secret', '/cdn/ep2', 2147483647).signature).not.toBe(expected);
  });

  it('are checked by the Node CDN too (one flag switches both), expiry and tampering included', () => {
    const { signature } = signPathForNginx(secret, '/cdn/ep1', 1000);
    expect(checkSignature(secret, '/cdn/ep1', query(1000, signature), 1000, 'nginx')).toBe('valid');
    expect(checkSignature(secret, '/cdn/ep1', query(1000, signature), 1001, 'nginx')).toBe('expired');
    expect(checkSignature(secret, '/cdn/ep2', query(1000, signature), 0, 'nginx')).toBe('bad-signature');
    expect(checkSignature(secret, '/cdn/ep1', query(1000, signature), 0, 'hmac')).toBe('bad-signature');
    expect(checkSignature(secret, '/cdn/ep1', query(1000, signPath(secret, '/cdn/ep1', 1000).signature), 0, 'nginx')).toBe('bad-signature');
  });
});
