// Reads and checks config.json: no page or worker globals, so the page (pageConfig.ts) and the
// worker (periodic sync) share it, each with its own memory or none.
import { CONFIG_FILE, configuredCatalog } from './configDefaults.ts';
import type { AppConfig, CatalogConfig, ConfigMemory, LoadedConfig } from './configTypes.ts';
import { t } from '../i18n/translate.ts';

/**
 * Reads config.json (one build serves any site: the publisher edits a file, not the build).
 * Missing (404) means the build's settings (with a notice if the site had one before). Broken
 * means the last good settings (else the build's), with a notice, so a typo never swaps or blanks
 * the library. Unreachable (offline, nothing kept by the worker) means the last good settings,
 * silently. A notice is worded once `worded` resolves (the page's catalog, loading meanwhile).
 */
export async function readConfigResponse(fetched: Promise<Response>, base: string, memory?: ConfigMemory, worded?: Promise<unknown>): Promise<LoadedConfig> {
  const url = new URL(CONFIG_FILE, base).href;
  const defaults = configuredCatalog(base);
  const lastGood = () => memory?.get() ?? defaults;
  let response: Response;
  try {
    response = await fetched;
  } catch {
    return { config: lastGood() };
  }
  if (response.status === 404) {
    // A site without one is silent; one that had a config.json and lost it says so.
    const hadOne = memory?.get() !== undefined;
    memory?.set(undefined);
    if (!hadOne) return { config: defaults };
    await worded?.catch(() => undefined);
    return { config: defaults, notice: t('notice.configGone', { file: CONFIG_FILE }) };
  }
  try {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const config = readAppConfig(await response.json(), url, defaults);
    memory?.set(config);
    return { config };
  } catch (error) {
    await worded?.catch(() => undefined);
    // A field's own error stays in English: it names the field, for the publisher.
    const why = error instanceof SyntaxError ? t('notice.notJson') : error instanceof Error ? error.message : String(error);
    const kept = memory?.get();
    return { config: kept ?? defaults, notice: t('notice.configBroken', { file: CONFIG_FILE, why, kept: kept ? 'yes' : 'no' }) };
  }
}

/** The fields of config.json, each checked; anything wrong throws with the field's name. */
export function readAppConfig(json: unknown, url: string, defaults: CatalogConfig): AppConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not a JSON object');
  const { catalogUrl, mediaOrigins, messages, name, shortName, themeColor } = json as Record<string, unknown>;
  const web = (value: unknown, field: string): URL => {
    const parsed = typeof value === 'string' && URL.canParse(value, url) ? new URL(value, url) : undefined;
    if (!parsed || !/^https?:$/.test(parsed.protocol)) throw new Error(`${field} is not an http(s) URL`);
    return parsed;
  };
  const text = (value: unknown, field: string): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !value.trim() || value.length > 60) throw new Error(`${field} is not a short text`);
    return value.trim();
  };
  if (mediaOrigins !== undefined && !Array.isArray(mediaOrigins)) throw new Error('mediaOrigins is not a list');
  if (themeColor !== undefined && !(typeof themeColor === 'string' && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(themeColor))) {
    throw new Error('themeColor is not a #rgb or #rrggbb colour');
  }
  return {
    catalogUrl: catalogUrl === undefined ? defaults.catalogUrl : web(catalogUrl, 'catalogUrl').href,
    mediaOrigins: mediaOrigins?.map((origin) => web(origin, 'mediaOrigins').origin) ?? defaults.mediaOrigins,
    name: text(name, 'name'),
    shortName: text(shortName, 'shortName'),
    themeColor,
    messages,
  };
}
