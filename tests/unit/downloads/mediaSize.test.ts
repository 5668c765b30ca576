import { describe, expect, it } from 'vitest';
import { learnMediaSize } from '../../../src/downloads/mediaSize.ts';

type Answer = (request: { method: string; range: string | null }) => Response;

function server(answer: Answer) {
  const asked: string[] = [];
  const fetch = (async (_url: string, init?: RequestInit) => {
    const range = new Headers(init?.headers).get('Range');
    asked.push(`${init?.method ?? 'GET'}${range ? ` ${range}` : ''}`);
    return answer({ method: init?.method ?? 'GET', range });
  }) as typeof globalThis.fetch;
  return { fetch, asked };
}

describe('learning the size of an episode whose feed gave none', () => {
  it('takes Content-Length from a HEAD', async () => {
    const { fetch, asked } = server(() => new Response(null, { headers: { 'Content-Length': '73400320' } }));
    expect(await learnMediaSize(fetch, 'https://cdn.example/ep.mp4')).toEqual({ bytes: 73400320 });
    expect(asked).toEqual(['HEAD']);
  });

  it('asks for the first byte when HEAD names no length, and reads the total from Content-Range', async () => {
    const { fetch, asked } = server(({ method }) =>
      method === 'HEAD' ? new Response(null) : new Response('x', { status: 206, headers: { 'Content-Range': 'bytes 0-0/5242880' } }),
    );
    expect(await learnMediaSize(fetch, 'https://cdn.example/ep.mp4')).toEqual({ bytes: 5242880 });
    expect(asked).toEqual(['HEAD', 'GET bytes=0-0']);
  });

  it('a server that refuses HEAD (405) is asked for the first byte instead', async () => {
    const { fetch, asked } = server(({ method }) =>
      method === 'HEAD' ? new Response(null, { status: 405 }) : new Response('x', { status: 206, headers: { 'Content-Range': 'bytes 0-0/7340032' } }),
    );
    expect(await learnMediaSize(fetch, 'https://cdn.example/ep.mp4')).toEqual({ bytes: 7340032 });
    expect(asked).toEqual(['HEAD', 'GET bytes=0-0']);
  });

  it('an error status, no length anywhere, or no network each end in the failure the card shows', async () => {
    expect(await learnMediaSize(server(() => new Response(null, { status: 404 })).fetch, 'u')).toEqual({ failure: { reason: 'bad-status', status: 404 } });
    expect(await learnMediaSize(server(() => new Response('whole file')).fetch, 'u')).toEqual({
      failure: { reason: 'could-not-start', detail: 'the server did not say how large the episode is' },
    });
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    expect(await learnMediaSize(offline, 'u')).toEqual({ failure: { reason: 'fetch-error', detail: 'Failed to fetch' } });
  });
});
