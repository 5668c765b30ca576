/** What every feed format needs: durations, plain text, stable ids, caption labels. */

/**
 * Seconds from a feed's duration: `HH:MM:SS`, `MM:SS`, `H:MM:SS.mmm` or plain seconds (a number
 * or a string). 0 for anything else: the duration is then "not known", never a wrong one.
 */
export function parseDuration(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : 0;
  if (typeof value !== 'string') return 0;
  const parts = value.trim().split(':');
  if (parts.length > 3 || parts.some((part) => !/^\d+(\.\d+)?$/.test(part))) return 0;
  const seconds = parts.reduce((total, part) => total * 60 + Number(part), 0);
  return Number.isFinite(seconds) ? seconds : 0;
}

/** A non-negative integer from a feed's attribute or text (a length, an episode number); else undefined. */
export function parseCount(value: unknown): number | undefined {
  const number = typeof value === 'string' ? (/^\s*\d+\s*$/.test(value) ? Number(value) : NaN) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

export type HtmlParser = (html: string) => string;

/** Characters of markup read for each character of text kept. */
export const HTML_PER_CHARACTER = 16;

/**
 * Text for a description that may be HTML (CDATA, escaped markup, entities): the markup is read
 * by an inert parser and only its text is kept, so no tag or attribute reaches the page.
 */
export function plainText(value: string | null | undefined, htmlText: HtmlParser, max: number): string {
  if (!value) return '';
  // Markup far longer than the text kept is cut before it is parsed: a feed's one huge
  // description costs no more than a long one.
  const html = value.length > max * HTML_PER_CHARACTER ? value.slice(0, max * HTML_PER_CHARACTER) : value;
  const text = /[<&]/.test(html) ? htmlText(html) : html;
  return clip(text.replace(/\s+/g, ' ').trim(), max);
}

/** Where there is no DOMParser (the service worker; the page has browserHtmlText.ts): tags dropped, the common entities decoded. */
export const roughHtmlText: HtmlParser = (html) =>
  html
    .replace(/<(script|style|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    // Block elements separate words; inline ones (<b>, <a>) do not.
    .replace(/<\/?(?:p|div|br|hr|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|section|article|header|footer|figure|figcaption)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_entity, name: string) => {
      const lower = name.toLowerCase();
      if (lower.startsWith('#x')) return codePoint(parseInt(lower.slice(2), 16));
      if (lower.startsWith('#')) return codePoint(parseInt(lower.slice(1), 10));
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }[lower] ?? '';
    });

function codePoint(value: number): string {
  return Number.isInteger(value) && value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : '';
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/**
 * The episode's id from its guid (or enclosure URL): kept as it is when it is already a short
 * plain id; otherwise a 64-bit hash of it, the same on every refresh (positions and downloads are
 * keyed on it), and safe in a URL and an element id.
 */
export function feedEpisodeId(key: string): string {
  if (/^[\w-]{1,100}$/.test(key)) return key;
  return `f${fnv1a(key, 0x811c9dc5)}${fnv1a(key, 0x01000193)}`;
}

function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** "English" for "en", as the viewer's caption menu shows it; the tag itself where unknown. */
export function languageLabel(lang: string): string {
  let label = languageLabels.get(lang);
  if (label === undefined) {
    try {
      label = (languageNames ??= new Intl.DisplayNames(['en'], { type: 'language' })).of(lang) ?? lang;
    } catch {
      label = lang;
    }
    languageLabels.set(lang, label);
  }
  return label;
}
// One formatter, one lookup per language: making an Intl.DisplayNames costs far more than a Map
// lookup, and a feed gives each of thousands of items its transcript.
let languageNames: Intl.DisplayNames | undefined;
const languageLabels = new Map<string, string>();

/** The media type of an enclosure the player can try (audio/* or video/*, '' if not known); undefined for anything else. */
export function playableType(type: string | null | undefined, url: string): string | undefined {
  const declared = type?.trim().toLowerCase().split(';')[0];
  if (declared && /^(audio|video)\/[\w.+-]+$/.test(declared)) return declared;
  const extension = /\.(\w+)(?:[?#]|$)/.exec(url)?.[1]?.toLowerCase();
  const byExtension: Record<string, string> = {
    mp4: 'video/mp4', m4v: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime',
    mp3: 'audio/mpeg', m4a: 'audio/mp4', aac: 'audio/aac', ogg: 'audio/ogg', opus: 'audio/ogg', oga: 'audio/ogg', wav: 'audio/wav',
  };
  // A declared type that is neither audio nor video (a PDF, an image) is no episode; an
  // undeclared one is tried ('' : the type is not known).
  if (declared && declared !== 'application/octet-stream' && declared !== 'binary/octet-stream') return undefined;
  return (extension && byExtension[extension]) || '';
}

export const MAX_TITLE = 300;
export const MAX_DESCRIPTION = 5000;

/** A file's type for a list of renditions: playableType's, with the declared parameters (codecs) kept; undefined where playableType gives none. */
export function sourceType(type: string | null | undefined, url: string): string | undefined {
  const name = playableType(type, url);
  if (name === undefined) return undefined;
  const [declared, ...parameters] = (type ?? '').split(';');
  return name && declared?.trim().toLowerCase() === name && parameters.length ? `${name};${parameters.join(';')}` : name;
}

/** Bits per second from Media RSS's `bitrate` (kbit/s, sometimes with a fraction); undefined for anything else. */
export function parseKilobits(value: string): number | undefined {
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const bits = Math.round(Number(value) * 1000);
  return Number.isSafeInteger(bits) && bits > 0 ? bits : undefined;
}
