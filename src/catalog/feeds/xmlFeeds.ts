import { CatalogError, type Caption, type EntrySource } from '../../core/catalog.ts';
import { feedEntry, itemLabel, type FeedItem } from './feedEntry.ts';
import { browserHtmlText, clip, languageLabel, MAX_DESCRIPTION, MAX_TITLE, parseCount, parseDuration, plainText, playableType } from './feedText.ts';

const NAMESPACES: Record<string, string> = {
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  media: 'http://search.yahoo.com/mrss/',
  podcast: 'https://podcastindex.org/namespace/1.0',
  content: 'http://purl.org/rss/1.0/modules/content/',
  atom: 'http://www.w3.org/2005/Atom',
};

export interface XmlFeed {
  format: 'rss' | 'atom';
  entries: Element[];
  source: EntrySource;
}

/**
 * An RSS 2.0 (with the iTunes, Media RSS and Podcasting 2.0 tags) or Atom feed, read with the
 * browser's XML parser. Items are turned into entries only when checked, a slice at a time.
 */
export function readXmlFeed(text: string): XmlFeed {
  const document = parseXml(text);
  const root = document.documentElement;
  if (root.localName === 'rss') {
    const channel = first(root, '', 'channel');
    if (!channel) throw new CatalogError('it is an RSS feed without a channel');
    return { format: 'rss', entries: all(channel, '', 'item'), source: rssSource(channel) };
  }
  if (root.localName === 'feed' && root.namespaceURI === NAMESPACES.atom) {
    return { format: 'atom', entries: all(root, 'atom', 'entry'), source: atomSource(root) };
  }
  throw new CatalogError(`it is XML but neither RSS nor Atom (<${root.localName}>)`);
}

function parseXml(text: string): Document {
  const parsed = tryParse(text);
  if (parsed) return parsed;
  // Real feeds use HTML's named entities (&nbsp;, &hellip;) that XML does not know: spell them
  // as numbers and try once more.
  const repaired = tryParse(text.replace(/&([a-z][a-z0-9]{1,31});/gi, (entity, name: string) => (XML_ENTITIES.has(name) ? entity : numericEntity(entity))));
  if (repaired) return repaired;
  throw new CatalogError('it is not well-formed XML');
}

