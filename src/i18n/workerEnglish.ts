// The `sw.*` messages in English: part of the English catalog (messages/en.ts spreads them in) and
// the worker's own fallback, without the rest of the catalog (the worker has no import()).
export const workerEnglish = {
  /** The browser's download UI once an episode is stored. */
  'sw.downloaded': 'Downloaded: {title}',
  'sw.failed': 'Download failed: {title}',
} as const;
