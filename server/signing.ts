import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

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
  scheme: SigningScheme = 'hmac',
): SignatureCheck {
  const expires = Number(query.get('expires'));
  const given = query.get('signature') ?? '';
  const shape = scheme === 'nginx' ? /^[\w-]{22}$/ : /^[0-9a-f]{64}$/;
  if (!Number.isSafeInteger(expires) || !shape.test(given)) return 'bad-signature';
  const wanted = signedQuery(scheme, secret, path, expires).signature;
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(wanted))) return 'bad-signature';
  return nowSeconds <= expires ? 'valid' : 'expired';
}

/**
 * Which signatures the authorizing origin writes: its own HMAC (the Node CDN checks them), or
 * nginx's secure_link_md5 scheme (deploy/nginx.conf checks them).
 */
export type SigningScheme = 'hmac' | 'nginx';

/**
 * nginx's `secure_link_md5 "$secure_link_expires$uri <secret>"`: MD5 of expires, path, a space
 * and the secret, base64url without padding. MD5 is what the module offers; the secret makes it a
 * MAC good enough for links that expire in minutes.
 */
export function signPathForNginx(secret: string, path: string, expires: number): SignedQuery {
  const signature = createHash('md5').update(`${expires}${path} ${secret}`).digest('base64url');
  return { expires, signature };
}

export function signedQuery(scheme: SigningScheme, secret: string, path: string, expires: number): SignedQuery {
  return scheme === 'nginx' ? signPathForNginx(secret, path, expires) : signPath(secret, path, expires);
}
