import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestServer, type MediaRequestLog, type TestServer, type TestServerOptions } from '../../server/testServer.ts';

const CONFIG_TEMPLATE = resolve(import.meta.dirname, '../../deploy/nginx.conf');
const NGINX = process.env.NGINX_PATH ?? 'nginx';

/**
 * The publisher's topology with a real web server: nginx serves the built app (deploy/nginx.conf)
 * and, as a CDN origin of its own, the media behind secure_link; the Node server is only the
 * authorizing origin (sessions, catalog, 302 with nginx-signed links). Presented as an
 * TestServer so the same tests run against it: `origin` is nginx's app origin, media requests
 * are Node's log plus nginx's access log.
 */
export async function startNginxTopology(options: TestServerOptions & { appDir: string }): Promise<TestServer> {
  const prefix = await mkdtemp(join(tmpdir(), 'offline-episodes-nginx-'));
  const [appPort, cdnPort] = [await freePort(), await freePort()];
  const cdnOrigin = `http://localhost:${cdnPort}`;
  // Shared by the authorizing origin and nginx's secure_link, as MEDIA_SIGNING_SECRET is in a deploy.
  const secret = randomBytes(32).toString('base64url');
  const { appDir } = options;
  // The app's files too: the manifest with the site's name is written from the built one.
  const node = await startTestServer({ ...options, secret, signing: 'nginx', cdnOrigin, trustProxy: true });
  const mediaDir = join(prefix, 'media');
  await mkdir(mediaDir);
  const mediaIds = JSON.parse(await (await fetch(`${node.origin}/api/catalog.json`)).text()) as { episodes: { id: string; sources?: { url: string }[] }[] };
  for (const { id, sources = [] } of mediaIds.episodes) {
    await symlink(node.mediaPath(id), join(mediaDir, id));
    // Renditions (serverOptions.renditions): /cdn/<id>.<rung>.mp4 beside the episode's own file.
    for (const { url } of sources) {
      const name = url.replace(/^\/media\//, '');
      if (name !== id) await symlink(node.mediaPath(name), join(mediaDir, name));
    }
  }
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) await mkdir(join(prefix, temp));

  const fill: Record<string, string> = {
    PREFIX: prefix,
    USER: process.getuid?.() === 0 ? 'user root root;' : '',
    APP_PORT: String(appPort),
    CDN_PORT: String(cdnPort),
    CDN_ORIGIN: cdnOrigin,
    DIST: resolve(appDir),
    MEDIA_DIR: mediaDir,
    AUTH_ORIGIN: node.origin,
    SECRET: secret,
  };
  let config = (await readFile(CONFIG_TEMPLATE, 'utf8')).replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = fill[name];
    if (value === undefined) throw new Error(`deploy/nginx.conf: no value for {{${name}}}`);
    return value;
  });
  // The tests' own pacing (a static rate: nginx reads it at start).
  if (options.throttleBytesPerSecond) config = config.replace('default_type video/webm;', `default_type video/webm;\n      limit_rate ${options.throttleBytesPerSecond};`);
  const configPath = join(prefix, 'nginx.conf');
  await writeFile(configPath, config);

  let nginx: ChildProcess | undefined;
  const up = async () => {
    const started = spawn(NGINX, ['-p', prefix, '-c', configPath, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    started.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise<never>((_, reject) => started.once('exit', (code) => reject(new Error(`nginx exited (${code}): ${errors}`))));
    await Promise.race([Promise.all([listening(appPort), listening(cdnPort)]), exited]);
    nginx = started;
  };
  const down = async () => {
    const running = nginx;
    nginx = undefined;
    if (!running || running.exitCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM'); // fast shutdown: open connections are dropped, as in an outage
    await gone;
  };
  await up();

  /** What nginx's CDN served, from its access log (a line is written when a response ends). */
  const cdnLog = (): (MediaRequestLog & { bodyBytes: number })[] => {
    let text: string;
    try {
      text = readFileSync(join(prefix, 'media.log'), 'utf8');
    } catch {
      return []; // nothing logged yet
    }
    return text
      .split('\n')
      .map((line) => line.split('|'))
      .filter((fields) => fields.length === 7 && fields[1]!.endsWith(`:${cdnPort}`))
      .map(([, , path, url, range, status, sent]) => ({
        origin: cdnOrigin,
        path: path!,
        url: url!,
        range: range === '-' ? undefined : range,
        status: Number(status),
        bodyBytes: Number(sent),
      }));
  };

  return {
    origin: `http://localhost:${appPort}`,
    port: appPort,
    cdnOrigin,
    faults: node.faults,
    get mediaRequests() {
      return [...node.mediaRequests, ...cdnLog()];
    },
    captionRequests: node.captionRequests,
    openMediaBodies: () => {
      throw new Error('nginx serves the media bodies: not counted');
    },
    expireSessions: () => node.expireSessions(),
    down: async () => {
      await down();
      await node.down();
    },
    up: async () => {
      await node.up();
      await up();
    },
    close: async () => {
      await down();
      await node.close();
      await rm(prefix, { recursive: true, force: true });
    },
    mediaPath: (id) => node.mediaPath(id),
    mediaSize: (id) => node.mediaSize(id),
    setAppDir: () => {
      throw new Error('nginx serves dist/ from its configuration');
    },
    // The last byte went out: a logged 200 or 206 whose body ran to the end of the file.
    mediaFinished: (id) =>
      new Promise<void>((resolve) => {
        const size = node.mediaSize(id);
        const check = () => {
          const done = cdnLog().some((request) => {
            if (request.path !== `/cdn/${id}` || (request.status !== 200 && request.status !== 206)) return false;
            const from = Number(/^bytes=(\d+)-$/.exec(request.range ?? '')?.[1] ?? 0);
            return from + request.bodyBytes === size;
          });
          if (done) return resolve();
          setTimeout(check, 200); // nginx has no hook: its log is read again
        };
        check();
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resolves once something accepts connections on the port. */
async function listening(port: number): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
