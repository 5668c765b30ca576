import { CatalogError, type Caption, type EntrySource } from '../../core/catalog.ts';
import { feedEntry, itemLabel, type FeedItem, type FeedSource } from './feedEntry.ts';
import { splitFeed } from './feedSplitter.ts';
import { entityRepair } from './xmlEntities.ts';
import { browserHtmlText } from './browserHtmlText.ts';
import { clip, languageLabel, MAX_DESCRIPTION, MAX_TITLE, parseCount, parseDuration, parseKilobits, plainText, playableType, sourceType } from './feedText.ts';

const NAMESPACES: Record<string, string> = {
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  media: 'http://search.yahoo.com/mrss/',
  podcast: 'https://podcastindex.org/namespace/1.0',
  content: 'http://purl.org/rss/1.0/modules/content/',
  atom: 'http://www.w3.org/2005/Atom',
};

/** Items per slice: few enough that parsing and reading a slice stays well under a long task (50 ms). */
const FEED_SLICE = 250;
/** Text per slice, however few items that is: a slice of long items costs what one of usual ones does. */
const SLICE_CHARS = 128 * 1024;
/** An item longer than this is skipped unparsed (a long one with full show notes is ~50 kB). */
const MAX_ITEM_CHARS = 1024 * 1024;
/** The feed without its items (channel title, image, language) is parsed in one go: bounded. */
const MAX_OUTLINE_CHARS = 256 * 1024;

export interface XmlFeed {
  /** Each item's text: parsed when the check reaches it (feedSplitter.ts). */
  entries: string[];
  source: EntrySource;
}

/**
 * An RSS 2.0 (with the iTunes, Media RSS and Podcasting 2.0 tags) or Atom feed, read with the
 * browser's XML parser. Items are parsed and turned into entries only when checked, a slice at
 * a time; the rest of the feed is parsed at once (a document that is not well formed throws).
 * HTML's named entities are spelled as numbers first (xmlEntities.ts).
 */
export function readXmlFeed(text: string): XmlFeed {
  const split = splitFeed(text);
  // Entities are repaired part by part, as each is parsed: the work is spread over the slices.
  const repair = entityRepair();
  if (split.outline.length > MAX_OUTLINE_CHARS) throw new CatalogError(`it is larger than ${MAX_OUTLINE_CHARS / 1024} kB outside its items`);
  const root = parseXml(repair(split.outline)).documentElement;
  const tag = root.localName === 'rss' ? { prefix: '', local: 'item' } : { prefix: 'atom', local: 'entry' };
  const itemsIn = (wrapped: Document | undefined): Element[] => {
    const container = wrapped?.documentElement;
    return all(root.localName === 'rss' ? first(container, '', 'channel') : container, tag.prefix, tag.local);
  };
  // Items are parsed a slice at a time, in one document (each call of the XML parser has a fixed
  // cost: one per item would cost more than the parsing itself); a slice with a broken item is
  // parsed item by item, so only that item is skipped.
  const parsed = new Map<unknown, Element | undefined>();
  const parseItem = (raw: unknown): Element | undefined => {
    if (tooLong(raw)) return undefined;
    if (!parsed.has(raw)) parsed.set(raw, itemsIn(parseXml(repair(split.wrap(raw as string)), false))[0]);
    return parsed.get(raw);
  };
  const prepare = (entries: readonly unknown[], from: number, to: number) => {
    parsed.clear(); // one slice at a time: the elements of checked items can go
    const slice = (entries.slice(from, to) as string[]).filter((raw) => !tooLong(raw));
    const elements = itemsIn(parseXml(repair(split.wrap(slice.join(''))), false));
    if (elements.length === slice.length) slice.forEach((raw, index) => parsed.set(raw, elements[index]));
  };
  const sliceEnd = (entries: readonly unknown[], from: number, to: number): number => {
    let chars = 0;
    for (let index = from; index < to; index += 1) {
      chars += (entries[index] as string).length;
      if (chars > SLICE_CHARS) return Math.max(from + 1, index);
    }
    return to;
  };
  const slicing = { prepare, sliceSize: FEED_SLICE, sliceEnd };
  if (root.localName === 'rss') {
    const channel = first(root, '', 'channel');
    if (!channel) throw new CatalogError('it is an RSS feed without a channel');
    return { entries: split.items, source: { ...rssSource(channel, parseItem), ...slicing } };
  }
  if (root.localName === 'feed' && root.namespaceURI === NAMESPACES.atom) {
    return { entries: split.items, source: { ...atomSource(root, parseItem), ...slicing } };
  }
  throw new CatalogError(`it is XML but neither RSS nor Atom (<${root.localName}>)`);
}

function parseXml(text: string): Document;
function parseXml(text: string, mustParse: false): Document | undefined;
function parseXml(text: string, mustParse = true): Document | undefined {
  const parsed = tryParse(text);
  if (parsed || !mustParse) return parsed;
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

/** The children named `prefix:local`, by namespace, or by the usual prefix where a feed got the namespace wrong. */
function all(parent: Element | undefined, prefix: string, local: string): Element[] {
  if (!parent) return [];
  return (childrenByName(parent).get(local) ?? []).filter((child) => inNamespace(child, prefix));
}

/** Each element's children by local name, listed once: an item is asked about twenty questions, and each would otherwise walk its children again. */
const childIndex = new WeakMap<Element, Map<string, Element[]>>();
function childrenByName(parent: Element): Map<string, Element[]> {
  let index = childIndex.get(parent);
  if (!index) {
    index = new Map();
    for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
      const named = index.get(child.localName);
      if (named) named.push(child);
      else index.set(child.localName, [child]);
    }
    childIndex.set(parent, index);
  }
  return index;
}

