import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname, join } from 'node:path';
import { sendRevalidated } from './revalidated.ts';

/** A publisher's setup: their own feed or catalog, and the name the app carries. */
export interface SiteOptions {
  /** A file served from here (any format the app reads: its JSON, JSON Feed, RSS, Atom), or a URL elsewhere. */
  catalog?: string;
  name?: string;
  shortName?: string;
  themeColor?: string;
}

export interface Site {
  /** Origins the page must reach beyond its own and the media origins: a catalog elsewhere. */
  readonly origins: string[];
  /** Answers /config.json, the catalog file and the manifest; false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
}

const FEED_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
  '.xml': 'application/xml',
};

/**
 * The server's side of runtime configuration (README, Your catalog): config.json says where the
 * catalog is and what the site is called, and the manifest says the same to an installed app.
 * With no site options this server writes none: the build's own (dist/config.json, `{}`) is served.
 */
export function createSite(options: SiteOptions, mediaOrigins: readonly string[], appDir: () => string | undefined, configBody: () => string | undefined): Site {
  const remote = options.catalog && /^https?:\/\//.test(options.catalog) ? new URL(options.catalog) : undefined;
  const file = options.catalog && !remote ? options.catalog : undefined;
  const catalogPath = file ? `/catalog/${encodeURIComponent(basename(file))}` : undefined;
  const configured = options.catalog !== undefined || options.name !== undefined || options.themeColor !== undefined;
  const config = {
    ...(options.catalog ? { catalogUrl: catalogPath ?? remote?.href } : {}),
    ...(mediaOrigins.length ? { mediaOrigins } : {}),
    ...(options.name ? { name: options.name, shortName: options.shortName ?? options.name } : {}),
    ...(options.themeColor ? { themeColor: options.themeColor } : {}),
  };

  const send = (req: IncomingMessage, res: ServerResponse, type: string, body: string | Buffer) => sendRevalidated(req, res, body, { 'Content-Type': type });

  return {
    origins: remote ? [remote.origin] : [],
    async handle(req, res, path) {
      if (path === '/config.json') {
        const body = configBody() ?? (configured ? JSON.stringify(config, null, 2) : undefined);
        if (body === undefined) return false;
        await send(req, res, 'application/json', body);
        return true;
      }
      if (catalogPath && file && path === catalogPath) {
        await send(req, res, FEED_TYPES[extname(file).toLowerCase()] ?? 'text/plain; charset=utf-8', await readFile(file));
        return true;
      }
      const dir = appDir();
      if (path === '/manifest.webmanifest' && dir && (options.name || options.themeColor)) {
        const manifest = JSON.parse(await readFile(join(dir, 'manifest.webmanifest'), 'utf8')) as Record<string, unknown>;
        if (options.name) Object.assign(manifest, { name: options.name, short_name: options.shortName ?? options.name });
        if (options.themeColor) manifest.theme_color = options.themeColor;
        await send(req, res, 'application/manifest+json', JSON.stringify(manifest));
        return true;
      }
      return false;
    },
  };
}
