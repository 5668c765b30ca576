import { EventEmitter } from 'node:events';
import { applyBodyFaults } from './bodyFaults.ts';
import { startEpisodeServerWithHooks, type EpisodeServer, type EpisodeServerOptions, type SigningSecret } from './episodeServer.ts';
import { servedFile, type MediaFile } from './mediaFiles.ts';
import type { Faults, MediaRequestLog, ServerHooks } from './serverHooks.ts';

export type { Faults, MediaRequestLog } from './serverHooks.ts';

/**
 * The episode server as the tests and the benchmark run it: faults to turn, requests to read,
 * outages and deploys to stage. `npm start` (main.ts) installs none of this.
 */
export interface TestServer extends EpisodeServer {
  readonly faults: Faults;
  /** The last requests for `/media/…` and `/cdn/…` (at most `logLimit`). */
  readonly mediaRequests: MediaRequestLog[];
  /** Paths of the last caption files asked for (at most `logLimit`). */
  readonly captionRequests: string[];
  /** Stops listening and drops every open connection, as a crashed server would. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** An episode's file (or a rendition's, by its name: `service-workers.360p.mp4`). */
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

export interface TestServerOptions extends EpisodeServerOptions {
  /** Entries each request log keeps, the oldest dropped first: by default far more than a test makes, so a long benchmark stays bounded. */
  logLimit?: number;
}

export async function startTestServer(options: TestServerOptions & SigningSecret): Promise<TestServer> {
  const faults: Faults = { throttleBytesPerSecond: options.throttleBytesPerSecond ?? 0, advertisedBytes: {}, body: {}, cdnCors: true };
  const mediaRequests: MediaRequestLog[] = [];
  const captionRequests: string[] = [];
  const keepLast = <T>(log: T[], entry: T) => {
    log.push(entry);
    if (log.length > (options.logLimit ?? 10_000)) log.shift();
  };
  const finished = new EventEmitter();
  const finishedIds = new Set<string>();
  let openBodies = 0;
  const hooks: ServerHooks = {
    faults,
    mediaRequested: (entry) => keepLast(mediaRequests, entry),
    captionRequested: (path) => keepLast(captionRequests, path),
    alterBody: (episodeId, start, source) => applyBodyFaults(source, start, faults.body[episodeId] ?? {}),
    bodyOpened: () => (openBodies += 1),
    bodyClosed: () => (openBodies -= 1),
    lastByteSent: (episodeId) => {
      finishedIds.add(episodeId);
      finished.emit(episodeId);
    },
  };
  const { server, parts } = await startEpisodeServerWithHooks(options, hooks);
  const mediaFile = (episodeId: string): MediaFile => {
    const file = servedFile(parts.media, episodeId);
    if (!file) throw new Error(`No episode ${episodeId}`);
    return file;
  };

  return {
    get origin() {
      return server.origin;
    },
    get port() {
      return server.port;
    },
    get cdnOrigin() {
      return server.cdnOrigin;
    },
    close: () => server.close(),
    faults,
    mediaRequests,
    captionRequests,
    down: () => server.close(),
    up: () => parts.listen(),
    mediaPath: (episodeId) => mediaFile(episodeId).path,
    mediaSize: (episodeId) => mediaFile(episodeId).size,
    setAppDir: (dir) => parts.setAppDir(dir),
    expireSessions: () => parts.sessions.expireAll(),
    mediaFinished: (episodeId) => (finishedIds.has(episodeId) ? Promise.resolve() : new Promise((resolve) => finished.once(episodeId, () => resolve()))),
    openMediaBodies: () => openBodies,
  };
}
