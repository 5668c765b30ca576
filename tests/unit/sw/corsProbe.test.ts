import { afterEach, describe, expect, it, vi } from 'vitest';
import { refusedByCors } from '../../../sw/corsProbe.ts';

const app = 'https://app.test';
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
    expect(await refusedByCors(media, app)).toBe(true);
  });

  it('is no refusal when the server is unreachable, or allows the app', async () => {
    network({});
    expect(await refusedByCors(media, app)).toBe(false);
    network({ cors: true, 'no-cors': true });
    expect(await refusedByCors(media, app)).toBe(false);
  });

  it('asks nothing for the app’s own origin', async () => {
    const asked = network({ 'no-cors': true });
    expect(await refusedByCors(`${app}/media/ep1`, app)).toBe(false);
    expect(asked).toEqual([]);
  });
});
