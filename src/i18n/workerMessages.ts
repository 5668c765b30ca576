// The worker's words in the viewer's language: the worker cannot import() a catalog, so the page
// keeps the `sw.*` messages of its language in IndexedDB (with the viewer's choice), and the
// worker reads them before it writes to the browser's download UI. No DOM: the worker imports it.
import type { AppDB } from '../core/db.ts';
import type { Messages } from './types.ts';
import { workerEnglish } from './workerEnglish.ts';

/**
 * Where a language's catalog chunk is kept for offline starts (the worker precaches only
 * English: a viewer downloads their language alone). Its chunks are named `messages-<locale>-*`.
 */
export const MESSAGES_CACHE = 'app-messages-v1';

/** The `preferences` store's key for the language record. */
export const LANGUAGE_KEY = 'language';

export interface LanguageRecord {
  /** The viewer's choice in the setting; undefined: the browser's languages decide. */
  choice?: string;
  /** The language in use, and its messages for the worker. */
  locale: string;
  worker: Partial<Messages>;
}

export function workerSubset(messages: Messages): Partial<Messages> {
  return Object.fromEntries(Object.entries(messages).filter(([id]) => id.startsWith('sw.')));
}

export async function readLanguage(db: AppDB): Promise<LanguageRecord | undefined> {
  const record = await db.get('preferences', LANGUAGE_KEY);
  return record && 'worker' in record ? record : undefined;
}

export type WorkerMessageId = keyof typeof workerEnglish;

/**
 * The worker's formatting: `{name}` arguments only. Its messages have no plural or select (the
 * catalogs' test holds every language to that), so the worker carries this line rather than
 * the formatter (README, Localization: its budget).
 */
export function fillArguments(message: string, args: Readonly<Record<string, string>>): string {
  // Each argument is the publisher's text (an episode's title): isolated (FSI … PDI), so an
  // English title in an Arabic sentence, or the reverse, keeps its own direction and the sentence's.
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (args[name] === undefined ? whole : `\u2068${args[name]}\u2069`));
}

/**
 * In the worker: the `sw.*` messages of the page's language, English for any it lacks (or
 * before any page chose). Only the worker's ids, as strings, are taken from the record.
 */
export async function workerMessages(db: AppDB): Promise<Record<WorkerMessageId, string>> {
  const record = await readLanguage(db).catch(() => undefined);
  const messages: Record<WorkerMessageId, string> = { ...workerEnglish };
  for (const [id, text] of Object.entries(record?.worker ?? {})) {
    if (id in workerEnglish && typeof text === 'string') messages[id as WorkerMessageId] = text;
  }
  return messages;
}
