import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Demo subscribers: passwords kept as scrypt hashes (node:crypto), sessions as random ids in an
 * HttpOnly cookie. The shape a real site has; the storage is memory, as a demo's may be.
 */

/** scrypt's cost: N = 2^14, r = 8, p = 1 (OWASP's minimum for scrypt), 64-byte key. */
const COST = { N: 2 ** 14, r: 8, p: 1 } as const;
const KEY_BYTES = 64;

function derive(password: string, salt: Buffer, options: ScryptOptions, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, bytes, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$key` (base64url): the parameters travel with the hash, so they can be raised later. */
export async function hashPassword(password: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const key = await derive(password, salt, COST, KEY_BYTES);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }, expected.length);
  return timingSafeEqual(actual, expected);
}

export interface Session {
  email: string;
  expiresAt: number;
}

export interface SessionStore {
  create(email: string): string;
  /** The session for a cookie value, if it exists and has not expired. */
  get(id: string | undefined): Session | undefined;
  delete(id: string | undefined): void;
  /** Every session ends now (a test's "the session expired"). */
  expireAll(): void;
  /** Sessions kept in memory now. */
  readonly size: number;
}

/**
 * Sessions in memory, at most `maxSessions` of them: expired ones are dropped as new ones are made,
 * and at the cap the oldest ends (endless sign-ins cannot take the server's memory).
 */
export function createSessionStore(ttlSeconds: number, now: () => number = Date.now, maxSessions = 100_000): SessionStore {
  // Insertion order is expiry order: every session lives the same ttl.
  const sessions = new Map<string, Session>();
  return {
    create(email) {
      const at = now();
      for (const [id, session] of sessions) {
        if (session.expiresAt > at && sessions.size < maxSessions) break;
        sessions.delete(id);
      }
      const id = randomBytes(32).toString('base64url');
      sessions.set(id, { email, expiresAt: at + ttlSeconds * 1000 });
      return id;
    },
    get(id) {
      const session = id === undefined ? undefined : sessions.get(id);
      if (!session) return undefined;
      if (now() >= session.expiresAt) {
        sessions.delete(id!);
        return undefined;
      }
      return session;
    },
    delete(id) {
      if (id !== undefined) sessions.delete(id);
    },
    expireAll() {
      sessions.clear();
    },
    get size() {
      return sessions.size;
    },
  };
}

export const SESSION_COOKIE = 'session';

/** The cookie's value from a Cookie header. */
export function sessionIdFrom(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

/** Set-Cookie for a new session (or, with `id` undefined, for signing out). */
export function sessionCookie(id: string | undefined, { secure, maxAgeSeconds }: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${id ?? ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
    `Max-Age=${id === undefined ? 0 : maxAgeSeconds}`,
  ].join('; ');
}

/**
 * A state-changing request from the app's own pages: browsers send Origin with every POST and
 * DELETE, and another site's form or script sends its own (SameSite=Lax keeps the cookie off
 * cross-site requests; this also covers sign-in, which has no cookie yet).
 */
export function fromOwnOrigin(originHeader: string | undefined, hostHeader: string | undefined): boolean {
  if (!originHeader || !hostHeader || originHeader === 'null') return false;
  try {
    return new URL(originHeader).host === hostHeader;
  } catch {
    return false;
  }
}
