/** One episode as the app knows it; URLs are absolute, resolved against the catalog's URL. */
export interface Episode {
  id: string;
  title: string;
  description: string;
  durationSeconds: number;
  bytes: number;
  /** Lowercase hex SHA-256 of the media, when the catalog gives one: the bytes are checked against it. */
  sha256?: string;
  mediaUrl: string;
  artworkUrl: string;
}

export interface ParsedCatalog {
  episodes: Episode[];
  /** One human-readable line per entry that was left out. */
  skipped: string[];
}

export class CatalogError extends Error {
  override name = 'CatalogError';
}

const MAX_BYTES = 64 * 1024 ** 3;

/**
 * Checks a catalog document entry by entry: a bad entry is skipped with a reason, so one broken
 * episode never hides the rest; a document that is not a catalog at all throws CatalogError.
 */
export function parseCatalog(document: unknown, catalogUrl: string): ParsedCatalog {
  if (!isObject(document) || !Array.isArray(document.episodes)) {
    throw new CatalogError('The catalog is not in the expected format (no "episodes" list).');
  }
  const episodes: Episode[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  document.episodes.forEach((entry: unknown, index) => {
    const problem = entryProblem(entry, catalogUrl);
    if (typeof problem === 'string') {
      skipped.push(`Episode ${index + 1}: ${problem}`);
    } else if (seen.has(problem.id)) {
      skipped.push(`Episode ${index + 1}: the id "${problem.id}" is used twice`);
    } else {
      seen.add(problem.id);
      episodes.push(problem);
    }
  });
  return { episodes, skipped };
}

function entryProblem(entry: unknown, catalogUrl: string): Episode | string {
  if (!isObject(entry)) return 'not an object';
  const { id, title, description, durationSeconds, bytes, sha256, mediaUrl, artworkUrl } = entry;
  if (typeof id !== 'string' || !/^[\w-]{1,100}$/.test(id)) return 'missing or invalid id';
  if (typeof title !== 'string' || title.trim() === '') return 'missing title';
  if (typeof durationSeconds !== 'number' || !(durationSeconds > 0)) return 'invalid duration';
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes <= 0 || bytes > MAX_BYTES) {
    return 'invalid size';
  }
  if (sha256 !== undefined && (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(sha256))) return 'invalid sha256';
  const media = httpUrl(mediaUrl, catalogUrl);
  if (!media) return 'invalid media URL';
  const artwork = httpUrl(artworkUrl, catalogUrl);
  if (!artwork) return 'invalid artwork URL';
  return {
    id,
    title: title.trim(),
    description: typeof description === 'string' ? description : '',
    durationSeconds,
    bytes,
    ...(typeof sha256 === 'string' ? { sha256: sha256.toLowerCase() } : {}),
    mediaUrl: media,
    artworkUrl: artwork,
  };
}

function httpUrl(value: unknown, base: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