function tryParse(text: string): Document | undefined {
  try {
    const document = new DOMParser().parseFromString(text, 'application/xml');
    return document.getElementsByTagNameNS('*', 'parsererror').length ? undefined : document;
  } catch {
    return undefined;
  }
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function numericEntity(entity: string): string {
  const character = new DOMParser().parseFromString(`<p>${entity}</p>`, 'text/html').body.textContent ?? '';
  return character && character !== entity ? `&#${character.codePointAt(0)};` : '';
}

/** The children named `prefix:local`, by namespace, or by the usual prefix where a feed got the namespace wrong. */
function all(parent: Element, prefix: string, local: string): Element[] {
  return Array.from(parent.children).filter((child) => child.localName === local && inNamespace(child, prefix));
}

function inNamespace(element: Element, prefix: string): boolean {
  if (prefix === '') return element.namespaceURI === null;
  return element.namespaceURI === NAMESPACES[prefix] || element.prefix === prefix || (prefix === 'media' && !!element.namespaceURI?.startsWith('http://search.yahoo.com/mrss'));
}

function first(parent: Element | undefined, prefix: string, local: string): Element | undefined {
  return parent ? all(parent, prefix, local)[0] : undefined;
}

const textOf = (element: Element | undefined): string => element?.textContent?.trim() ?? '';
const attribute = (element: Element | undefined, name: string): string => element?.getAttribute(name)?.trim() ?? '';

/** Media RSS content, directly in the item or in its media:group. */
function mediaContents(item: Element): Element[] {
  return [...all(item, 'media', 'content'), ...all(item, 'media', 'group').flatMap((group) => all(group, 'media', 'content'))];
}

function mediaThumbnail(item: Element): string {
  const places = [item, ...all(item, 'media', 'group'), ...mediaContents(item)];
  for (const place of places) {
    const url = attribute(first(place, 'media', 'thumbnail'), 'url');
    if (url) return url;
  }
  return '';
}

/** The first enclosure the player can play: `<enclosure>`, else Media RSS `<media:content>`. */
function rssMedia(item: Element): { url: string; type: string | undefined; length: string; duration: string } | undefined {
  for (const enclosure of all(item, '', 'enclosure')) {
    const url = attribute(enclosure, 'url');
    const type = playableType(attribute(enclosure, 'type'), url);
    if (url && type !== undefined) return { url, type, length: attribute(enclosure, 'length'), duration: '' };
  }
  for (const content of mediaContents(item)) {
    const medium = attribute(content, 'medium');
    if (medium && medium !== 'audio' && medium !== 'video') continue; // an image, a document
    const url = attribute(content, 'url');
    const type = playableType(attribute(content, 'type'), url);
    if (url && type !== undefined) return { url, type, length: attribute(content, 'fileSize'), duration: attribute(content, 'duration') };
  }
  return undefined;
}

function transcripts(item: Element, feedLanguage: string): Caption[] {
  return all(item, 'podcast', 'transcript')
    .filter((transcript) => attribute(transcript, 'type').toLowerCase() === 'text/vtt' && attribute(transcript, 'url'))
    .map((transcript) => {
      const lang = attribute(transcript, 'language') || feedLanguage || 'en';
      return { lang, label: languageLabel(lang), url: attribute(transcript, 'url') };
    });
}

function rssSource(channel: Element): EntrySource {
  const feedImage = attribute(first(channel, 'itunes', 'image'), 'href') || textOf(first(first(channel, '', 'image'), '', 'url'));
  const feedLanguage = textOf(first(channel, '', 'language'));
  const item = (element: Element): FeedItem => {
    const media = rssMedia(element);
    const description = textOf(first(element, '', 'description')) || textOf(first(element, 'itunes', 'summary')) || textOf(first(element, 'content', 'encoded'));
    return {
      key: textOf(first(element, '', 'guid')) || undefined,
      title: plainText(textOf(first(element, '', 'title')) || textOf(first(element, 'itunes', 'title')), browserHtmlText, MAX_TITLE),
      description: plainText(description, browserHtmlText, MAX_DESCRIPTION),
      durationSeconds: parseDuration(textOf(first(element, 'itunes', 'duration')) || media?.duration),
      bytes: parseCount(media?.length) || undefined,
      mediaUrl: media?.url,
      mediaType: media?.type,
      artworkUrl: attribute(first(element, 'itunes', 'image'), 'href') || mediaThumbnail(element) || feedImage || undefined,
      captions: transcripts(element, feedLanguage),
      season: parseCount(textOf(first(element, 'itunes', 'season')) || undefined),
      episodeNumber: parseCount(textOf(first(element, 'itunes', 'episode')) || undefined),
    };
  };
  return xmlSource(item, (element) => textOf(first(element, '', 'title')));
}

function atomSource(feed: Element): EntrySource {
  const feedImage = textOf(first(feed, 'atom', 'logo')) || textOf(first(feed, 'atom', 'icon')) || attribute(first(feed, 'itunes', 'image'), 'href');
  const feedLanguage = feed.getAttribute('xml:lang') ?? '';
  const item = (entry: Element): FeedItem => {
    const enclosure = all(entry, 'atom', 'link').find(
      (link) => attribute(link, 'rel') === 'enclosure' && attribute(link, 'href') && playableType(attribute(link, 'type'), attribute(link, 'href')) !== undefined,
    );
    const url = attribute(enclosure, 'href');
    return {
      key: textOf(first(entry, 'atom', 'id')) || undefined,
      title: plainText(textOf(first(entry, 'atom', 'title')), browserHtmlText, MAX_TITLE),
      description: plainText(textOf(first(entry, 'atom', 'summary')) || textOf(first(entry, 'atom', 'content')), browserHtmlText, MAX_DESCRIPTION),
      durationSeconds: parseDuration(textOf(first(entry, 'itunes', 'duration')) || attribute(mediaContents(entry)[0], 'duration')),
      bytes: parseCount(attribute(enclosure, 'length')) || undefined,
      mediaUrl: url || undefined,
      mediaType: enclosure ? playableType(attribute(enclosure, 'type'), url) : undefined,
      artworkUrl: mediaThumbnail(entry) || attribute(first(entry, 'itunes', 'image'), 'href') || feedImage || undefined,
      captions: transcripts(entry, feedLanguage),
    };
  };
  return xmlSource(item, (entry) => textOf(first(entry, 'atom', 'title')));
}

function xmlSource(item: (element: Element) => FeedItem, title: (element: Element) => string): EntrySource {
  return {
    toEntry: (raw) => feedEntry(item(raw as Element)),
    label: (raw, index) => itemLabel(index, clip(title(raw as Element), 60)),
    duplicate: () => 'its guid is used by an earlier item (the first is kept)',
  };
}
