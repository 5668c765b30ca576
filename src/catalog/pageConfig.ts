// The page's side of config.json: its memory of the last good one (localStorage), the
// publisher's name and colour on the document, and the publisher's words. Page only: the worker
// has none of them.
import { CONFIG_FILE } from './configDefaults.ts';
import { readConfigResponse } from './configReader.ts';
import { t } from '../i18n/translate.ts';
import { applyPalette, paletteFor } from '../ui/palette.ts';
import type { AppConfig, ConfigMemory, LoadedConfig } from './configTypes.ts';
import type { Words } from './messagesFile.ts';

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

/**
 * config.json read against the page's memory, and shown (showConfig); its words, if it has any,
 * in use before this resolves (so before the first render), once `worded` (the start's catalog)
 * is. A notice says what was ignored or could not be loaded.
 */
export async function readPageConfig(fetched: Promise<Response>, base: string, worded?: Promise<unknown>): Promise<LoadedConfig> {
  const loaded = showConfig(await readConfigResponse(fetched, base, pageConfigMemory, worded));
  const { messages } = loaded.config;
  if (messages === undefined) return loaded;
  const file = typeof messages === 'string' ? messages : CONFIG_FILE;
  const [words, language] = await Promise.all([
    // A file of them: its reading is a chunk of its own (most sites have none).
    typeof messages === 'string' ? import('./messagesFile.ts').then((file) => file.fetchWords(messages, new URL(CONFIG_FILE, base).href)) : ({ json: messages } as Words),
    // Already loading (main.tsx): the same chunk, so the check adds nothing to the entry.
    import('../i18n/language.ts'),
    worded?.catch(() => undefined),
  ]);
  const ignored = words.json === undefined ? [] : await language.usePublisherWords(words.json);
  const notices = [loaded.notice, words.notice?.()];
  if (ignored.length > 0) notices.push(t('notice.messagesIgnored', { count: ignored.length, file, ids: ignored.join(', ') }));
  return { ...loaded, notice: notices.filter(Boolean).join(' ') || undefined };
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
