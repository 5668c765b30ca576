// The worker's words in the viewer's language: the worker cannot import() a catalog, so the page
// keeps the `sw.*` messages of its language in IndexedDB (with the viewer's choice), and the
// worker reads them before it writes to the browser's download UI. No DOM: the worker imports it.
import type { AppDB } from '../core/db.ts';
import { setMessages } from './translate.ts';
import type { MessageId, Messages } from './types.ts';
import { workerEnglish } from './workerEnglish.ts';

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

/**
 * In the worker: the page's language and its `sw.*` messages, English for any it lacks (or
 * before any page chose). Only strings under `sw.` are taken from the record.
 */
export async function useWorkerLanguage(db: AppDB): Promise<void> {
  const record = await readLanguage(db).catch(() => undefined);
  const messages: Partial<Record<MessageId, string>> = { ...workerEnglish };
  for (const [id, text] of Object.entries(record?.worker ?? {})) {
    if (id in workerEnglish && typeof text === 'string') messages[id as MessageId] = text;
  }
  // A tag Intl would refuse (RangeError) is no reason to lose the notification.
  setMessages(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(record?.locale ?? '') ? record!.locale : 'en', messages);
}
