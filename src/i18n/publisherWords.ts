// The publisher's words (config.json's `messages`) laid over each language's catalog: in the
// language chunk, as the catalog in use changes. Their check is a chunk of its own
// (publisherCheck.ts), loaded only by a site that has some. No DOM: unit-tested as is.
import type { Messages } from './types.ts';

/** Accepted texts by the language they were given for ("de", "pt", "pt-BR"), as config.json spells it. */
export type PublisherWords = Readonly<Record<string, Partial<Messages>>>;

/**
 * Whether a language given in config.json applies to a shipped locale: the same tag, or the bare
 * language of a regional one ("pt" → pt-BR). A region the app does not ship ("pt-PT", "en-GB")
 * applies to none: a region's words are not another region's.
 */
export function appliesTo(given: string, locale: string): boolean {
  const wanted = given.toLowerCase();
  const shipped = locale.toLowerCase();
  return wanted === shipped || wanted === shipped.split('-')[0];
}

/** The catalog with the publisher's words for its locale: a bare language's first, then the exact tag's. */
export function withPublisherWords(catalog: Messages, locale: string, words: PublisherWords): Messages {
  const given = Object.keys(words)
    .filter((key) => appliesTo(key, locale))
    .sort((a, b) => a.length - b.length);
  return Object.assign({}, catalog, ...given.map((key) => words[key]));
}
