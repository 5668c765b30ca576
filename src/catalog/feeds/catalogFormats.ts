import { CatalogError, catalogEntries, MAX_EPISODES, type EntrySource } from '../../core/catalog.ts';
import { isJsonFeed, jsonFeedSource } from './jsonFeed.ts';
import type { HtmlParser } from './feedText.ts';

export interface CatalogDocument {
  entries: readonly unknown[];
  source?: EntrySource;
}

export interface FormatReaders {
  /** Reads RSS and Atom (xmlFeeds.ts); the page has it (DOMParser), the service worker does not. */
  xml?: (text: string) => CatalogDocument;
  htmlText: HtmlParser;
}

/**
 * What a catalog's text is, told by its content (a URL or a Content-Type says little: feeds are
 * served as text/xml, application/octet-stream, text/plain): the app's JSON, JSON Feed, RSS, Atom.
 */
export function readCatalogDocument(text: string, readers: FormatReaders): CatalogDocument {
  const document = readAnyFormat(text, readers);
  // A feed is held to the app's own limit, so the work a catalog can ask for is bounded.
  if (document.entries.length > MAX_EPISODES) throw new CatalogError(`it has more than ${MAX_EPISODES} items`);
  return document;
}

function readAnyFormat(text: string, readers: FormatReaders): CatalogDocument {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) {
    if (!readers.xml) throw new CatalogError('it is an XML feed, which is read when the app is open');
    return readers.xml(start);
  }
  let document: unknown;
  try {
    document = JSON.parse(start);
  } catch {
    throw new CatalogError(start.startsWith('{') || start.startsWith('[') ? 'it is not valid JSON' : 'it is not JSON, RSS or Atom');
  }
  if (isJsonFeed(document)) return { entries: document.items, source: jsonFeedSource(document, readers.htmlText) };
  return { entries: catalogEntries(document) };
}
