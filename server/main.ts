import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { demoEpisodes, subscriberEpisodes } from './demoCatalog.ts';
import { startEpisodeServer } from './episodeServer.ts';
import { parseByteRate } from './rate.ts';
import type { SigningScheme } from './signing.ts';

function signingScheme(value: string): SigningScheme {
  if (value === 'hmac' || value === 'nginx') return value;
  throw new Error(`--signing must be hmac or nginx, not ${value}`);
}

const { values } = parseArgs({
  options: {
    throttle: { type: 'string' },
    ttl: { type: 'string' },
    app: { type: 'string', default: 'dist' },
    'media-origin': { type: 'string', multiple: true, default: [] },
    // Signed media on a CDN origin of its own (another port is another origin).
    'cdn-port': { type: 'string' },
    // A CDN served by something else (deploy/nginx.conf): redirect there, signed its way.
    'cdn-origin': { type: 'string' },
    signing: { type: 'string', default: 'hmac' },
    // The publisher's own catalog (a feed file or URL) and name, served as config.json.
    catalog: { type: 'string' },
    name: { type: 'string' },
    'short-name': { type: 'string' },
    'theme-color': { type: 'string' },
    // Sign media links with a random secret made for this process (npm start): links die with it.
    demo: { type: 'boolean', default: false },
    // Behind deploy/nginx.conf: the client's address for sign-in limits is its X-Real-IP.
    'trust-proxy': { type: 'boolean', default: false },
  },
});

const secret = process.env.MEDIA_SIGNING_SECRET;
if (!secret && !values.demo) {
  console.error(
    'MEDIA_SIGNING_SECRET is not set: without it nobody can check who signed a media link.\n' +
      'Set it to a long random value (the same one the CDN checks, e.g. deploy/nginx.conf\'s secure_link_md5):\n' +
      '  MEDIA_SIGNING_SECRET="$(openssl rand -base64 32)" npm run serve\n' +
      'or pass --demo to sign with a throwaway random secret for this run only (npm start does).',
  );
  process.exit(1);
}

const server = await startEpisodeServer({
  port: Number(process.env.PORT ?? 8080),
  host: process.env.HOST ?? '127.0.0.1',
  appDir: resolve(values.app),
  episodes: [...demoEpisodes, ...subscriberEpisodes],
  // Each demo episode in 360p, 720p and 1080p too (made once per machine with ffmpeg).
  renditions: true,
  throttleBytesPerSecond: values.throttle ? parseByteRate(values.throttle) : 0,
  signedUrlTtlSeconds: values.ttl ? Number(values.ttl) : undefined,
  ...(secret ? { secret } : { demo: true }),
  mediaOrigins: values['media-origin'],
  cdnPort: values['cdn-port'] === undefined ? undefined : Number(values['cdn-port']),
  cdnOrigin: values['cdn-origin'],
  signing: signingScheme(values.signing),
  trustProxy: values['trust-proxy'],
  site: { catalog: values.catalog, name: values.name, shortName: values['short-name'], themeColor: values['theme-color'] },
});
console.log(secret ? 'Media links signed with MEDIA_SIGNING_SECRET' : 'Demo mode: media links signed with a random secret made for this run (set MEDIA_SIGNING_SECRET to keep one)');
console.log(`Offline Episodes: ${server.origin}/`);
if (server.cdnOrigin !== server.origin) console.log(`Media CDN: ${server.cdnOrigin}/cdn/`);
if (values.catalog) console.log(`Catalog: ${values.catalog} (config.json)`);
if (values.throttle) console.log(`Media throttled to ${values.throttle}/s`);
