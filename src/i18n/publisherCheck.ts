// The publisher's words (config.json's `messages`), checked one message at a time against the
// catalog in use. A chunk of its own, loaded by language.ts only for a site that has some: neither
// the page entry nor most starts carry it, nor does the worker (it reads the page's words from
// IndexedDB). No DOM: unit-tested as is.
import { argumentNames } from './format.ts';
import { appliesTo, type PublisherWords } from './publisherWords.ts';
import type { MessageId, Messages } from './types.ts';

export interface CheckedWords {
  words: PublisherWords;
  /** What was ignored, for the notice: "card.download (de)", or a whole language ("it"), or "messages". */
  ignored: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every message checked on its own: an id the app does not have, a text that is not a string,
 * does not parse, or names other arguments than the app's text (every catalog has English's,
 * tests/unit/i18n/catalogs.test.ts, so the catalog in use is the reference) is ignored and
 * named; the rest is kept. A language no shipped locale takes is ignored whole.
 */
export function checkPublisherWords(json: unknown, reference: Messages, shipped: readonly string[]): CheckedWords {
  const words: Record<string, Partial<Messages>> = {};
  const ignored: string[] = [];
  if (!isObject(json)) return { words, ignored: ['messages'] };
  for (const [given, texts] of Object.entries(json)) {
    if (!isObject(texts) || !shipped.some((locale) => appliesTo(given, locale))) {
      ignored.push(given);
      continue;
    }
    const kept: Partial<Record<MessageId, string>> = {};
    for (const [id, text] of Object.entries(texts)) {
      const english = Object.hasOwn(reference, id) ? reference[id as MessageId] : undefined;
      // The worker fills in `{name}` itself (workerMessages.ts): its words take no plural or select.
      const ok = english !== undefined && typeof text === 'string' && wellFormed(text, id.startsWith('sw.')) && sameNames(text, english);
      if (ok) kept[id as MessageId] = text;
      else ignored.push(`${id} (${given})`);
    }
    words[given] = kept;
  }
  // The notice names them; the console says why, for the publisher.
  if (ignored.length > 0) console.warn('[i18n] config.json: ignored (an unknown id or language, not a string, not ICU MessageFormat, or other arguments than the app’s):', ignored);
  return { words, ignored };
}

function sameNames(text: string, english: string): boolean {
  return argumentNames(text).join() === argumentNames(english).join();
}

/**
 * Whether a text is ICU MessageFormat as the formatter reads it (format.ts), strictly: the
 * formatter itself never fails (a catalog is tested), so a publisher's text is parsed here first.
 * Arguments are `{name}`, or `{name, plural|select, key {…} … other {…}}` (`other` required; a
 * plural's keys are `=n` or a plural category); braces balance; `flat`: no plural or select.
 */
export function wellFormed(message: string, flat = false): boolean {
  let at = 0;
  const read = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const found = pattern.exec(message);
    if (found) at = pattern.lastIndex;
    return found?.[1];
  };
  // Text and arguments up to the `}` that closes a branch (inside one) or the end (outside).
  const nodes = (inside: boolean): boolean => {
    for (let char; (char = message[at]) !== undefined; at++) {
      if (char === '}') return inside;
      if (char === '{' && !argument()) return false;
    }
    return !inside;
  };
  // On `{`: leaves `at` on the argument's closing `}`.
  const argument = (): boolean => {
    at++;
    if (read(/\s*(\w+)\s*/y) === undefined) return false;
    if (message[at] === '}') return true;
    const kind = read(/,\s*(plural|select)\s*,/y);
    if (flat || kind === undefined) return false;
    const key = kind === 'plural' ? /\s*(=\d+|zero|one|two|few|many|other)\s*\{/y : /\s*(\w+)\s*\{/y;
    let other = false;
    for (let branch; (branch = read(key)) !== undefined; at++) {
      other ||= branch === 'other';
      if (!nodes(true)) return false;
    }
    read(/\s*()/y);
    return other && message[at] === '}';
  };
  return nodes(false);
}
