import { DEFAULT_CATALOG_PATH } from '../core/cacheNames.ts';

/** Where the catalog comes from, and which other origins its media may use: fixed at build time. */
export interface CatalogConfig {
  catalogUrl: string;
  /** Origins other than the app's and the catalog's that media may come from. */
  mediaOrigins: readonly string[];
}

/** The build's catalog settings (VITE_CATALOG_URL, VITE_MEDIA_ORIGINS), resolved against `base`. */
export function configuredCatalog(base: string): CatalogConfig {
  return {
    catalogUrl: new URL(import.meta.env.VITE_CATALOG_URL ?? DEFAULT_CATALOG_PATH, base).href,
    mediaOrigins: (import.meta.env.VITE_MEDIA_ORIGINS ?? '')
      .split(',')
      .filter(Boolean)
      .map((origin) => new URL(origin).origin),
  };
}
