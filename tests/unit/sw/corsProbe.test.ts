import { afterEach, describe, expect, it, vi } from 'vitest';
import { refusedByCors } from '../../../sw/corsProbe.ts';

const media = 'https://media.test/media/ep1';

/** A fetch where each request mode either answers or fails as a network error would. */
function network(answers: Partial<Record<RequestMode, boolean>>): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    asked.push(`${init.method} ${init.mode} ${url}`);
    if (answers[init.mode!]) return new Response(null, { status: 200 });
    throw new TypeError('Failed to fetch');
  });
  return asked;
}

describe('telling a CORS refusal from a network error', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is a refusal when the server answers an opaque request but not a CORS one', async () => {
    network({ 'no-cors': true });
    expect(await refusedByCors(media)).toBe(true);
  });

  it('is no refusal when the server is unreachable, or allows the app', async () => {
    network({});
    expect(await refusedByCors(media)).toBe(false);
    network({ cors: true, 'no-cors': true });
    expect(await refusedByCors(media)).toBe(false);
  });

  it('judges the app’s own canonical URL by where it redirects: a CDN without CORS is a refusal', async () => {
    const canonical = 'https://app.test/media/ep1';
    const cdn = 'https://cdn.test/ep1?sig=abc';
    const redirect: Site = { status: 302, headers: { location: cdn } };
    const asked = web({ [canonical]: redirect, [cdn]: { status: 200, headers: {} } });
    expect(await refusedByCors(canonical)).toBe(true);
    expect(asked).toEqual([
      `HEAD cors ${canonical}`,
      `HEAD cors ${cdn}`,
      `HEAD no-cors ${canonical}`,
      `HEAD no-cors ${cdn}`,
    ]);

    web({ [canonical]: redirect, [cdn]: { status: 200, headers: { 'access-control-allow-origin': '*' } } });
    expect(await refusedByCors(canonical)).toBe(false);
    // The app's own URL is readable as it is: only the CDN's answer decides.
    web({ [canonical]: { status: 200, headers: {} } });
    expect(await refusedByCors(canonical)).toBe(false);
    // A CDN that is down is a network problem, not a refusal.
    web({ [canonical]: redirect });
    expect(await refusedByCors(canonical)).toBe(false);
  });
});

interface Site {
  status: number;
  headers: Record<string, string>;
}

/**
 * A fetch over a few URLs that follows redirects and applies the CORS check as a browser on
 * https://app.test does: a cross-origin response in `cors` mode must allow the origin (after a
 * cross-origin redirect the origin is `null`, so only `*` passes). A URL not listed is unreachable.
 */
function web(sites: Record<string, Site>): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    let current = new URL(url);
    for (let hops = 0; hops < 5; hops++) {
      asked.push(`${init.method} ${init.mode} ${current.href}`);
      const site = sites[current.href];
      if (!site) throw new TypeError('Failed to fetch');
      const crossOrigin = current.origin !== 'https://app.test';
      if (init.mode === 'cors' && crossOrigin && site.headers['access-control-allow-origin'] !== '*') {
        throw new TypeError('Failed to fetch');
      }
      const location = site.headers.location;
      if (site.status >= 300 && site.status < 400 && location) {
        if (init.redirect === 'error') throw new TypeError('Failed to fetch');
        // An opaque redirect: it resolves, unreadable.
        if (init.redirect === 'manual') return Response.error();
        current = new URL(location, current);
        continue;
      }
      return new Response(null, { status: site.status, headers: site.headers });
    }
    throw new TypeError('Failed to fetch');
  });
  return asked;
}
