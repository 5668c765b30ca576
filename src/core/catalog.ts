import * as v from 'valibot';
import { checkSources, MAX_SOURCES, type MediaVerdict } from './catalogSources.ts';

/** One episode as the app knows it; URLs are absolute, resolved against the catalog's URL. */
export interface Episode {
  id: string;
  title: string;
  description: string;
  /** 0 when the catalog does not say (a feed without a duration): the player learns it. */
  durationSeconds: number;
  /** 0 when the catalog does not say: the download asks the server (HEAD) before it starts. */
  bytes: number;
  /** The enclosure's MIME type when a feed gives one; `audio/*` plays with the artwork shown. */
  mediaType?: string;
  /** A feed's season and episode numbers (itunes:season, itunes:episode). */
  season?: number;
  episodeNumber?: number;
  /** Lowercase hex SHA-256 of the media, when the catalog gives one: the bytes are checked against it. */
  sha256?: string;
  /**
   * The default source. With `sources`, it is one of them (the fields above describe it); which one
   * a download or a stream takes is chooseSource.ts's.
   */
  mediaUrl: string;
  /**
   * Every rendition the catalog offers that passed the checks mediaUrl passes, in catalog order,
   * mediaUrl's among them; absent when the catalog gives one file (episodeSources() reads both).
   */
  sources?: EpisodeSource[];
  /** Empty when the catalog's artwork cannot be shown (not http(s), or from an origin not allowed). */
  artworkUrl: string;
  /**
   * The artwork in the widths the catalog offers, as an `<img srcset>` (`<url> <width>w, …`, the
   * URLs checked as artworkUrl is); absent when it offers none that passed.
   */
  artworkSrcset?: string;
  /** WebVTT captions; absent when the catalog gives none (or none that passed the checks). */
  captions?: Caption[];
  /** For signed-in subscribers only: the canonical URL answers 401 without a session. */
  subscribersOnly?: boolean;
}

/** One rendition of an episode: the same programme in another size or format. */
export interface EpisodeSource {
  url: string;
  /** The MIME type, codecs and all when the catalog gives them (`video/mp4; codecs="avc1.64001f"`); '' when not known. */
  type: string;
  width?: number;
  height?: number;
  /** Bits per second (a feed's Media RSS `bitrate` is in kbit/s: converted). */
  bitrate?: number;
  /** Bytes. */
  size?: number;
  sha256?: string;
  /** What the publisher calls it ("HD"); the UI says the height where there is none. */
  label?: string;
  /** The catalog's own default (Media RSS isDefault): wins a choice nothing else decides. */
  isDefault?: boolean;
}

export interface Caption {
  /** BCP 47 language tag, e.g. "en" or "pt-BR". */
  lang: string;
  label: string;
  url: string;
}

export interface ParsedCatalog {
  episodes: Episode[];
  /** One human-readable line per entry that was left out (and per source of a kept entry left out). */
  skipped: string[];
}

export class CatalogError extends Error {
  override name = 'CatalogError';
}

export interface CatalogContext {
  /** The catalog's own URL: relative URLs resolve against it. */
  catalogUrl: string;
  /** Origins media and artwork may come from (the app's own, and configured media origins). */
  allowedOrigins: readonly string[];
}

export const MAX_BYTES = 64 * 1024 ** 3;
export const MAX_EPISODES = 50_000;

/** The shape of one entry. Messages are what the notice says about a skipped entry. */
const EntrySchema = v.object({
  id: v.pipe(v.string('missing or invalid id'), v.regex(/^[\w-]{1,100}$/, 'missing or invalid id')),
  title: v.pipe(
    v.string('missing title'),
    v.trim(),
    v.minLength(1, 'missing title'),
    v.maxLength(300, 'title longer than 300 characters'),
  ),
  description: v.optional(v.pipe(v.string('invalid description'), v.maxLength(5000, 'description too long')), ''),
  // 0 (or absent) is "not known": feeds often leave out the duration, or give a length of 0.
  durationSeconds: v.optional(
    v.pipe(v.number('invalid duration'), v.finite('invalid duration'), v.minValue(0, 'invalid duration'), v.maxValue(7 * 24 * 3600, 'invalid duration')),
    0,
  ),
  bytes: v.optional(
    v.pipe(v.number('invalid size'), v.safeInteger('invalid size'), v.minValue(0, 'invalid size'), v.maxValue(MAX_BYTES, 'invalid size (over 64 GB)')),
    0,
  ),
  mediaType: v.optional(v.pipe(v.string(), v.regex(/^(audio|video)\/[\w.+-]+$/i, 'invalid media type'), v.toLowerCase())),
  season: v.optional(v.pipe(v.number('invalid season'), v.safeInteger('invalid season'), v.minValue(0, 'invalid season'))),
  episodeNumber: v.optional(v.pipe(v.number('invalid episode number'), v.safeInteger('invalid episode number'), v.minValue(0, 'invalid episode number'))),
  sha256: v.optional(v.pipe(v.string('invalid sha256'), v.regex(/^[0-9a-f]{64}$/i, 'invalid sha256'), v.toLowerCase())),
  // Absent when `sources` gives the files; then the default one is the episode's mediaUrl.
  mediaUrl: v.optional(v.string('invalid media URL')),
  // Each source is checked on its own: a broken one is dropped with a notice, the episode kept if any passes.
  sources: v.optional(v.pipe(v.array(v.unknown(), 'invalid sources'), v.maxLength(MAX_SOURCES, `more than ${MAX_SOURCES} sources`)), []),
  artworkUrl: v.optional(v.string('invalid artwork URL'), ''),
  // The artwork in other widths, [{ url, width }]: each is checked on its own, and a broken one is dropped, as broken artwork is.
  artwork: v.optional(v.pipe(v.array(v.unknown(), 'invalid artwork'), v.maxLength(20, 'more than 20 artwork widths')), []),
  subscribersOnly: v.optional(v.boolean('invalid subscribersOnly')),
  // Each caption is checked on its own: a broken one is dropped, as broken artwork is.
  captions: v.optional(v.pipe(v.array(v.unknown(), 'invalid captions'), v.maxLength(50, 'more than 50 captions')), []),
});

