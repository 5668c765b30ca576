import { describe, expect, it } from 'vitest';
import { checkSignature, signPath } from '../../../server/signing.ts';

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
