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
    // A same-origin URL that reads fine answers the CORS request; one whose 302 goes to a CDN
    // without CORS headers fails it, while the opaque request follows the redirect.
    const asked = network({ 'no-cors': true });
    expect(await refusedByCors('https://app.test/media/ep1')).toBe(true);
    expect(asked).toEqual(['HEAD cors https://app.test/media/ep1', 'HEAD no-cors https://app.test/media/ep1']);
    network({ cors: true, 'no-cors': true });
    expect(await refusedByCors('https://app.test/media/ep1')).toBe(false);
  });
});
