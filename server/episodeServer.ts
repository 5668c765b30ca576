import { EventEmitter } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import etag from 'etag';
import parseRange from 'range-parser';
import sirv from 'sirv';
import { createSessionStore, fromOwnOrigin, hashPassword, sessionCookie, sessionIdFrom, verifyPassword } from './accounts.ts';
import { appFiles } from './appFiles.ts';
import { createAttemptLimiter, type AttemptLimit } from './attemptLimit.ts';
import { applyBodyFaults, ConnectionCut, type BodyFaults } from './bodyFaults.ts';
import { DEMO_ACCOUNT, demoEpisodes, type DemoEpisode } from './demoCatalog.ts';
import { GENERATED_MEDIA_DIR } from './generatedMedia.ts';
import { writePaddedWebm } from './paddedWebm.ts';
import { checkSignature, signedQuery, type SigningScheme } from './signing.ts';
import { createSite, type SiteOptions } from './siteConfig.ts';
import { throttle } from './throttle.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

export interface EpisodeServerOptions {
  port?: number;
  host?: string;
  /** The built app (vite's dist/); omitted, only the API and media are served. */
  appDir?: string;
  episodes?: DemoEpisode[];
  signedUrlTtlSeconds?: number;
  throttleBytesPerSecond?: number;
  /** Other origins the app may load media and artwork from (the Content-Security-Policy's list). */
  mediaOrigins?: string[];
  /**
   * Serve signed media from a CDN origin of its own on this port (0: any free port), as a real
   * site does: `/media/<id>` on the app's origin answers 302 to `<cdn origin>/cdn/<id>?…`.
   * Without it, both are on the one origin.
   */
  cdnPort?: number;
  /**
   * A CDN served by something else (nginx, deploy/nginx.conf): `/media/<id>` answers 302 to
   * `<cdnOrigin>/cdn/<id>?…` and this server serves no media bytes itself.
   */
  cdnOrigin?: string;
  /** How links are signed: this server's HMAC (default), or nginx's secure_link_md5. */
  signing?: SigningScheme;
  /** Who may sign in (the README's demo subscriber by default). */
  accounts?: { email: string; password: string }[];
  /** How long a sign-in lasts. */
  sessionTtlSeconds?: number;
  /** Sign-in attempts allowed per account and per client address (then 429 with Retry-After). */
  signInLimits?: { perAccount?: AttemptLimit; perAddress?: AttemptLimit };
  /**
   * Behind a proxy that sets X-Real-IP (deploy/nginx.conf): sign-in limits count the client's
   * address from it. Off, the header is ignored (anyone could send one) and the peer's address counts.
   */
  trustProxy?: boolean;
  /** The clock sign-in limits and sessions run on (a test's, to pass a window without waiting). */
  clock?: () => number;
  /** Extra static folders by URL prefix (e.g. the benchmark's reference page). */
  mounts?: Record<string, string>;
  /** The publisher's own catalog (a feed file or URL) and name: served as config.json (siteConfig.ts). */
  site?: SiteOptions;
}

/**
 * What media links are signed with: the operator's secret (shared with the CDN), or, for the demo
 * and the tests, a random one made for this server alone. There is no default: a known secret
 * would let anyone sign links to subscribers' episodes.
 */
export type SigningSecret = { secret: string; demo?: never } | { demo: true; secret?: never };

/** Knobs a test turns while the server runs; background fetches are made by the browser, so faults live here. */
export interface Faults {
  /** Answer every canonical media URL with this status instead of a redirect. */
  mediaStatus?: number;
  /** Bytes per second for media bodies; 0 = unthrottled. */
  throttleBytesPerSecond: number;
  /** Lifetime of signed CDN URLs. */
  signedUrlTtlSeconds: number;
  /** Sizes the catalog claims instead of the real ones, by episode id. */
  advertisedBytes: Record<string, number>;
  /** Wrong bytes or dropped connections in media bodies, by episode id (see bodyFaults.ts). */
  body: Record<string, BodyFaults>;
  /** Serve this text as the catalog instead of the real one (hostile or broken catalogs). */
  catalogBody?: string;
  /** Answer the catalog with this status instead. */
  catalogStatus?: number;
  /** Send CORS headers with media (needed when the app is on another origin). Off by default. */
  mediaCors?: boolean;
  /** Signed links that the CDN will refuse (403): a wrong signature, or one already expired. */
  signedLinks?: 'tampered' | 'expired';
  /** The CDN origin's `Access-Control-Allow-Origin: *` (cdnPort only; on by default, as a CDN must). */
  cdnCors: boolean;
  /** Serve this text as config.json (a publisher's broken edit). */
  configBody?: string;
}

