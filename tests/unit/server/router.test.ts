import { createServer, request, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { at, routeRequests, under, type Route } from '../../../server/router.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Serves the listener on a free port and sends one raw request (the path as written). */
async function ask(listener: RequestListener, path: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    })
      .on('error', reject)
      .end();
  });
}

const says = (text: string): Route => at('/', (_req, res) => void res.end(text));

describe('the route table', () => {
  it('lets the first route that takes a request answer it, and answers 404 when none does', async () => {
    const routes = [says('first'), says('second')];
    expect((await ask(routeRequests(routes), '/')).body).toBe('first');
    expect((await ask(routeRequests(routes), '/elsewhere')).status).toBe(404);
  });

  it('gives an area route the next segment, decoded, and refuses a broken encoding before any route', async () => {
    const answer = vi.fn((_req, res, _url, id: string) => void res.end(id));
    const routes = [under('media', answer)];
    expect((await ask(routeRequests(routes), '/media/a%20b?x=1')).body).toBe('a b');
    expect((await ask(routeRequests(routes), '/media')).body).toBe('');
    expect((await ask(routeRequests(routes), '/mediafile/x')).status).toBe(404);
    expect((await ask(routeRequests(routes), '/media/%E0%A4%A')).status).toBe(400);
    expect(answer).toHaveBeenCalledTimes(2);
  });

  it('sends the security headers with every answer, a failing route’s 500 included', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const failing: Route = () => Promise.reject(new Error('broken'));
    const answer = await ask(routeRequests([failing]), '/');
    expect(answer.status).toBe(500);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(String(answer.headers['content-security-policy'])).toMatch(/^sandbox;/);
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
  });
});