const CaptionSchema = v.object({
  lang: v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i)),
  label: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(60)),
  url: v.string(),
});

const ArtworkSchema = v.object({
  url: v.string(),
  width: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(10_000)),
});

const CatalogSchema = v.object(
  { episodes: v.pipe(v.array(v.unknown()), v.maxLength(MAX_EPISODES, `more than ${MAX_EPISODES} episodes`)) },
  'no "episodes" list',
);

/**
 * Checks a catalog document entry by entry: a bad entry is skipped with a reason, so one broken
 * episode never hides the rest; a document that is not a catalog at all throws CatalogError.
 * Text is kept as text (the UI never renders it as markup); URLs must be http(s) on an allowed
 * origin, so nothing here can become a `javascript:` link or load from an unknown host.
 */
export function parseCatalog(document: unknown, context: CatalogContext): ParsedCatalog {
  const checker = new CatalogChecker(catalogEntries(document), context);
  checker.check(Infinity);
  return { episodes: checker.episodes, skipped: checker.skipped };
}

/** The document's outline: its entries, each still to be checked; CatalogError if it is no catalog. */
export function catalogEntries(document: unknown): readonly unknown[] {
  const catalog = v.safeParse(CatalogSchema, document);
  if (!catalog.success) {
    throw new CatalogError(`it is not in the expected format (${catalog.issues[0].message})`);
  }
  return catalog.output.episodes;
}

/**
 * Where entries come from: the app's own catalog gives them as they are; a feed's items are turned
 * into entries one at a time as they are checked (so a long feed shows its first items at once).
 */
export interface EntrySource {
  /** The entry in the app's shape, or why the item cannot be one. */
  toEntry(raw: unknown): { entry: unknown } | string;
  /** How a notice names the entry, e.g. "Episode 3" or "Item 3 (“Title”)". */
  label(raw: unknown, index: number): string;
  /** Called before entries [from, to) are checked: a feed parses them in one go. */
  prepare?(entries: readonly unknown[], from: number, to: number): void;
  /** Entries per slice between yields, when this source's entries cost more than the app's. */
  sliceSize?: number;
  /** Where a slice from `from` ends, at most `to`, at least `from + 1`: a source whose entries differ in size keeps slices small. */
  sliceEnd?(entries: readonly unknown[], from: number, to: number): number;
  /** Why a second entry with the same id is left out (the first one stays). */
  duplicate?(raw: unknown): string;
}

const APP_ENTRIES: EntrySource = { toEntry: (raw) => ({ entry: raw }), label: (_raw, index) => `Episode ${index + 1}` };

/**
 * Checks entries a slice at a time, so the page can show the first ones
 * and stay responsive in between. The result is the same however the entries are sliced.
 */
export class CatalogChecker implements ParsedCatalog {
  readonly episodes: Episode[] = [];
  readonly skipped: string[] = [];
  private readonly seen = new Set<string>();
  private next = 0;

  constructor(
    private readonly entries: readonly unknown[],
    private readonly context: CatalogContext,
    private readonly source: EntrySource = APP_ENTRIES,
  ) {}

  get done(): boolean {
    return this.next >= this.entries.length;
  }

  /** Checks up to `count` more entries. */
  check(count: number): void {
    const most = Math.min(this.entries.length, this.next + count);
    const end = this.source.sliceEnd?.(this.entries, this.next, most) ?? most;
    this.source.prepare?.(this.entries, this.next, end);
    for (; this.next < end; this.next += 1) {
      const raw = this.entries[this.next];
      const entry = this.source.toEntry(raw);
      const dropped: string[] = [];
      const result = typeof entry === 'string' ? entry : checkEntry(entry.entry, this.context, dropped);
      if (typeof result === 'string') this.skipped.push(`${this.source.label(raw, this.next)}: ${result}`);
      else if (this.seen.has(result.id)) this.skipped.push(`${this.source.label(raw, this.next)}: ${this.source.duplicate?.(raw) ?? `the id "${result.id}" is used twice`}`);
      else {
        this.seen.add(result.id);
        this.episodes.push(result);
        for (const notice of dropped) this.skipped.push(`${this.source.label(raw, this.next)}, ${notice}`);
      }
    }
  }
}

