import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring media URLs in the manner of a CDN (CloudFront, S3 presign):
 * the path and an expiry are signed with HMAC-SHA256, and both travel in the query.
 */
export interface SignedQuery {
  expires: number; // seconds since the epoch
  signature: string; // hex
}

export function signPath(secret: string, path: string, expires: number): SignedQuery {
  const signature = createHmac('sha256', secret).update(`${path}\n${expires}`).digest('hex');
  return { expires, signature };
}

export type SignatureCheck = 'valid' | 'expired' | 'bad-signature';

export function checkSignature(
  secret: string,
  path: string,
  query: URLSearchParams,
  nowSeconds: number,
): SignatureCheck {
  const expires = Number(query.get('expires'));
  const given = query.get('signature') ?? '';
  if (!Number.isSafeInteger(expires) || !/^[0-9a-f]{64}$/.test(given)) return 'bad-signature';
  const wanted = signPath(secret, path, expires).signature;
  if (!timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(wanted, 'hex'))) return 'bad-signature';
  return nowSeconds <= expires ? 'valid' : 'expired';
}
