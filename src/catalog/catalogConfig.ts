import { DEFAULT_CATALOG_PATH } from '../core/cacheNames.ts';
import type { LoadedConfig } from './appConfig.ts';

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
}

export const CONFIG_FILE = 'config.json';

/**
 * Reads config.json, and meanwhile loads the code that checks it (a chunk of its own: the page
 * entry stays small, and the two arrive together). See appConfig.ts.
 */
export async function loadAppConfig(base: string): Promise<LoadedConfig> {
  const checking = import('./appConfig.ts');
  const response = fetch(new URL(CONFIG_FILE, base).href, { cache: 'no-cache' });
  response.catch(() => undefined); // read by the check
  const { readConfigResponse, showConfig, pageConfigMemory } = await checking;
  return showConfig(await readConfigResponse(response, base, pageConfigMemory));
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