export interface MediaRequestLog {
  /** The origin asked (from Host): the app's, or the CDN's. */
  origin: string;
  path: string;
  /** Path and query, as requested. */
  url: string;
  range?: string;
  status: number;
}

export interface EpisodeServer {
  readonly origin: string;
  readonly port: number;
  /** Where signed media is served: the CDN's origin with cdnPort, else the app's. */
  readonly cdnOrigin: string;
  readonly faults: Faults;
  readonly mediaRequests: MediaRequestLog[];
  /** Paths of caption files asked for. */
  readonly captionRequests: string[];
  /** Stops listening and drops every open connection, as a crashed server would. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
  mediaPath(episodeId: string): string;
  mediaSize(episodeId: string): number;
  /** Serves another build of the app from now on (a deploy, for update tests). */
  setAppDir(dir: string): void;
  /** Every session ends now, as when a sign-in times out. */
  expireSessions(): void;
  /** Resolves once the last byte of that episode's file has been sent to a client. */
  mediaFinished(episodeId: string): Promise<void>;
  /** Media bodies being sent right now (a client that stops reading closes its one). */
  openMediaBodies(): number;
}

interface Media {
  episode: DemoEpisode;
  path: string;
  size: number;
  etag: string;
  sha256: string;
}

async function prepareMedia(episodes: DemoEpisode[]): Promise<Map<string, Media>> {
  await mkdir(GENERATED_MEDIA_DIR, { recursive: true });
  const media = new Map<string, Media>();
  for (const episode of episodes) {
    let path = episode.path ?? join(here, 'media', episode.file);
    if (episode.padTo) {
      const padded = join(GENERATED_MEDIA_DIR, `${episode.id}-${episode.padTo}-offsets.webm`);
      await writePaddedWebm(path, padded, episode.padTo);
      path = padded;
    }
    const stats = await stat(path);
    // Strong ETag: If-Range must not resume on a weak validator (RFC 9110 §13.1.5).
    media.set(episode.id, { episode, path, size: stats.size, etag: etag(stats, { weak: false }), sha256: await fileSha256(path) });
  }
  return media;
}