/** `dropped` gets a notice per source left out of an episode that is kept. */
function checkEntry(entry: unknown, context: CatalogContext, dropped: string[]): Episode | string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'not an object';
  const parsed = v.safeParse(EntrySchema, entry);
  if (!parsed.success) return issueText(parsed.issues[0]);
  const { mediaUrl, sources: sourceEntries, artworkUrl, captions: captionEntries, artwork: artworkEntries, bytes: ownBytes, mediaType: ownType, sha256: ownHash, ...rest } = parsed.output;
  const own = { bytes: ownBytes, mediaType: ownType, sha256: ownHash };
  const media = checkSources(own, mediaUrl, sourceEntries, (url) => mediaVerdict(url, context));
  if (typeof media === 'string') return media;
  dropped.push(...media.dropped);
  // Size, type and hash describe mediaUrl: the default source's when the entry gave no mediaUrl of its own.
  const { bytes, mediaType, sha256 } = media.described ?? own;
  const artwork = allowedUrl(artworkUrl, context);
  const captions = checkedList(captionEntries, CaptionSchema, 'lang', context);
  const srcset = checkedList(artworkEntries, ArtworkSchema, 'width', context).map(({ url, width }) => `${url} ${width}w`).join(', ');
  return {
    ...rest,
    bytes,
    ...(mediaType ? { mediaType } : {}),
    ...(sha256 ? { sha256 } : {}),
    mediaUrl: media.mediaUrl,
    ...(media.sources ? { sources: media.sources } : {}),
    artworkUrl: artwork === undefined || artwork === 'origin-not-allowed' ? '' : artwork,
    ...(srcset ? { artworkSrcset: srcset } : {}),
    ...(captions.length ? { captions } : {}),
  };
}

/** The entries of a list (captions, artwork widths) that are well formed and on an allowed origin, the first of each `key`. */
function checkedList<T extends { url: string }>(entries: readonly unknown[], schema: v.GenericSchema<unknown, T>, key: keyof T, context: CatalogContext): T[] {
  const kept: T[] = [];
  for (const entry of entries) {
    const parsed = v.safeParse(schema, entry);
    if (!parsed.success || kept.some((known) => known[key] === parsed.output[key])) continue;
    const url = allowedUrl(parsed.output.url, context);
    if (url !== undefined && url !== 'origin-not-allowed') kept.push({ ...parsed.output, url });
  }
  return kept;
}

/** valibot names a missing key in its own words; say it as the field's own message does. */
function issueText(issue: v.InferIssue<typeof EntrySchema>): string {
  const field = v.getDotPath(issue);
  if (issue.kind === 'schema' && issue.type === 'object' && field) return MISSING[field] ?? `missing ${field}`;
  return issue.message;
}

const MISSING: Record<string, string> = {
  id: 'missing or invalid id',
  title: 'missing title',
  mediaUrl: 'invalid media URL',
};

/** A media URL resolved, or why it cannot be one: the words a notice uses, today's for mediaUrl. */
function mediaVerdict(value: string, context: CatalogContext): MediaVerdict {
  const media = allowedUrl(value, context);
  if (media === undefined) return { reason: 'invalid media URL' };
  if (media === 'origin-not-allowed') return { reason: `media on an origin that is not allowed (${originOf(value, context)})` };
  return { url: media };
}

type UrlVerdict = string | 'origin-not-allowed' | undefined;

/** Verdicts by URL as written, per catalog: feeds repeat URLs (the show's artwork on every item), and parsing a URL costs far more than a lookup. */
const verdicts = new WeakMap<CatalogContext, Map<string, UrlVerdict>>();

/** An absolute http(s) URL on an allowed origin; undefined for anything else (javascript:, data:, junk). */
function allowedUrl(value: string, context: CatalogContext): UrlVerdict {
  let known = verdicts.get(context);
  if (!known) verdicts.set(context, (known = new Map()));
  if (!known.has(value)) known.set(value, checkUrl(value, context));
  return known.get(value);
}

function checkUrl(value: string, { catalogUrl, allowedOrigins }: CatalogContext): UrlVerdict {
  // An empty reference is the catalog itself (a URL's rules), never an episode's file or artwork.
  if (!value.trim()) return undefined;
  let url: URL;
  try {
    url = new URL(value, catalogUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  return allowedOrigins.includes(url.origin) ? url.href : 'origin-not-allowed';
}

function originOf(value: string, { catalogUrl }: CatalogContext): string {
  return new URL(value, catalogUrl).origin;
}
