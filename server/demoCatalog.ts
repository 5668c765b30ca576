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
  /** WebVTT files in server/captions, by language. */
  captions?: { lang: string; label: string; file: string }[];
}

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
    padTo: 48 * 1024 * 1024,
  },
];