function inNamespace(element: Element, prefix: string): boolean {
  if (prefix === '') return element.namespaceURI === null;
  return element.namespaceURI === NAMESPACES[prefix] || element.prefix === prefix || (prefix === 'media' && !!element.namespaceURI?.startsWith('http://search.yahoo.com/mrss'));
}

function first(parent: Element | null | undefined, prefix: string, local: string): Element | undefined {
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

interface RssMedia {
  url: string;
  type: string | undefined;
  length: string;
  duration: string;
  source: FeedSource;
}

/**
 * The files the player can try, in order: `<enclosure>`s, then Media RSS `<media:content>` (in
 * the item, then in its media:group). The first is the episode's file, as it always was; the
 * rest are its renditions (a Media RSS preview, expression="sample", is none).
 */
function rssMedia(item: Element): RssMedia[] {
  const found: RssMedia[] = [];
  for (const enclosure of all(item, '', 'enclosure')) {
    const url = attribute(enclosure, 'url');
    const type = playableType(attribute(enclosure, 'type'), url);
    if (!url || type === undefined) continue;
    const length = attribute(enclosure, 'length');
    found.push({ url, type, length, duration: '', source: { url, type: sourceType(attribute(enclosure, 'type'), url) ?? type, ...counted({ size: length }) } });
  }
  for (const content of mediaContents(item)) {
    const medium = attribute(content, 'medium');
    if (medium && medium !== 'audio' && medium !== 'video') continue; // an image, a document
    const url = attribute(content, 'url');
    const type = playableType(attribute(content, 'type'), url);
    if (!url || type === undefined) continue;
    if (found.length && attribute(content, 'expression') === 'sample') continue;
    const length = attribute(content, 'fileSize');
    const source: FeedSource = {
      url,
      type: sourceType(attribute(content, 'type'), url) ?? type,
      ...counted({ size: length, width: attribute(content, 'width'), height: attribute(content, 'height') }),
      ...(parseKilobits(attribute(content, 'bitrate')) ? { bitrate: parseKilobits(attribute(content, 'bitrate')) } : {}),
      ...(attribute(content, 'isDefault') === 'true' ? { isDefault: true } : {}),
    };
    found.push({ url, type, length, duration: attribute(content, 'duration'), source });
  }
  return found;
}

type CountName = 'size' | 'width' | 'height';

/** The attributes that are counts (sizes, pixels), each left out when absent, 0 or not a number. */
function counted(values: Partial<Record<CountName, string>>): Partial<Record<CountName, number>> {
  const kept: Partial<Record<CountName, number>> = {};
  for (const [name, value] of Object.entries(values) as [CountName, string][]) {
    const number = parseCount(value);
    if (number) kept[name] = number;
  }
  return kept;
}

function transcripts(item: Element, feedLanguage: string): Caption[] {
  return all(item, 'podcast', 'transcript')
    .filter((transcript) => attribute(transcript, 'type').toLowerCase() === 'text/vtt' && attribute(transcript, 'url'))
    .map((transcript) => {
      const lang = attribute(transcript, 'language') || feedLanguage || 'en';
      return { lang, label: languageLabel(lang), url: attribute(transcript, 'url') };
    });
}

function rssSource(channel: Element, parseItem: ItemParser): EntrySource {
  const feedImage = attribute(first(channel, 'itunes', 'image'), 'href') || textOf(first(first(channel, '', 'image'), '', 'url'));
  const feedLanguage = textOf(first(channel, '', 'language'));
  const item = (element: Element): FeedItem => {
    const files = rssMedia(element);
    const media = files[0];
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
      sources: files.map((file) => file.source),
    };
  };
  return xmlSource(parseItem, item, (element) => textOf(first(element, '', 'title')));
}

function atomSource(feed: Element, parseItem: ItemParser): EntrySource {
  const feedImage = textOf(first(feed, 'atom', 'logo')) || textOf(first(feed, 'atom', 'icon')) || attribute(first(feed, 'itunes', 'image'), 'href');
  const feedLanguage = feed.getAttribute('xml:lang') ?? '';
  const item = (entry: Element): FeedItem => {
    const enclosures = all(entry, 'atom', 'link').filter(
      (link) => attribute(link, 'rel') === 'enclosure' && attribute(link, 'href') && playableType(attribute(link, 'type'), attribute(link, 'href')) !== undefined,
    );
    const enclosure = enclosures[0];
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
      sources: enclosures.map(enclosureSource),
    };
  };
  return xmlSource(parseItem, item, (entry) => textOf(first(entry, 'atom', 'title')));
}

/** An Atom enclosure as a rendition: its title (often "HD", "720p") is its label. */
function enclosureSource(link: Element): FeedSource {
  const url = attribute(link, 'href');
  const label = clip(attribute(link, 'title').replace(/\s+/g, ' '), 60);
  return { url, type: sourceType(attribute(link, 'type'), url) ?? '', ...counted({ size: attribute(link, 'length') }), ...(label ? { label } : {}) };
}

type ItemParser = (raw: unknown) => Element | undefined;

const tooLong = (raw: unknown): boolean => (raw as string).length > MAX_ITEM_CHARS;

function xmlSource(parseItem: ItemParser, item: (element: Element) => FeedItem, title: (element: Element) => string): EntrySource {
  return {
    toEntry: (raw) => {
      if (tooLong(raw)) return `it is larger than ${MAX_ITEM_CHARS / 1024 / 1024} MB`;
      const element = parseItem(raw);
      return element ? feedEntry(item(element)) : 'not well-formed XML';
    },
    label: (raw, index) => {
      const element = parseItem(raw);
      return itemLabel(index, element ? title(element) : '');
    },
    duplicate: () => 'its guid is used by an earlier item (the first is kept)',
  };
}
