// The page's language: chosen at start (the viewer's setting, else the browser's languages),
// loaded as its catalog's chunk, shown in <html lang dir>, and handed to the worker (IndexedDB).
// A change re-renders every component that called `t`, with no reload. A chunk of its own with the
// formatter, preloaded with the entry (vite.config.ts): the entry carries only `t`.
import { signal } from '@preact/signals';
import type { AppDB } from '../core/db.ts';
import { CATALOGS, SHIPPED } from './catalogs.ts';
import { directionOf, matchLocale } from './locales.ts';
import { formatMessage, type MessageArgs } from './format.ts';
import { withPublisherWords, type PublisherWords } from './publisherWords.ts';
import { active } from './translate.ts';
import type { Messages } from './types.ts';
import { LANGUAGE_KEY, MESSAGES_CACHE, readLanguage, workerSubset, type LanguageRecord } from './workerMessages.ts';

/** The language shown and the viewer's choice (undefined: the browser's languages decide). */
export const language = signal<{ locale: string; choice?: string }>({ locale: 'en' });

let database: Promise<AppDB>;
/** The catalog in use as shipped, and the publisher's checked words laid over it (config.json). */
let catalog: Messages | undefined;
let publisher: PublisherWords = {};
/** The worker's record as last read or written: an unchanged one is not written again. */
let written: string | undefined;

/** The browser's languages, as matched against those shipped. */
export const browserLocale = () => matchLocale(navigator.languages, SHIPPED);

/**
 * At start: the browser's language's catalog is asked for at once, with the database; the
 * viewer's choice, once read, replaces it if it differs. Resolves when the catalog is in use.
 */
export async function startLanguage(db: Promise<AppDB>): Promise<void> {
  database = db;
  const guess = browserLocale();
  const early = catalogOf(guess);
  const stored = await db.then(readLanguage).catch(() => undefined);
  const choice = stored?.choice;
  const locale = choice === undefined ? guess : matchLocale([choice], SHIPPED);
  written = JSON.stringify(stored);
  // Offline with a language never kept (a first visit's, before the worker): English, precached.
  const [shown, messages] = await (locale === guess ? early : catalogOf(locale)).catch(() => catalogOf('en'));
  use(shown, choice, messages);
}

/**
 * config.json's `messages` (the object of languages, inline or fetched): checked against the
 * catalog in use, then shown in place of the catalog's words from now on, in this language and
 * any chosen later. Resolves with what was ignored, for the notice. Called once the start's
 * catalog is in use (pageConfig.ts waits for it), before the first render. The check is a chunk
 * of its own: only a site with words of its own loads it.
 */
export async function usePublisherWords(json: unknown): Promise<string[]> {
  const { checkPublisherWords } = await import('./publisherCheck.ts');
  if (!catalog) return [];
  const { words, ignored } = checkPublisherWords(json, catalog, SHIPPED);
  publisher = words;
  use(language.value.locale, language.value.choice, catalog);
  return ignored;
}

/**
 * The setting: a language, or undefined for the browser's. Kept for the next start and the
 * worker. Offline, a language never kept cannot load: the one shown stays (and the setting with it).
 */
export async function chooseLanguage(choice: string | undefined): Promise<void> {
  const locale = choice ?? browserLocale();
  const [shown, messages] = await catalogOf(locale);
  use(shown, choice, messages);
}

/** A language's catalog, kept for offline starts once loaded. */
async function catalogOf(locale: string): Promise<[string, Messages]> {
  const messages = await CATALOGS[locale]!();
  if (locale !== 'en') keepForOffline(locale);
  return [locale, messages];
}

/**
 * The worker keeps the catalog it serves (sw/appShellRoutes.ts), but a first visit's was loaded
 * before the worker: the page keeps it, once, and lets go of that language's earlier versions.
 */
function keepForOffline(locale: string): void {
  const name = `/messages-${locale}-`;
  const url = performance.getEntriesByType('resource').find((entry) => entry.name.includes(name))?.name;
  if (!url || !('caches' in self)) return;
  void caches
    .open(MESSAGES_CACHE)
    .then(async (cache) => {
      for (const key of await cache.keys()) if (key.url.includes(name) && key.url !== url) await cache.delete(key);
      if (!(await cache.match(url))) await cache.add(url);
    })
    .catch(() => undefined);
}

function use(locale: string, choice: string | undefined, shipped: Messages): void {
  catalog = shipped;
  const messages = withPublisherWords(shipped, locale, publisher);
  // The signal read subscribes the component that formats (then re-rendered by a change). Its
  // value is used: a read for its effect alone is dropped by the minifier (pure_getters).
  Object.assign(active, { locale, messages, format: (message: string, args: MessageArgs | undefined) => formatMessage(message, args, language.value.locale) });
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
  language.value = { locale, choice };
  // The worker's words follow, the publisher's included (a failed write leaves it the last
  // language, or English); an unchanged record is not written again, so a start costs no write.
  const record: LanguageRecord = { choice, locale, worker: workerSubset(messages) };
  if (JSON.stringify(record) === written) return;
  written = JSON.stringify(record);
  void database
    .then((db) => db.put('preferences', record, LANGUAGE_KEY))
    .catch((error: unknown) => console.warn('[i18n] the worker keeps its last language', error));
}
