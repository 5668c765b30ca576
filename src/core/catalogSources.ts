import * as v from 'valibot';
import type { EpisodeSource } from './catalog.ts';

/** Renditions per episode: publishers offer 3 to 6 (Mux's ladder is 270p to 2160p). */
export const MAX_SOURCES = 20;
const MAX_SOURCE_BYTES = 64 * 1024 ** 3;

/** A media URL resolved against the catalog and allowed, or the notice's words for why not. */
export type MediaVerdict = { url: string } | { reason: string };

/** What an entry's own fields say of its default file. */
export interface Described {
  bytes: number;
  mediaType?: string;
  sha256?: string;
}

export interface CheckedMedia {
  mediaUrl: string;
  /** Present when the entry listed sources (and one passed). */
  sources?: EpisodeSource[];
  /** The default's size, type and hash, when it came from `sources` rather than the entry's own fields. */
  described?: Described;
  /** One notice per source left out ("source 2: invalid media URL"). */
  dropped: string[];
}

const count = (message: string, max: number) => v.pipe(v.number(message), v.safeInteger(message), v.minValue(0, message), v.maxValue(max, message));

/** One source; each message is what the notice says when the source is dropped. */
const SourceSchema = v.object({
  url: v.string('invalid media URL'),
  // Parameters (codecs) are kept: they are what MediaCapabilities is asked about.
  type: v.optional(
    v.pipe(v.string('invalid media type'), v.trim(), v.maxLength(200, 'invalid media type'), v.regex(/^(audio|video)\/[\w.+-]+(\s*;.*)?$/i, 'invalid media type')),
    '',
  ),
  width: v.optional(count('invalid width', 100_000)),
  height: v.optional(count('invalid height', 100_000)),
  bitrate: v.optional(count('invalid bitrate', 10_000_000_000)),
  size: v.optional(count('invalid size', MAX_SOURCE_BYTES)),
  sha256: v.optional(v.pipe(v.string('invalid sha256'), v.regex(/^[0-9a-f]{64}$/i, 'invalid sha256'), v.toLowerCase())),
  label: v.optional(v.pipe(v.string('invalid label'), v.trim(), v.minLength(1, 'invalid label'), v.maxLength(60, 'invalid label'))),
  isDefault: v.optional(v.boolean('invalid isDefault')),
});

/**
 * The episode's media from its `mediaUrl` and `sources`. Without sources it is today's check of
 * mediaUrl alone, word for word. With them, each source passes the check mediaUrl passes or is
 * dropped with a notice; the entry is skipped only when nothing passes. mediaUrl, when it passes,
 * stays the default (every current caller plays and downloads it); otherwise the source marked
 * isDefault, else the first.
 */
export function checkSources(
  described: Described,
  mediaUrl: string | undefined,
  entries: readonly unknown[],
  verdict: (url: string) => MediaVerdict,
): CheckedMedia | string {
  const media = mediaUrl === undefined ? undefined : verdict(mediaUrl);
  if (entries.length === 0) {
    if (!media) return 'invalid media URL';
    return 'url' in media ? { mediaUrl: media.url, dropped: [] } : media.reason;
  }
  const kept: EpisodeSource[] = [];
  const dropped: string[] = [];
  entries.forEach((entry, index) => {
    const checked = checkSource(entry, verdict);
    if (typeof checked === 'string') dropped.push(`source ${index + 1}: ${checked}`);
    else if (!kept.some((known) => known.url === checked.url)) kept.push(checked); // a feed names its enclosure twice
  });
  if (media && 'url' in media) {
    // mediaUrl is one of the sources: listed first when the sources leave it out.
    if (!kept.some((source) => source.url === media.url)) kept.unshift(sourceOf(media.url, described));
    return { mediaUrl: media.url, sources: kept, dropped };
  }
  // Said once when mediaUrl is also a source (feeds list it there).
  const listed = entries.some((entry) => typeof entry === 'object' && entry !== null && (entry as { url?: unknown }).url === mediaUrl);
  if (media && !listed) dropped.unshift(`mediaUrl: ${media.reason}`);
  const chosen = kept.find((source) => source.isDefault) ?? kept[0];
  // Nothing passed: the entry is skipped, saying why.
  if (!chosen) return dropped.length === 1 ? (dropped[0] ?? '') : `no source passed the checks (${dropped.join('; ')})`;
  return { mediaUrl: chosen.url, sources: kept, described: describedBy(chosen), dropped };
}

function checkSource(entry: unknown, verdict: (url: string) => MediaVerdict): EpisodeSource | string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'not an object';
  const parsed = v.safeParse(SourceSchema, entry);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const field = v.getDotPath(issue);
    // valibot names a missing key in its own words; say it as the field's message does.
    if (issue.kind === 'schema' && issue.type === 'object' && field) return field === 'url' ? 'invalid media URL' : `missing ${field}`;
    return issue.message;
  }
  const { url, type, size, ...rest } = parsed.output;
  const media = verdict(url);
  if ('reason' in media) return media.reason;
  return { url: media.url, type: normalType(type), ...(size ? { size } : {}), ...rest };
}

/** The type's name in lowercase (it is case-insensitive), its parameters as written (codec strings are not). */
function normalType(type: string): string {
  return type.replace(/^[^;]+/, (name) => name.trim().toLowerCase());
}

/** mediaUrl as a source, described by the entry's own fields. */
function sourceOf(url: string, { bytes, mediaType, sha256 }: Described): EpisodeSource {
  return { url, type: mediaType ?? '', ...(bytes ? { size: bytes } : {}), ...(sha256 ? { sha256 } : {}) };
}

/** The episode's fields for a default that came from `sources`: the entry's own describe a mediaUrl it does not have. */
function describedBy(source: EpisodeSource): Described {
  const name = source.type.split(';')[0]?.trim();
  return { bytes: source.size ?? 0, ...(name ? { mediaType: name } : {}), ...(source.sha256 ? { sha256: source.sha256 } : {}) };
}
