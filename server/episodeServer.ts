import { randomBytes } from 'node:crypto';
import type { SessionStore } from './accounts.ts';
import type { AttemptLimit } from './attemptLimit.ts';
import { prepareArtwork } from './artworkFiles.ts';
import { appPolicies, type AppPolicies } from './contentSecurityPolicy.ts';
import { DEMO_ACCOUNT, demoEpisodes, type DemoEpisode } from './demoCatalog.ts';
import { prepareMediaFiles, type MediaFiles } from './mediaFiles.ts';
import { createOrigins } from './origins.ts';
import { at, notFound, routeRequests, under, type Route } from './router.ts';
import { createAppRoute } from './routes/app.ts';
import { catalogAnswer } from './routes/catalog.ts';
import { cdnAnswer } from './routes/cdn.ts';
import { mediaAnswer } from './routes/media.ts';
import { createSessionRoute } from './routes/session.ts';
import { artworkRoute, captionsRoute, mountRoutes } from './routes/staticFiles.ts';
import type { ServerHooks } from './serverHooks.ts';
import { checkSignature, signedQuery, type SigningScheme } from './signing.ts';
import { createSite, type SiteOptions } from './siteConfig.ts';

export interface EpisodeServerOptions {
  port?: number;
  host?: string;
  /** The built app (vite's dist/); omitted, only the API and media are served. */
  appDir?: string;
  episodes?: DemoEpisode[];
  /**
   * Each episode in three H.264/AAC renditions too (360p, 720p, 1080p: renditions.ts), listed in
   * the catalog as `sources` and served signed as `/media/<id>.<rung>.mp4`, as its own file is.
   * Made with ffmpeg once per machine (~20 s the first time); `npm start` turns it on, the tests
   * ask for it where they use it (off, the catalog and media are byte for byte what they were).
   */
  renditions?: boolean;
  signedUrlTtlSeconds?: number;
  /** Paces media bodies (`npm start -- --throttle`), so progress can be watched on localhost. */
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

export interface EpisodeServer {
  readonly origin: string;
  readonly port: number;
  /** Where signed media is served: the CDN's origin with cdnPort or cdnOrigin, else the app's. */
  readonly cdnOrigin: string;
  close(): Promise<void>;
}

/** What only a test wrapper reaches (testServer.ts): the running server's parts. */
export interface ServerParts {
  readonly media: MediaFiles;
  readonly sessions: SessionStore;
  /** Listens again after close(), on the same ports. */
  listen(): Promise<void>;
  setAppDir(dir: string): void;
}

export async function startEpisodeServer(options: EpisodeServerOptions & SigningSecret): Promise<EpisodeServer> {
  return (await startEpisodeServerWithHooks(options)).server;
}

/** The server with a test wrapper's hooks installed, and its parts for the wrapper to turn. */
export async function startEpisodeServerWithHooks(options: EpisodeServerOptions & SigningSecret, hooks?: ServerHooks): Promise<{ server: EpisodeServer; parts: ServerParts }> {
  const secret = options.demo ? randomBytes(32).toString('base64url') : options.secret;
  if (!secret) throw new Error('startEpisodeServer: an empty signing secret signs nothing');
  const media = await prepareMediaFiles(options.episodes ?? demoEpisodes, { renditions: options.renditions });
  const artwork = await prepareArtwork();
  const session = await createSessionRoute({ ...options, accounts: options.accounts ?? [DEMO_ACCOUNT] });
  const host = options.host ?? '127.0.0.1';
  const hostName = host === '127.0.0.1' ? 'localhost' : host;
  const origins = createOrigins(host, { app: options.port ?? 0, cdn: options.cdnPort });
  const appOrigin = () => `http://${hostName}:${origins.appPort}`;
  const cdnOrigin = () => options.cdnOrigin ?? `http://${hostName}:${origins.cdnPort ?? origins.appPort}`;
  const separateCdn = origins.cdnPort !== undefined || options.cdnOrigin !== undefined;
  const site = createSite(options.site ?? {}, options.mediaOrigins ?? [], () => app.dir, () => hooks?.faults.configBody);
  // Made at the app's first request, when the CDN already listens: the policy widens to the
  // configured origins (media, the CDN, a catalog elsewhere), nothing more.
  let policies: AppPolicies | undefined;
  const currentPolicies = () => (policies ??= appPolicies([...(options.mediaOrigins ?? []), ...(separateCdn ? [cdnOrigin()] : []), ...site.origins]));
  const app = createAppRoute(options.appDir, currentPolicies);

  const answerCdn = (ownOrigin: boolean) =>
    cdnAnswer({
      media,
      check: (path, query) => checkSignature(secret, path, query, Math.floor(Date.now() / 1000), options.signing),
      ownOrigin,
      bytesPerSecond: hooks ? () => hooks.faults.throttleBytesPerSecond : () => options.throttleBytesPerSecond ?? 0,
      hooks,
    });
  const appRoutes: Route[] = [
    at('/api/session', session.answer),
    at('/api/catalog.json', catalogAnswer(media, artwork, hooks?.faults)),
    under(
      'media',
      mediaAnswer({
        media,
        sessions: session.sessions,
        sign: (path, expires) => signedQuery(options.signing ?? 'hmac', secret, path, expires).signature,
        signedUrlTtlSeconds: options.signedUrlTtlSeconds ?? 300,
        cdnBase: () => (separateCdn ? cdnOrigin() : ''),
        hooks,
      }),
    ),
    // With a CDN origin of its own, each origin serves only its own part.
    under('cdn', origins.cdnPort === undefined ? answerCdn(false) : (_req, res) => notFound(res)),
    ...mountRoutes(options.mounts ?? {}, currentPolicies),
    artworkRoute(artwork),
    captionsRoute(hooks),
    (req, res, url) => site.handle(req, res, url.pathname),
    app.route,
  ];
  origins.serve(routeRequests(appRoutes), routeRequests([under('cdn', answerCdn(true))]));
  await origins.listen();

  const server: EpisodeServer = {
    get origin() {
      return appOrigin();
    },
    get port() {
      return origins.appPort;
    },
    get cdnOrigin() {
      return cdnOrigin();
    },
    close: () => origins.stop(),
  };
  return { server, parts: { media, sessions: session.sessions, listen: () => origins.listen(), setAppDir: (dir) => app.setDir(dir) } };
}
