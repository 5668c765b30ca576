import type { EntrySource } from '../../core/catalog.ts';
import { feedEntry, itemLabel, type FeedItem, type FeedSource } from './feedEntry.ts';
import { MAX_DESCRIPTION, MAX_TITLE, parseCount, parseDuration, plainText, playableType, sourceType, type HtmlParser } from './feedText.ts';

/** A JSON Feed (https://jsonfeed.org/version/1.1, 1.0 too): its version names it. */
export function isJsonFeed(document: unknown): document is { items: unknown[] } {
  if (typeof document !== 'object' || document === null) return false;
  const { version, items } = document as { version?: unknown; items?: unknown };
  return typeof version === 'string' && version.startsWith('https://jsonfeed.org/version/') && Array.isArray(items);
}

type Json = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON Feed items as catalog entries: the first audio or video attachment is the episode, the others of its title its renditions. */
export function jsonFeedSource(document: { items: unknown[] } & Json, htmlText: HtmlParser): EntrySource {
  const feedImage = text(document.icon);
  const item = (raw: unknown): FeedItem | undefined => {
    if (!isObject(raw)) return undefined;
    const attachments = Array.isArray(raw.attachments) ? raw.attachments.filter(isObject) : [];
    const playable = attachments.filter((attachment) => playableType(text(attachment.mime_type), text(attachment.url)) !== undefined && text(attachment.url));
    const media = playable[0];
    // JSON Feed 1.1: attachments with the same title are "alternate representations of the same thing".
    const alternates = media && text(media.title) ? playable.filter((attachment) => text(attachment.title) === text(media.title)) : playable;
    const description = raw.content_text ?? raw.summary ?? raw.content_html;
    return {
      key: typeof raw.id === 'number' ? String(raw.id) : text(raw.id) || undefined,
      title: plainText(text(raw.title), htmlText, MAX_TITLE),
      description: plainText(text(description), htmlText, MAX_DESCRIPTION),
      durationSeconds: parseDuration(media?.duration_in_seconds),
      bytes: parseCount(media?.size_in_bytes) || undefined,
      mediaUrl: media ? text(media.url) : undefined,
      mediaType: media ? playableType(text(media.mime_type), text(media.url)) : undefined,
      artworkUrl: text(raw.image) || text(raw.banner_image) || feedImage || undefined,
      captions: [],
      sources: alternates.map((attachment): FeedSource => {
        const size = parseCount(attachment.size_in_bytes);
        return { url: text(attachment.url), type: sourceType(text(attachment.mime_type), text(attachment.url)) ?? '', ...(size ? { size } : {}) };
      }),
    };
  };
  return {
    toEntry: (raw) => {
      const read = item(raw);
      return read ? feedEntry(read) : 'not an object';
    },
    label: (raw, index) => itemLabel(index, isObject(raw) ? text(raw.title) : ''),
    duplicate: () => 'its id is used by an earlier item (the first is kept)',
  };
}