export async function startEpisodeServer(options: EpisodeServerOptions & SigningSecret): Promise<EpisodeServer> {
  const secret = options.demo ? randomBytes(32).toString('base64url') : options.secret;
  if (!secret) throw new Error('startEpisodeServer: an empty signing secret signs nothing');
  const media = await prepareMedia(options.episodes ?? demoEpisodes);
  const faults: Faults = {
    throttleBytesPerSecond: options.throttleBytesPerSecond ?? 0,
    signedUrlTtlSeconds: options.signedUrlTtlSeconds ?? 300,
    advertisedBytes: {},
    body: {},
    cdnCors: true,
  };
  const mediaRequests: MediaRequestLog[] = [];
  const captionRequests: string[] = [];
  // Set once the servers listen: the CDN's origin (its port) joins the media origins.
  let contentSecurityPolicy = '';
  let workerPolicy = '';
  const accounts = new Map<string, string>();
  for (const { email, password } of options.accounts ?? [DEMO_ACCOUNT]) accounts.set(email.toLowerCase(), await hashPassword(password));
  const sessionTtlSeconds = options.sessionTtlSeconds ?? 30 * 24 * 3600;
  const clock = options.clock ?? Date.now;
  const sessions = createSessionStore(sessionTtlSeconds, clock);
  const accountAttempts = createAttemptLimiter(options.signInLimits?.perAccount ?? SIGN_IN_LIMITS.perAccount, clock);
  const addressAttempts = createAttemptLimiter(options.signInLimits?.perAddress ?? SIGN_IN_LIMITS.perAddress, clock);
  const finished = new EventEmitter();
  const finishedIds = new Set<string>();
  let openBodies = 0;
  let appDir = options.appDir;
  let serveApp = appDir ? appFiles(appDir) : undefined;
  const site = createSite(options.site ?? {}, options.mediaOrigins ?? [], () => appDir, () => faults.configBody);
  const serveArtwork = sirv(join(here, 'artwork'), { dev: false, etag: true, maxAge: 3600 });
  const serveCaptions = sirv(join(here, 'captions'), { dev: false, etag: true, setHeaders: (res) => res.setHeader('Content-Type', 'text/vtt; charset=utf-8') });
  const mounts = Object.fromEntries(
    Object.entries(options.mounts ?? {}).map(([prefix, dir]) => [prefix, sirv(dir, { dev: false, etag: true })]),
  );

  function catalog(): unknown {
    return {
      episodes: [...media.values()].map(({ episode, size, sha256 }) => ({
        id: episode.id,
        title: episode.title,
        description: episode.description,
        durationSeconds: episode.durationSeconds,
        bytes: faults.advertisedBytes[episode.id] ?? size,
        ...(episode.subscribersOnly ? { subscribersOnly: true } : {}),
        ...(episode.sha256 === false ? {} : { sha256 }),
        mediaUrl: `/media/${episode.id}`,
        artworkUrl: `/artwork/${episode.file.replace(/\.webm$/, '.jpg')}`,
        ...(episode.captions ? { captions: episode.captions.map(({ file, ...caption }) => ({ ...caption, url: `/captions/${file}` })) } : {}),
      })),
    };
  }

  function redirectToCdn(res: ServerResponse, id: string): void {
    const path = `/cdn/${encodeURIComponent(id)}`;
    const expires = Math.floor(Date.now() / 1000) + (faults.signedLinks === 'expired' ? -60 : faults.signedUrlTtlSeconds);
    const signed = signedQuery(options.signing ?? 'hmac', secret, path, expires).signature;
    const signature = faults.signedLinks === 'tampered' ? `${signed[0] === '0' ? '1' : '0'}${signed.slice(1)}` : signed;
    // One origin: a relative Location, right behind any proxy or host name.
    const base = options.cdnOrigin ?? (cdn ? cdnOrigin() : '');
    res.writeHead(302, { Location: `${base}${path}?expires=${expires}&signature=${signature}`, 'Cache-Control': 'no-store' });
    res.end();
  }

  async function serveMedia(req: IncomingMessage, res: ServerResponse, file: Media): Promise<number> {
    const headers: Record<string, string | number> = {
      'Content-Type': file.path.endsWith('.mp4') ? 'video/mp4' : 'video/webm',
      'Accept-Ranges': 'bytes',
      ETag: file.etag,
      'Cache-Control': 'private, no-transform',
    };
    let start = 0;
    let end = file.size - 1;
    let status = 200;
    const rangeHeader = req.headers.range;
    const ifRange = req.headers['if-range'];
    // A Range in a unit other than bytes is ignored (RFC 9110 §14.2): the whole file is sent.
    const bytesRange = rangeHeader && /^\s*bytes\s*=/i.test(rangeHeader) ? rangeHeader : undefined;
    if (bytesRange && (!ifRange || ifRange === file.etag)) {
      const ranges = parseRange(file.size, bytesRange, { combine: true });
      if (ranges === -2) {
        res.writeHead(400, { 'Content-Type': 'text/plain' });
        res.end('Malformed Range header');
        return 400;
      }
      if (ranges === -1) {
        res.writeHead(416, { 'Content-Range': `bytes */${file.size}` });
        res.end();
        return 416;
      }
      // Several ranges left after combining: answered with the whole file (a 200 is allowed).
      const [range] = ranges;
      if (range && ranges.length === 1) {
        ({ start, end } = range);
        status = 206;
        headers['Content-Range'] = `bytes ${start}-${end}/${file.size}`;
      }
    }
    headers['Content-Length'] = end - start + 1;
    res.writeHead(status, headers);
    if (req.method === 'HEAD' || end < start) {
      res.end();
      return status;
    }
    const body = createReadStream(file.path, { start, end, highWaterMark: 256 * 1024 });
    openBodies += 1;
    try {
      await pipeline(
        body,
        (source: Readable) => applyBodyFaults(source, start, faults.body[file.episode.id] ?? {}),
        (source: AsyncIterable<Buffer>) => throttle(source, () => faults.throttleBytesPerSecond),
        res,
      );
      if (end === file.size - 1) {
        finishedIds.add(file.episode.id);
        finished.emit(file.episode.id);
      }
    } catch (error) {
      // A cut connection is destroyed mid-body; otherwise the client went away or the server
      // went down, and there is nothing to answer any more.
      if (error instanceof ConnectionCut) res.destroy();
    } finally {
      openBodies -= 1;
    }
    return status;
  }

  /** GET: who is signed in; POST: sign in (JSON or a form); DELETE: sign out. */
  async function answerSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
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

  async function handle(req: IncomingMessage, res: ServerResponse, side: 'app' | 'cdn'): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, area, rawId] = url.pathname.split('/');
    const id = decodedSegment(rawId);
    if (id === undefined) {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end('Malformed URL');
      return;
    }
    // With a CDN origin, each origin serves only its own part.
    if (cdn && (side === 'cdn') !== (area === 'cdn')) return notFound(res);
    if (side === 'cdn' && faults.cdnCors) {
      // Signed URLs and no credentials: any origin may read them (README, For publishers).
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Accept-Ranges, ETag');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': 'Range', 'Access-Control-Max-Age': '600' });
        res.end();
        return;
      }
    }

    if (url.pathname === '/api/session') return answerSession(req, res);
    if (url.pathname === '/api/catalog.json') {
      const body = faults.catalogBody ?? JSON.stringify(catalog());
      const status = faults.catalogStatus ?? 200;
      // An ETag lets the app skip parsing a catalog it already has (and the network a 304).
      const tag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      const headers = {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-cache',
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Expose-Headers': 'ETag',
        ETag: tag,
      };
      if (status === 200 && req.headers['if-none-match'] === tag) {
        res.writeHead(304, headers).end();
        return;
      }
      res.writeHead(status, headers);
      res.end(body);
      return;
    }
    if (faults.mediaCors && (area === 'media' || area === 'cdn')) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Accept-Ranges, ETag');
    }
    if (area === 'media') {
      const file = media.get(id);
      // A subscriber's episode: the canonical URL signs only for a session (401 without one).
      const signedIn = sessions.get(sessionIdFrom(req.headers.cookie)) !== undefined;
      const status = !file ? 404 : file.episode.subscribersOnly && !signedIn ? 401 : (faults.mediaStatus ?? 302);
      mediaRequests.push({ origin: `http://${req.headers.host}`, path: url.pathname, url: req.url ?? '', range: req.headers.range, status });
      if (status === 302) return redirectToCdn(res, id);
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status === 404 ? 'No such episode' : status === 401 ? 'Sign in to watch this episode' : `Media unavailable (${status})`);
      return;
    }
    if (area === 'cdn') {
      const file = media.get(id);
      const check = checkSignature(secret, url.pathname, url.searchParams, Math.floor(Date.now() / 1000), options.signing);
      if (!file || check !== 'valid') {
        const status = !file ? 404 : 403;
        mediaRequests.push({ origin: `http://${req.headers.host}`, path: url.pathname, url: req.url ?? '', range: req.headers.range, status });
        res.writeHead(status, { 'Content-Type': 'text/plain' });
        res.end(!file ? 'No such file' : `Signature ${check}`);
        return;
      }
      const log: MediaRequestLog = { origin: `http://${req.headers.host}`, path: url.pathname, url: req.url ?? '', range: req.headers.range, status: 0 };
      mediaRequests.push(log);
      log.status = await serveMedia(req, res, file);
      return;
    }
    const mount = Object.entries(mounts).find(([prefix]) => url.pathname.startsWith(prefix));
    if (mount) {
      // Pages with scripts and a worker of their own (the benchmark's reference): not sandboxed.
      res.setHeader('Content-Security-Policy', contentSecurityPolicy);
      req.url = `/${url.pathname.slice(mount[0].length)}`;
      return mount[1](req, res, () => notFound(res));
    }
    if (area === 'artwork') {
      req.url = `/${url.pathname.slice('/artwork/'.length)}`;
      return serveArtwork(req, res, () => notFound(res));
    }
    if (area === 'captions') {
      captionRequests.push(url.pathname);
      if (faults.mediaCors) res.setHeader('Access-Control-Allow-Origin', '*');
      req.url = `/${url.pathname.slice('/captions/'.length)}`;
      return serveCaptions(req, res, () => notFound(res));
    }
    if (await site.handle(req, res, url.pathname)) return;
    if (serveApp) {
      // The worker's policy is the one its script is served with: it alone may compile WebAssembly (its SHA-256).
      res.setHeader('Content-Security-Policy', url.pathname === '/sw.js' ? workerPolicy : contentSecurityPolicy);
      return serveApp(req, res, () => notFound(res));
    }
    notFound(res);
  }

  const sockets = new Set<Socket>();
  const httpServer = (side: 'app' | 'cdn') => {
    const server = createServer((req, res) => {
      // Every answer, errors included, before any route can send one. What is not the app (feeds,
      // JSON, media, errors) is sandboxed: a document among them, such as an XHTML feed with a
      // <script>, runs nothing in this origin. The app's routes replace the policy with the app's.
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', SANDBOX_POLICY);
      res.setHeader('Referrer-Policy', 'no-referrer');
      handle(req, res, side).catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return server;
  };
  const server = httpServer('app');
  const cdn = options.cdnPort === undefined ? undefined : { server: httpServer('cdn'), port: options.cdnPort };

  function mediaFile(episodeId: string): Media {
    const file = media.get(episodeId);
    if (!file) throw new Error(`No episode ${episodeId}`);
    return file;
  }

  const host = options.host ?? '127.0.0.1';
  const hostName = host === '127.0.0.1' ? 'localhost' : host;
  let port = options.port ?? 0;
  const cdnOrigin = () => options.cdnOrigin ?? `http://${hostName}:${cdn?.port ?? port}`;
  /** Listens on `wanted` (0: any free port); resolves with the port it got. */
  const listenOn = (target: Server, wanted: number) =>
    new Promise<number>((resolve, reject) => {
      target.once('error', reject);
      target.listen(wanted, host, () => {
        target.off('error', reject);
        const address = target.address();
        resolve(address && typeof address === 'object' ? address.port : wanted);
      });
    });
  // Down and up together: the site's outage takes its CDN's links with it (signatures expire meanwhile).
  const listen = async () => {
    port = await listenOn(server, port);
    if (cdn) cdn.port = await listenOn(cdn.server, cdn.port);
  };
  const stop = () =>
    Promise.all(
      [server, cdn?.server].map(
        (target) =>
          new Promise<void>((resolve) => {
            if (!target?.listening) return resolve();
            target.close(() => resolve());
            for (const socket of sockets) socket.destroy();
          }),
      ),
    ).then(() => undefined);
  await listen();
  // The policy widens to the configured origins (media, the CDN, a catalog elsewhere), nothing more.
  const mediaOrigins = [...(options.mediaOrigins ?? []), ...(cdn || options.cdnOrigin ? [cdnOrigin()] : []), ...site.origins];
  contentSecurityPolicy = buildContentSecurityPolicy(mediaOrigins);
  workerPolicy = buildContentSecurityPolicy(mediaOrigins, { wasm: true });

  return {
    get origin() {
      return `http://${hostName}:${port}`;
    },
    get cdnOrigin() {
      return cdnOrigin();
    },
    get port() {
      return port;
    },
    faults,
    mediaRequests,
    captionRequests,
    openMediaBodies: () => openBodies,
    expireSessions: () => sessions.expireAll(),
    down: stop,
    up: listen,
    close: stop,
    mediaPath: (episodeId) => mediaFile(episodeId).path,
    mediaSize: (episodeId) => mediaFile(episodeId).size,
    setAppDir: (dir) => {
      appDir = dir;
      serveApp = appFiles(dir);
    },
    mediaFinished: (episodeId) =>
      finishedIds.has(episodeId)
        ? Promise.resolve()
        : new Promise((resolve) => finished.once(episodeId, () => resolve())),
  };
}

/** Everything that is not the app: no script, no plugins, no framing; an image or a video opened on its own still shows. */
export const SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; frame-ancestors 'none'";

/**
 * The app's policy: its own scripts and styles only (no inline script, no eval), media and images
 * only from itself and the configured media origins, no plugins, frames or base-URL tricks.
 */
/** The app's policy; `wasm` for the service worker's script, which hashes in WebAssembly. */
export function buildContentSecurityPolicy(mediaOrigins: string[], { wasm = false } = {}): string {
  const media = ["'self'", ...mediaOrigins.map((origin) => new URL(origin).origin)].join(' ');
  return [
    "default-src 'self'",
    wasm ? "script-src 'self' 'wasm-unsafe-eval'" : "script-src 'self'",
    "style-src 'self'",
    `img-src ${media}`,
    `media-src ${media}`,
    `connect-src ${media}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** A path segment, percent-decoded; undefined when its encoding is broken. */
function decodedSegment(segment: string | undefined): string | undefined {
  try {
    return segment ? decodeURIComponent(segment) : '';
  } catch {
    return undefined;
  }
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('Not found');
}

/** A sign-in's guesses: a person who forgot a password gets a few, a script gets nowhere. */
const SIGN_IN_LIMITS = {
  perAccount: { attempts: 10, windowSeconds: 15 * 60 },
  // Wider: many people can share one address (a household, an office behind NAT).
  perAddress: { attempts: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, AttemptLimit>;

function singleHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** Compared against when the email is unknown (its password is random and thrown away). */
const UNKNOWN_ACCOUNT_HASH = await hashPassword(randomBytes(16).toString('hex'));

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
