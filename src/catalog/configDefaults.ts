import { DEFAULT_CATALOG_PATH } from '../core/cacheNames.ts';
import type { CatalogConfig } from './configTypes.ts';

/** The publisher's settings file, beside index.html (the worker's scope); the build's is `{}` (public/). */
export const CONFIG_FILE = 'config.json';

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
