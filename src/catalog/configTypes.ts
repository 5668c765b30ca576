/** Where the catalog comes from, and which other origins its media may use. */
export interface CatalogConfig {
  catalogUrl: string;
  /** Origins other than the app's and the catalog's that media may come from. */
  mediaOrigins: readonly string[];
}

/** The publisher's settings: config.json beside index.html, over the build's defaults. */
export interface AppConfig extends CatalogConfig {
  name?: string;
  shortName?: string;
  themeColor?: string;
  /**
   * The publisher's words: `{ "de": { "card.download": "…" } }`, or the URL of a file of them
   * (resolved against config.json). Kept as given: the page checks each message (pageConfig.ts,
   * publisherMessages.ts), so one bad message costs only itself, and the worker carries no check.
   */
  messages?: unknown;
}

/** Where the last config.json that was read whole is kept: the page's is pageConfig.ts; the worker keeps none. */
export interface ConfigMemory {
  get(): AppConfig | undefined;
  set(config: AppConfig | undefined): void;
}

export interface LoadedConfig {
  config: AppConfig;
  /** Set when config.json was there but broken: what the viewer is told. */
  notice?: string;
}
