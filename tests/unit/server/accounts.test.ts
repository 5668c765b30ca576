import { describe, expect, it } from 'vitest';
import { createSessionStore, fromOwnOrigin, hashPassword, sessionCookie, sessionIdFrom, verifyPassword } from '../../../server/accounts.ts';

describe('passwords', () => {
  it('are stored as salted scrypt hashes that verify only the right password', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsE', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('get a new salt each time, and a damaged hash verifies nothing', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
    const parts = a.split('$');
    parts[5] = `${parts[5]!.startsWith('A') ? 'B' : 'A'}${parts[5]!.slice(1)}`;
    expect(await verifyPassword('same', parts.join('$'))).toBe(false);
    expect(await verifyPassword('same', 'plaintext')).toBe(false);
  });
});

describe('sessions', () => {
  it('last their lifetime, then are gone; ids are long and random', () => {
    let now = 1_000_000;
    const store = createSessionStore(60, () => now);
    const id = store.create('viewer@example.com');
    expect(id).toMatch(/^[\w-]{43}$/);
    expect(store.create('viewer@example.com')).not.toBe(id);
    expect(store.get(id)?.email).toBe('viewer@example.com');
    now += 59_999;
    expect(store.get(id)).toBeDefined();
    now += 1;
    expect(store.get(id)).toBeUndefined();
    expect(store.get(undefined)).toBeUndefined();
    expect(store.get('made-up')).toBeUndefined();
  });

  it('end on sign-out and all at once on expiry', () => {
    const store = createSessionStore(3600);
    const one = store.create('a@example.com');
    const two = store.create('b@example.com');
    store.delete(one);
    expect(store.get(one)).toBeUndefined();
    expect(store.get(two)).toBeDefined();
    store.expireAll();
    expect(store.get(two)).toBeUndefined();
  });
});

describe('sessions in memory', () => {
  it('are dropped once expired as new ones are made, even if never asked for again', () => {
    let now = 0;
    const store = createSessionStore(60, () => now);
    store.create('a@example.com');
    store.create('b@example.com');
    now = 60_000;
    store.create('c@example.com');
    expect(store.size).toBe(1);
  });

  it('are capped: at the cap, a new sign-in ends the oldest session', () => {
    const store = createSessionStore(3600, () => 0, 3);
    const ids = ['a', 'b', 'c', 'd'].map((name) => store.create(`${name}@example.com`));
    expect(store.size).toBe(3);
    expect(store.get(ids[0])).toBeUndefined();
    expect(ids.slice(1).map((id) => store.get(id)?.email)).toEqual(['b@example.com', 'c@example.com', 'd@example.com']);
  });
});

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Lax, Secure under HTTPS, and cleared on sign-out', () => {
    expect(sessionCookie('abc', { secure: false, maxAgeSeconds: 60 })).toBe('session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60');
    expect(sessionCookie('abc', { secure: true, maxAgeSeconds: 60 })).toBe('session=abc; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=60');
    expect(sessionCookie(undefined, { secure: false, maxAgeSeconds: 60 })).toBe('session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
  });

  it('is read from a Cookie header among others', () => {
    expect(sessionIdFrom('theme=dark; session=abc=; other=1')).toBe('abc=');
    expect(sessionIdFrom('theme=dark')).toBeUndefined();
    expect(sessionIdFrom(undefined)).toBeUndefined();
  });
});

describe('sign-in and sign-out requests', () => {
  it('are accepted only from the site itself', () => {
    expect(fromOwnOrigin('http://localhost:8080', 'localhost:8080')).toBe(true);
    expect(fromOwnOrigin('http://evil.test', 'localhost:8080')).toBe(false);
    expect(fromOwnOrigin('http://localhost:8081', 'localhost:8080')).toBe(false);
    expect(fromOwnOrigin('null', 'localhost:8080')).toBe(false);
    expect(fromOwnOrigin(undefined, 'localhost:8080')).toBe(false);
    expect(fromOwnOrigin('not a url', 'localhost:8080')).toBe(false);
  });
});
