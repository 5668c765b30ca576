import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** The origins one server answers on: the app's, and with a port for it, a CDN's of its own. */
export interface Origins {
  readonly appPort: number;
  /** undefined without a CDN origin of its own. */
  readonly cdnPort: number | undefined;
  /** Sets what answers each origin's requests (before the first listen). */
  serve(app: RequestListener, cdn?: RequestListener): void;
  /** Listens on the ports given (0: any free one), the same ones again after a stop. */
  listen(): Promise<void>;
  /** Stops listening and drops every open connection, as a crashed server would. */
  stop(): Promise<void>;
}

/**
 * The CDN listens first: its origin (its port) is in the app's policy, known before the app answers.
 * Down and up together: the site's outage takes its CDN's links with it.
 */
export function createOrigins(host: string, ports: { app: number; cdn?: number }): Origins {
  const sockets = new Set<Socket>();
  const track = (server: Server) =>
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  const app = { server: track(createServer()), port: ports.app };
  const cdn = ports.cdn === undefined ? undefined : { server: track(createServer()), port: ports.cdn };
  const stopOne = (server: Server) =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  return {
    get appPort() {
      return app.port;
    },
    get cdnPort() {
      return cdn?.port;
    },
    serve(appListener, cdnListener) {
      app.server.on('request', appListener);
      if (cdn && cdnListener) cdn.server.on('request', cdnListener);
    },
    async listen() {
      if (cdn) cdn.port = await listenOn(cdn.server, host, cdn.port);
      app.port = await listenOn(app.server, host, app.port);
    },
    async stop() {
      await Promise.all([app.server, ...(cdn ? [cdn.server] : [])].map(stopOne));
    },
  };
}

/** Listens on `wanted` (0: any free port); resolves with the port it got. */
function listenOn(server: Server, host: string, wanted: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wanted, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(address && typeof address === 'object' ? address.port : wanted);
    });
  });
}
