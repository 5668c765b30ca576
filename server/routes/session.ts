import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createSessionStore, fromOwnOrigin, hashPassword, sessionCookie, sessionIdFrom, verifyPassword, type SessionStore } from '../accounts.ts';
import { createAttemptLimiter, type AttemptLimit } from '../attemptLimit.ts';
import type { Answer } from '../router.ts';

export interface SessionOptions {
  /** Who may sign in, by email and password. */
  accounts: { email: string; password: string }[];
  /** How long a sign-in lasts. */
  sessionTtlSeconds?: number;
  /** Sign-in attempts allowed per account and per client address (then 429 with Retry-After). */
  signInLimits?: { perAccount?: AttemptLimit; perAddress?: AttemptLimit };
  /** Count the client's address from X-Real-IP (set by a proxy in front), not the peer's. */
  trustProxy?: boolean;
  /** The clock sign-in limits and sessions run on. */
  clock?: () => number;
}

/** A sign-in's guesses: a person who forgot a password gets a few, a script gets nowhere. */
const SIGN_IN_LIMITS = {
  perAccount: { attempts: 10, windowSeconds: 15 * 60 },
  // Wider: many people can share one address (a household, an office behind NAT).
  perAddress: { attempts: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, AttemptLimit>;

/** Compared against when the email is unknown (its password is random and thrown away). */
const UNKNOWN_ACCOUNT_HASH = await hashPassword(randomBytes(16).toString('hex'));

/**
 * `/api/session`. GET: who is signed in; POST: sign in (JSON or a form); DELETE: sign out.
 * The sessions are handed out too: a subscriber's media link is signed only for one.
 */
export async function createSessionRoute(options: SessionOptions): Promise<{ answer: Answer; sessions: SessionStore }> {
  const accounts = new Map<string, string>();
  for (const { email, password } of options.accounts) accounts.set(email.toLowerCase(), await hashPassword(password));
  const sessionTtlSeconds = options.sessionTtlSeconds ?? 30 * 24 * 3600;
  const clock = options.clock ?? Date.now;
  const sessions = createSessionStore(sessionTtlSeconds, clock);
  const accountAttempts = createAttemptLimiter(options.signInLimits?.perAccount ?? SIGN_IN_LIMITS.perAccount, clock);
  const addressAttempts = createAttemptLimiter(options.signInLimits?.perAddress ?? SIGN_IN_LIMITS.perAddress, clock);

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
      res.end(JSON.stringify(body));
    };
    const secure = 'encrypted' in req.socket || req.headers['x-forwarded-proto'] === 'https';
    const id = sessionIdFrom(req.headers.cookie);
    if (req.method === 'GET') {
      const session = sessions.get(id);
      return json(200, session ? { signedIn: true, email: session.email } : { signedIn: false });
    }
    if (req.method !== 'POST' && req.method !== 'DELETE') return json(405, { error: 'Method not allowed' }, { Allow: 'GET, POST, DELETE' });
    if (!fromOwnOrigin(req.headers.origin, req.headers.host)) return json(403, { error: 'Sign-in is only accepted from this site' });
    if (req.method === 'DELETE') {
      sessions.delete(id);
      return json(200, { signedIn: false }, { 'Set-Cookie': sessionCookie(undefined, { secure, maxAgeSeconds: 0 }) });
    }
    // Refused before any hashing: a throttled guess costs no scrypt.
    const tooMany = (seconds: number) =>
      json(429, { error: `Too many sign-in attempts: try again in ${Math.ceil(seconds / 60)} min` }, { 'Retry-After': String(seconds) });
    const address = (options.trustProxy ? singleHeader(req.headers['x-real-ip']) : undefined) ?? req.socket.remoteAddress ?? '';
    const addressWait = addressAttempts.take(address);
    if (addressWait) return tooMany(addressWait);
    const form = await readForm(req);
    const email = form?.email?.trim().toLowerCase() ?? '';
    const accountWait = accountAttempts.take(email);
    if (accountWait) return tooMany(accountWait);
    const stored = accounts.get(email);
    // A hash is computed for an unknown email too: the answer takes as long either way.
    const valid = await verifyPassword(form?.password ?? '', stored ?? UNKNOWN_ACCOUNT_HASH);
    if (!stored || !valid) return json(401, { error: 'Wrong email or password' });
    accountAttempts.clear(email);
    const session = sessions.create(email);
    json(200, { signedIn: true, email }, { 'Set-Cookie': sessionCookie(session, { secure, maxAgeSeconds: sessionTtlSeconds }) });
  }

  return { answer, sessions };
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** A small sign-in body: JSON or a urlencoded form; undefined when it is neither or too large. */
async function readForm(req: IncomingMessage): Promise<Record<string, string> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 4096) return undefined;
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  try {
    if (req.headers['content-type']?.startsWith('application/json')) {
      const parsed: unknown = JSON.parse(body);
      if (!parsed || typeof parsed !== 'object') return undefined;
      return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    }
    return Object.fromEntries(new URLSearchParams(body));
  } catch {
    return undefined;
  }
}
