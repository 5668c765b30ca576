// The page's side of config.json: its memory of the last good one (localStorage) and the
// publisher's name and colour on the document. Page only: the worker has neither.
import { readConfigResponse } from './configReader.ts';
import { applyPalette, paletteFor } from '../ui/palette.ts';
import type { AppConfig, ConfigMemory, LoadedConfig } from './configTypes.ts';

const MEMORY_KEY = 'offline-episodes:config';

/** The page's memory of the last good config.json. */
const pageConfigMemory: ConfigMemory = {
  get() {
    try {
      const kept = JSON.parse(localStorage.getItem(MEMORY_KEY) ?? 'null') as AppConfig | null;
      return kept && typeof kept.catalogUrl === 'string' && Array.isArray(kept.mediaOrigins) ? kept : undefined;
    } catch {
      return undefined;
    }
  },
  set(config) {
    if (config) localStorage.setItem(MEMORY_KEY, JSON.stringify(config));
    else localStorage.removeItem(MEMORY_KEY);
  },
};

/** config.json read against the page's memory, and shown (showConfig). */
export async function readPageConfig(fetched: Promise<Response>, base: string, worded?: Promise<unknown>): Promise<LoadedConfig> {
  return showConfig(await readConfigResponse(fetched, base, pageConfigMemory, worded));
}

/** The publisher's name and colour on the page (the manifest carries them for an installed app). */
function showConfig<T extends { config: AppConfig }>(loaded: T): T {
  const { name, themeColor } = loaded.config;
  if (name) document.title = name;
  if (themeColor) {
    document.querySelector('meta[name="theme-color"]')?.setAttribute('content', themeColor);
    applyPalette(document.documentElement, paletteFor(themeColor));
  }
  return loaded;
}
