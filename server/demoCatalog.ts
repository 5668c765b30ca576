/** The demo episodes the server offers. Files live in server/media; `padTo` builds a large one at start-up. */
export interface DemoEpisode {
  id: string;
  title: string;
  description: string;
  durationSeconds: number;
  file: string;
  padTo?: number;
  /** A media file elsewhere on disk (the benchmark's long episodes); `file` still names the artwork. */
  path?: string;
  /** false: the catalog gives no SHA-256 for it (only the size is checked). */
  sha256?: false;
  /** Only for signed-in subscribers: the canonical URL answers 401 without a session. */
  subscribersOnly?: boolean;
  /** WebVTT files in server/captions, by language. */
  captions?: { lang: string; label: string; file: string }[];
}

/** The demo's subscriber (README, For publishers): sign in with these. */
export const DEMO_ACCOUNT = { email: 'viewer@example.com', password: 'offline-episodes' };

export const demoEpisodes: DemoEpisode[] = [
  {
    id: 'service-workers',
    title: 'Service workers from first principles',
    description: 'What a service worker is, how it intercepts requests, and why it outlives the tab.',
    durationSeconds: 20,
    file: 'ep1-service-workers.webm',
    captions: [
      { lang: 'en', label: 'English', file: 'ep1-service-workers.en.vtt' },
      { lang: 'es', label: 'Español', file: 'ep1-service-workers.es.vtt' },
    ],
  },
  {
    id: 'background-fetch',
    title: 'Background Fetch: downloads that survive the tab',
    description: 'Starting a download the browser finishes for you, and finding out which one it was.',
    durationSeconds: 20,
    file: 'ep2-background-fetch.webm',
    captions: [{ lang: 'en', label: 'English', file: 'ep2-background-fetch.en.vtt' }],
  },
  {
    id: 'offline-video',
    title: 'Offline video with range requests',
    description: 'Serving a cached episode to <video> with 206 responses, so seeking works offline.',
    durationSeconds: 20,
    file: 'ep3-offline-video.webm',
  },
  {
    id: 'long-download',
    title: 'The long download (48 MB)',
    description: 'A large episode, so progress, pausing networks and cancelling can be watched.',
    durationSeconds: 20,
    file: 'ep3-offline-video.webm',
    padTo: 48_000_000,
  },
];

/** Episodes for subscribers only (npm start serves them after the free ones). */
export const subscriberEpisodes: DemoEpisode[] = [
  {
    id: 'members-caching',
    title: 'Subscribers: caching strategies in depth',
    description: 'Cache-first, network-first and stale-while-revalidate, measured on a slow phone.',
    durationSeconds: 20,
    file: 'ep2-background-fetch.webm',
    subscribersOnly: true,
  },
  {
    id: 'members-long',
    title: 'Subscribers: the long workshop (32 MB)',
    description: 'A long subscriber episode: a session can run out while it downloads.',
    durationSeconds: 20,
    file: 'ep1-service-workers.webm',
    padTo: 32_000_000,
    subscribersOnly: true,
  },
];
