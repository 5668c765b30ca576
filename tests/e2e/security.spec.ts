import { request as httpRequest } from 'node:http';
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures.ts';

/** A raw request: the path is sent exactly as written (fetch would normalise "../" away). */
function rawGet(origin: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname === 'localhost' ? '127.0.0.1' : hostname, port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The signed CDN path the server redirects a canonical media URL to. */
async function signedPath(origin: string, episodeId: string): Promise<string> {
  const response = await fetch(`${origin}/media/${episodeId}`, { redirect: 'manual' });
  return response.headers.get('location') ?? '';
}

test.describe('the demo server', () => {
  test('never serves a file outside its folders, however the path is written', async ({ server }) => {
    const secret = await readFile('package.json', 'latin1');
    for (const path of [
      '/artwork/../package.json',
      '/artwork/..%2f..%2fpackage.json',
      '/artwork/%2e%2e/%2e%2e/package.json',
      '/media/..%2f..%2fpackage.json',
      '/cdn/..%2f..%2fpackage.json?expires=9999999999&signature=x',
      '/../../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/media/%E0%A4%A',
    ]) {
      const { status, body } = await rawGet(server.origin, path);
      expect(body, path).not.toContain('"devDependencies"');
      expect(body.includes(secret.slice(0, 60)), path).toBe(false);
      expect([200, 400, 403, 404], path).toContain(status); // 200: the app's index.html (SPA fallback)
      if (status === 200) expect(body, path).toContain('<div id="app">');
    }
  });

  test('answers malformed and unsatisfiable Range headers with 400 and 416, and ignores unknown units', async ({ server }) => {
    const path = await signedPath(server.origin, 'service-workers');
    const size = server.mediaSize('service-workers');
    expect((await rawGet(server.origin, path, { Range: 'bytes=abc' })).status).toBe(400);
    expect((await rawGet(server.origin, path, { Range: 'bytes=1-2-3' })).status).toBe(400);
    // A unit it does not know is ignored (RFC 9110 §14.2): the whole file.
    expect((await rawGet(server.origin, path, { Range: 'pages=1-2' })).status).toBe(200);
    expect((await rawGet(server.origin, path, { Range: `bytes=${size}-` })).status).toBe(416);
    expect((await rawGet(server.origin, path, { Range: 'bytes=0-9' })).status).toBe(206);
  });

  test('refuses tampered, missing and expired signatures with 403', async ({ server }) => {
    const path = await signedPath(server.origin, 'service-workers');
    const url = new URL(path, server.origin);
    const signature = url.searchParams.get('signature') ?? '';
    const tampered = new URL(url);
    tampered.searchParams.set('signature', signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')));
    const otherFile = new URL(url);
    otherFile.pathname = '/cdn/background-fetch';
    const extended = new URL(url);
    extended.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    const expired = new URL(url);
    expired.searchParams.set('expires', '1000');
    for (const bad of [tampered, otherFile, extended, expired, new URL('/cdn/service-workers', server.origin)]) {
      expect((await rawGet(server.origin, bad.pathname + bad.search)).status, bad.href).toBe(403);
    }
    expect((await rawGet(server.origin, path)).status).toBe(200);
  });
});

test.describe('Content-Security-Policy', () => {
  test('the app is served with a strict policy and works under it', async ({ server, page }) => {
    const response = await fetch(server.origin);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    await expect(page.getByRole('article')).toHaveCount(4); // the app rendered under it
  });

  test('only the service worker may compile WebAssembly (its SHA-256): its script carries the permission, pages do not', async ({ context, server, page }) => {
    const workerPolicy = (await fetch(`${server.origin}/sw.js`)).headers.get('content-security-policy') ?? '';
    expect(workerPolicy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    // The smallest valid module: "\0asm", version 1.
    const compile = () =>
      WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
        () => 'compiled',
        (error: unknown) => String(error),
      );
    expect(await page.evaluate(compile)).toMatch(/CompileError: .*violates the following Content Security policy/);
    const [worker] = context.serviceWorkers();
    expect(await worker!.evaluate(compile)).toBe('compiled');
  });

  test('an injected inline script or inline event handler does not run', async ({ page }) => {
    const outcome = await page.evaluate(async () => {
      const violations: string[] = [];
      // Both refusals are reported as events (queued as tasks): wait for the two of them.
      const reported = new Promise<void>((resolve) =>
        document.addEventListener('securitypolicyviolation', (event) => {
          violations.push(event.violatedDirective);
          if (violations.length === 2) resolve();
        }),
      );
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);
      const button = document.createElement('button');
      button.setAttribute('onclick', 'window.handlerRan = true');
      document.body.append(button);
      button.click();
      button.remove();
      await reported;
      return { inlineRan: 'inlineRan' in window, handlerRan: 'handlerRan' in window, violations };
    });
    expect(outcome.inlineRan).toBe(false);
    expect(outcome.handlerRan).toBe(false);
    expect(outcome.violations).toEqual(expect.arrayContaining(['script-src-elem', 'script-src-attr']));
  });
});
