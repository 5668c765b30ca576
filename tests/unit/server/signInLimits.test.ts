import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyPassword } from '../../../server/accounts.ts';
import { startEpisodeServer, type EpisodeServer, type EpisodeServerOptions, type SigningSecret } from '../../../server/episodeServer.ts';

// The real scrypt, counted: a throttled attempt must not reach it.
vi.mock(import('../../../server/accounts.ts'), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

const ACCOUNT = { email: 'viewer@example.com', password: 'offline-episodes' };

describe('sign-in over HTTP', () => {
  let now = 0;
  let server: EpisodeServer;
  let trusting: EpisodeServer;
  beforeAll(async () => {
    const options: EpisodeServerOptions & SigningSecret = {
      demo: true,
      episodes: [],
      accounts: [ACCOUNT],
      signInLimits: { perAccount: { attempts: 3, windowSeconds: 60 }, perAddress: { attempts: 5, windowSeconds: 60 } },
      clock: () => now,
    };
    [server, trusting] = await Promise.all([startEpisodeServer(options), startEpisodeServer({ ...options, trustProxy: true })]);
  });
  afterAll(() => Promise.all([server.close(), trusting.close()]));
  beforeEach(() => {
    now += 3_600_000; // every window of the test before has ended
    vi.mocked(verifyPassword).mockClear();
  });

  const signIn = (target: EpisodeServer, email: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${target.origin}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: target.origin, ...headers },
      body: JSON.stringify({ email, password }),
    });

  it('refuses an account its guesses after the limit, the right password too, without hashing it, until the window ends', async () => {
    for (let i = 0; i < 3; i += 1) expect((await signIn(server, ACCOUNT.email, `guess ${i}`)).status).toBe(401);
    const refused = await signIn(server, ACCOUNT.email, ACCOUNT.password);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(((await refused.json()) as { error: string }).error).toBe('Too many sign-in attempts: try again in 1 min');
    expect(verifyPassword).toHaveBeenCalledTimes(3);
    now += 59_000;
    expect((await signIn(server, ACCOUNT.email, ACCOUNT.password)).headers.get('retry-after')).toBe('1');
    now += 1_000;
    const allowed = await signIn(server, ACCOUNT.email, ACCOUNT.password);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('set-cookie')).toMatch(/^session=/);
    expect(verifyPassword).toHaveBeenCalledTimes(4);
  });

  it('gives the account its guesses back after a successful sign-in', async () => {
    for (let i = 0; i < 2; i += 1) await signIn(server, ACCOUNT.email, 'wrong');
    expect((await signIn(server, ACCOUNT.email, ACCOUNT.password)).status).toBe(200);
    for (let i = 0; i < 2; i += 1) expect((await signIn(server, ACCOUNT.email, 'wrong')).status).toBe(401);
  });

  it('refuses one address that tries many accounts', async () => {
    for (let i = 0; i < 5; i += 1) expect((await signIn(server, `someone${i}@example.com`, 'guess')).status).toBe(401);
    const refused = await signIn(server, 'someone-else@example.com', 'guess');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(verifyPassword).toHaveBeenCalledTimes(5);
  });

  it('counts the address a trusted proxy names, and ignores the header from anyone else', async () => {
    for (let i = 0; i < 5; i += 1) await signIn(trusting, `someone${i}@example.com`, 'guess', { 'X-Real-IP': '203.0.113.7' });
    expect((await signIn(trusting, 'next@example.com', 'guess', { 'X-Real-IP': '203.0.113.7' })).status).toBe(429);
    expect((await signIn(trusting, 'next@example.com', 'guess', { 'X-Real-IP': '198.51.100.2' })).status).toBe(401);
    // Not trusted: a new X-Real-IP per guess buys no new guesses.
    for (let i = 0; i < 5; i += 1) await signIn(server, `someone${i}@example.com`, 'guess', { 'X-Real-IP': `203.0.113.${i}` });
    expect((await signIn(server, 'next@example.com', 'guess', { 'X-Real-IP': '198.51.100.2' })).status).toBe(429);
  });
});
